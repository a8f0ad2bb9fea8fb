import type { UserRole } from '../users/user-role';

/**
 * How far a role's permission reaches:
 * - own:        the enterprise's own projects (user.enterpriseId = project.enterprise_id)
 * - assigned:   the projects a steward (项目管家) is assigned to (the steward acts on the enterprise's behalf, 代办),
 *               or a leader (项目长) leads
 * - department: every project that reaches the clerk's department; on a project all of them are visible, and
 *               the workflow core refuses an event on an item of another department (it gets actor.department)
 * - any:        everything
 */
export type Scope = 'own' | 'assigned' | 'department' | 'any';

/**
 * THE permission table: every permission, the roles that hold it and with which scope. A role not listed
 * does not hold the permission. Role-level checks (@RequirePermission) read it; AccessPolicy reads the scopes
 * for object-level checks. permissions.spec.ts walks it against an explicit matrix: change both together.
 */
export const PERMISSIONS = {
  /**
   * Create a project (and its case): an enterprise for itself; a steward (项目管家) on an enterprise's behalf, the
   * project then being assigned to them; a clerk filing at the window (the service admits only department
   * 'window').
   */
  'project:create': { enterprise: 'own', steward: 'assigned', clerk: 'department' },
  'project:read': {
    enterprise: 'own',
    steward: 'assigned',
    leader: 'assigned',
    clerk: 'department',
    auditor: 'any',
    admin: 'any',
  },
  'case:read': {
    enterprise: 'own',
    steward: 'assigned',
    leader: 'assigned',
    clerk: 'department',
    auditor: 'any',
    admin: 'any',
  },
  /** Send events to a case or its items (submit, accept, decide, commit, supplement …). */
  'case:act': { enterprise: 'own', steward: 'assigned', leader: 'assigned', clerk: 'department' },
  /** Upload a file for a material of an item: the enterprise, or its steward on its behalf (代办). */
  'material:upload': { enterprise: 'own', steward: 'assigned' },
  /** Work queues and open tasks. */
  'task:read': { enterprise: 'own', steward: 'assigned', leader: 'assigned', clerk: 'department', auditor: 'any' },
  /** Event history, replay as of a moment, hash-chain verification, export. */
  'history:read': { enterprise: 'own', steward: 'assigned', leader: 'assigned', clerk: 'department', auditor: 'any' },
  /** The log of signed chain heads and the signing public keys, for auditors to fetch and keep. */
  'heads:read': { auditor: 'any', admin: 'any' },
  'definition:read': { enterprise: 'any', steward: 'any', leader: 'any', clerk: 'any', auditor: 'any', admin: 'any' },
  /** Move an in-flight instance to a newer definition version (an audited event). */
  'definition:migrate': { admin: 'any' },
  'catalog:read': { enterprise: 'any', steward: 'any', leader: 'any', clerk: 'any', auditor: 'any', admin: 'any' },
  'catalog:manage': { admin: 'any' },
  'calendar:read': { enterprise: 'any', steward: 'any', leader: 'any', clerk: 'any', auditor: 'any', admin: 'any' },
  /** Load a year's holiday arrangement. */
  'calendar:manage': { admin: 'any' },
  /** Raise a problem (问题清单) on a project: its enterprise, its steward or its leader. */
  'problem:raise': { enterprise: 'own', steward: 'assigned', leader: 'assigned' },
  /** List problems: a clerk sees those assigned to their department (the list filters on it). */
  'problem:read': {
    enterprise: 'own',
    steward: 'assigned',
    leader: 'assigned',
    clerk: 'department',
    auditor: 'any',
    admin: 'any',
  },
  /** Record an on-site meeting or video dispatch (现场办公 / 视频调度) on the projects one leads or stewards. */
  'meeting:manage': { steward: 'assigned', leader: 'assigned' },
  'meeting:read': { enterprise: 'own', steward: 'assigned', leader: 'assigned', auditor: 'any', admin: 'any' },
  /** The battle map (作战图): planned milestones and actual dates. */
  'milestone:read': {
    enterprise: 'own',
    steward: 'assigned',
    leader: 'assigned',
    clerk: 'department',
    auditor: 'any',
    admin: 'any',
  },
  'milestone:manage': { steward: 'assigned', leader: 'assigned' },
  /** The zone view: the projects one leads or stewards (the leader's view, the steward's work list), or all. */
  'zone:read': { steward: 'assigned', leader: 'assigned', auditor: 'any', admin: 'any' },
  /** Mark a key project (重点项目), name its leader, steward and team (1+1+N). */
  'team:manage': { admin: 'any' },
  /** One's own 站内消息 (the route reads only the caller's). */
  'notification:read': { enterprise: 'own', steward: 'own', leader: 'own', clerk: 'own', auditor: 'own', admin: 'own' },
  'user:manage': { admin: 'any' },
  /** The savings report of a project (what fast-tracking saved); others get 404, as for the project. */
  'savingsReport:read': { enterprise: 'own', steward: 'assigned', leader: 'assigned', auditor: 'any', admin: 'any' },
  /** The zone dashboard; a clerk sees the projects that reached their department and their own queue. */
  'zoneReport:read': { leader: 'any', clerk: 'department', auditor: 'any', admin: 'any' },
  /** Read /metrics with an access token (a scraper uses METRICS_TOKEN instead). */
  'metrics:read': { admin: 'any' },
  /** Move the demo clock forward (demo mode only; the route itself refuses outside it). */
  'clock:advance': { admin: 'any' },
  /** An enterprise's credit view (信用记录): its own for an enterprise user. */
  'credit:read': { enterprise: 'own', clerk: 'any', auditor: 'any', admin: 'any' },
  /** Record a credit repair (信用修复), with reason and evidence. */
  'credit:repair': { admin: 'any' },
  /**
   * Look an enterprise up by name or credit code, to file a project for it: a steward, a clerk at the window
   * (AccessPolicy.assertEnterpriseLookup narrows 'department' to the window) and an admin.
   */
  'enterprise:lookup': { steward: 'any', clerk: 'department', admin: 'any' },
} as const satisfies Record<string, Partial<Record<UserRole, Scope>>>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** The scope with which `role` holds `permission`, or null when it does not. */
export function scopeOf(role: string, permission: Permission): Scope | null {
  const row: Partial<Record<string, Scope>> = PERMISSIONS[permission];
  return Object.prototype.hasOwnProperty.call(row, role) ? (row[role] ?? null) : null;
}

export function roleHas(role: string, permission: Permission): boolean {
  return scopeOf(role, permission) !== null;
}

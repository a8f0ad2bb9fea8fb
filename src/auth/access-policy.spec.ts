import { AppException } from '../common/errors/app-exception';
import { AccessPolicy, clerkDepartment, reachedDepartmentSql, type ProjectRef } from './access-policy';
import type { AuthUser } from './auth-user';

const policy = new AccessPolicy();
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';
const snowProject: ProjectRef = { id: P1, enterpriseId: 'snow-new-materials' };
const copperProject: ProjectRef = { id: P2, enterpriseId: 'copper-foil' };

function user(role: AuthUser['role'], extra: Partial<AuthUser> = {}): AuthUser {
  return {
    id: `00000000-0000-4000-8000-00000000000${role.length}`,
    username: role,
    displayName: role,
    role,
    department: null,
    enterpriseId: null,
    assignedProjectIds: [],
    ...extra,
  };
}

const snow = user('enterprise', { enterpriseId: 'snow-new-materials' });
const steward = user('steward', { assignedProjectIds: [P1] });
const leader = user('leader', { assignedProjectIds: [P2] });
const clerk = user('clerk', { department: 'planning' });
const auditor = user('auditor');
const admin = user('admin');

function outcome(fn: () => void): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    if (e instanceof AppException) return `${e.status} ${e.code}`;
    throw e;
  }
}

describe('AccessPolicy.assertProjectAccess', () => {
  // [who, project, read, act]
  const table: [string, AuthUser, ProjectRef, string, string][] = [
    ['enterprise, own project', snow, snowProject, 'ok', 'ok'],
    ['enterprise, other enterprise', snow, copperProject, '404 NOT_FOUND', '404 NOT_FOUND'],
    ['enterprise without enterprise id', user('enterprise'), snowProject, '404 NOT_FOUND', '404 NOT_FOUND'],
    ['steward, assigned', steward, snowProject, 'ok', 'ok'],
    ['steward, not assigned', steward, copperProject, '404 NOT_FOUND', '404 NOT_FOUND'],
    ['leader, a project they lead', leader, copperProject, 'ok', 'ok'],
    ['leader, a project they do not lead', leader, snowProject, '404 NOT_FOUND', '404 NOT_FOUND'],
    ['clerk, any project', clerk, copperProject, 'ok', 'ok'],
    ['auditor', auditor, snowProject, 'ok', '403 FORBIDDEN'],
    ['admin', admin, copperProject, 'ok', '403 FORBIDDEN'],
  ];
  it.each(table)('%s → read %s… ', (_name, who, project, read, act) => {
    expect(outcome(() => policy.assertProjectAccess(who, project, 'read'))).toBe(read);
    expect(outcome(() => policy.assertProjectAccess(who, project, 'act'))).toBe(act);
  });

  it('matches a steward assignment whatever the case of the project id', () => {
    expect(policy.canSee(steward, { id: P1.toUpperCase(), enterpriseId: 'x' })).toBe(true);
  });

  it('uses the same 404 message as a project that does not exist', () => {
    expect(() => policy.assertProjectAccess(snow, copperProject, 'read')).toThrow('Project not found');
  });
});

describe('AccessPolicy.assertCan', () => {
  it('404 when unseen, 403 when seen without the permission, else passes', () => {
    expect(outcome(() => policy.assertCan(snow, 'history:read', copperProject))).toBe('404 NOT_FOUND');
    expect(outcome(() => policy.assertCan(admin, 'history:read', snowProject))).toBe('403 FORBIDDEN');
    expect(outcome(() => policy.assertCan(auditor, 'history:read', snowProject))).toBe('ok');
    expect(outcome(() => policy.assertCan(snow, 'history:read', snowProject))).toBe('ok');
  });
});

describe('AccessPolicy.actorFor', () => {
  it('gives a clerk its department', () => {
    expect(policy.actorFor(clerk, snowProject)).toEqual({ userId: clerk.id, role: 'clerk', department: 'planning' });
  });
  it('gives an enterprise user its enterprise', () => {
    expect(policy.actorFor(snow, snowProject)).toEqual({
      userId: snow.id,
      role: 'enterprise',
      enterpriseId: 'snow-new-materials',
    });
  });
  it('makes a steward act on behalf of the project’s enterprise (代办)', () => {
    expect(policy.actorFor(steward, snowProject)).toEqual({
      userId: steward.id,
      role: 'steward',
      onBehalfOf: 'snow-new-materials',
    });
  });
  it('gives auditors and admins their role only', () => {
    expect(policy.actorFor(auditor, snowProject)).toEqual({ userId: auditor.id, role: 'auditor' });
  });
});

describe('AccessPolicy.projectFilter', () => {
  it('limits an enterprise to its projects', () => {
    expect(policy.projectFilter(snow)).toEqual({ sql: 'enterprise_id = $1', params: ['snow-new-materials'] });
    expect(policy.projectFilter(snow, 3, { id: 'p.id', enterpriseId: 'p.enterprise_id' })).toEqual({
      sql: 'p.enterprise_id = $3',
      params: ['snow-new-materials'],
    });
  });
  it('shows nothing to an enterprise user without an enterprise', () => {
    expect(policy.projectFilter(user('enterprise'))).toEqual({ sql: 'FALSE', params: [] });
  });
  it('limits a steward to the assigned projects', () => {
    expect(policy.projectFilter(steward, 2)).toEqual({ sql: 'id = ANY($2::uuid[])', params: [[P1]] });
  });
  it.each([clerk, auditor, admin])('does not limit $role', (who) => {
    expect(policy.projectFilter(who)).toEqual({ sql: 'TRUE', params: [] });
  });
  it('shows nothing to an unknown role', () => {
    expect(policy.projectFilter({ ...admin, role: 'system' as AuthUser['role'] })).toEqual({
      sql: 'FALSE',
      params: [],
    });
  });
});

describe('AccessPolicy.reportDepartment', () => {
  it('limits a clerk to their department and leaves the zone whole for auditors and admins', () => {
    expect(policy.reportDepartment(clerk, 'zoneReport:read')).toBe('planning');
    expect(policy.reportDepartment(auditor, 'zoneReport:read')).toBeNull();
    expect(policy.reportDepartment(admin, 'zoneReport:read')).toBeNull();
  });
});

describe('AccessPolicy: the zone command', () => {
  it('gives a leader their role only, acting for nobody', () => {
    expect(policy.actorFor(leader, copperProject)).toEqual({ userId: leader.id, role: 'leader' });
  });

  it('lists a department only the problems assigned to it, everyone else the problems of the projects they see', () => {
    expect(policy.problemFilter(clerk, 3)).toEqual({
      sql: `(i.snapshot->'context'->>'department' = $3 AND i.state <> 'pending')`,
      params: ['planning'],
    });
    expect(policy.problemFilter(snow)).toEqual({ sql: 'p.enterprise_id = $1', params: ['snow-new-materials'] });
    expect(policy.problemFilter(leader)).toEqual({ sql: 'p.id = ANY($1::uuid[])', params: [[P2]] });
    expect(policy.problemFilter(auditor)).toEqual({ sql: 'TRUE', params: [] });
  });

  it('lists meetings that visited a project one sees; none to a clerk', () => {
    expect(policy.meetingFilter(snow)).toEqual({
      sql: 'EXISTS (SELECT 1 FROM project mp WHERE mp.id = ANY(mt.project_ids) AND mp.enterprise_id = $1)',
      params: ['snow-new-materials'],
    });
    expect(policy.meetingFilter(leader).params).toEqual([[P2]]);
    expect(policy.meetingFilter(clerk)).toEqual({ sql: 'FALSE', params: [] });
  });
});

describe("the clerk's visibility rule", () => {
  it("applies to clerks only, with their department (none reads as '', which no queue has)", () => {
    expect(clerkDepartment(user('clerk', { department: 'fire' }))).toBe('fire');
    expect(clerkDepartment(user('clerk'))).toBe('');
    for (const role of ['enterprise', 'steward', 'auditor', 'admin'] as const)
      expect(clerkDepartment(user(role))).toBeNull();
  });

  it("is one SQL condition: the department's queue now, or a clerk of the department in the project's history", () => {
    const sql = reachedDepartmentSql('p.id', '$2').replace(/\s+/g, ' ');
    expect(sql).toContain('ri.project_id = p.id');
    expect(sql).toContain('ri.department_queue = $2');
    expect(sql).toContain("re.actor_role = 'clerk' AND re.actor->>'department' = $2");
  });
});

describe('AccessPolicy.assertEnterpriseLookup', () => {
  it('lets a steward, a window clerk and an admin look enterprises up, nobody else', () => {
    const windowClerk = user('clerk', { department: 'window' });
    const results = [steward, windowClerk, admin, clerk, snow, leader, auditor].map((u) =>
      outcome(() => policy.assertEnterpriseLookup(u)),
    );
    expect(results).toEqual(['ok', 'ok', 'ok', '403 FORBIDDEN', '403 FORBIDDEN', '403 FORBIDDEN', '403 FORBIDDEN']);
  });
});

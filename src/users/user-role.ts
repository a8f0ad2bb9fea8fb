import type { UserEntity } from './user.entity';

/** The roles a person can have (DOMAIN.md "Who uses it"); `system` in workflows/contract.ts is the engine only. */
export type UserRole = UserEntity['role'];
export const USER_ROLES: readonly UserRole[] = ['clerk', 'steward', 'enterprise', 'leader', 'auditor', 'admin'];

/** What people read for a role (and for the engine, `system`); served by GET /api/labels. */
export const ROLE_LABELS: Record<UserRole | 'system', string> = {
  clerk: '窗口/科室工作人员',
  steward: '项目管家',
  enterprise: '建设单位',
  leader: '项目长',
  auditor: '审计/监察',
  admin: '系统管理员',
  system: '系统',
};

/**
 * Department codes a clerk can belong to: the `departments` of the workflow catalog
 * (workflows/catalog/suizhou-high-tech-zone.ts). Listed here so user validation does not depend on the
 * catalog module at runtime; a unit test keeps the two in step.
 */
export const DEPARTMENT_CODES = [
  'window',
  'development',
  'planning',
  'housing',
  'fire',
  'civilDefense',
  'archives',
] as const;
export type DepartmentCode = (typeof DEPARTMENT_CODES)[number];

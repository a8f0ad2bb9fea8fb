import type { UserEntity } from './user.entity';

/** The roles a person can have (DOMAIN.md "Who uses it"); `system` in workflows/contract.ts is the engine only. */
export type UserRole = UserEntity['role'];
export const USER_ROLES: readonly UserRole[] = ['clerk', 'steward', 'enterprise', 'leader', 'auditor', 'admin'];

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

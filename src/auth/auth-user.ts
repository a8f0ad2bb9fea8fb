import type { Request } from 'express';
import type { UserEntity } from '../users/user.entity';
import type { UserRole } from '../users/user-role';

/** The authenticated caller, as the guard puts it on `request.user` (read it with @CurrentUser()). */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  /** Department code of a clerk (catalog `departments`), else null. */
  department: string | null;
  /** Enterprise of an enterprise user, else null. */
  enterpriseId: string | null;
  /** Projects a steward is assigned to; empty for other roles. */
  assignedProjectIds: string[];
}

export type AuthenticatedRequest = Request & { user: AuthUser };

export function toAuthUser(u: UserEntity): AuthUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    department: u.department,
    enterpriseId: u.enterpriseId,
    assignedProjectIds: u.assignedProjectIds ?? [],
  };
}

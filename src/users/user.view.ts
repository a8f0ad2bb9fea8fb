import type { UserEntity } from './user.entity';
import type { UserRole } from './user-role';

/** What an admin sees of a user: everything but the password hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  department: string | null;
  enterpriseId: string | null;
  assignedProjectIds: string[];
  active: boolean;
  createdAt: string;
  /** What If-Match sends back to PATCH this user. */
  version: number;
}

export function toUserView(u: UserEntity, version: number): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    department: u.department,
    enterpriseId: u.enterpriseId,
    assignedProjectIds: u.assignedProjectIds ?? [],
    active: u.active,
    createdAt: u.createdAt instanceof Date ? u.createdAt.toISOString() : String(u.createdAt),
    version,
  };
}

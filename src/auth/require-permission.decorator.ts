import { SetMetadata } from '@nestjs/common';
import type { Permission } from './permissions';

export const REQUIRED_PERMISSION = 'requiredPermission';

/**
 * The caller's role must hold `permission` (permissions.ts), else 403 FORBIDDEN. Checked by the global
 * AuthGuard after authentication; object-level checks (which project) are AccessPolicy's.
 */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

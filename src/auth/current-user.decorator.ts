import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { AppException } from '../common/errors/app-exception';
import type { AuthUser } from './auth-user';

/** The authenticated caller (request.user), e.g. `me(@CurrentUser() user: AuthUser)`. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const user = ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user;
  // Only absent on a @Public() route: a programming error, but never serve it as anonymous.
  if (!user) throw new AppException('UNAUTHENTICATED', '请先登录');
  return user;
});

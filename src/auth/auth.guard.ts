import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { AppException } from '../common/errors/app-exception';
import { IS_PUBLIC } from '../common/public.decorator';
import { UsersService } from '../users/users.service';
import { toAuthUser, type AuthUser } from './auth-user';
import { roleHas, type Permission } from './permissions';
import { REQUIRED_PERMISSION } from './require-permission.decorator';
import { TokenService } from './token.service';

const BEARER = /^Bearer +([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*) *$/i;
const MAX_HEADER = 8192;

/**
 * The global guard (APP_GUARD): every Nest route needs a valid access token unless marked @Public(). Puts the
 * caller on request.user, re-read from the database (briefly cached) so a deactivated user loses access, then
 * checks @RequirePermission against the role. Express-level routes (Swagger UI, the OpenAPI document, static
 * files) never reach Nest guards and stay public.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (context.getType() !== 'http') throw new AppException('UNAUTHENTICATED', 'Authentication required');

    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const res = http.getResponse<Response>();
    const user = await this.authenticate(req.headers.authorization, res);
    req.user = user;

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission && !roleHas(user.role, permission)) {
      throw new AppException(
        'FORBIDDEN',
        `This needs the permission '${permission}', which the role '${user.role}' lacks`,
      );
    }
    return true;
  }

  private async authenticate(header: string | undefined, res: Response): Promise<AuthUser> {
    const fail = (code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED', message: string, invalidToken: boolean) => {
      res.setHeader(
        'WWW-Authenticate',
        invalidToken ? `Bearer error="invalid_token", error_description="${message}"` : 'Bearer',
      );
      return new AppException(code, message);
    };
    if (!header) throw fail('UNAUTHENTICATED', 'Authentication required: send Authorization: Bearer <token>', false);
    const match = header.length <= MAX_HEADER ? BEARER.exec(header) : null;
    if (!match) throw fail('UNAUTHENTICATED', 'The Authorization header must be: Bearer <token>', true);

    let sub: string;
    try {
      sub = this.tokens.verify(match[1]).sub;
    } catch (e) {
      if (e instanceof AppException) throw fail(e.code as 'UNAUTHENTICATED' | 'TOKEN_EXPIRED', e.message, true);
      throw e;
    }
    const user = await this.users.findByIdCached(sub);
    if (!user || !user.active) throw fail('UNAUTHENTICATED', 'This account has no access', true);
    return toAuthUser(user);
  }
}

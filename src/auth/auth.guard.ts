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
    if (context.getType() !== 'http') throw new AppException('UNAUTHENTICATED', '请先登录');

    const http = context.switchToHttp();
    const req = http.getRequest<Request & { user?: AuthUser }>();
    const res = http.getResponse<Response>();
    const user = await this.authenticate(req.headers.authorization, res);
    req.user = user;

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission && !roleHas(user.role, permission)) {
      throw new AppException('FORBIDDEN', '没有权限执行此操作', {
        reason: `This needs the permission '${permission}', which the role '${user.role}' lacks`,
      });
    }
    return true;
  }

  private async authenticate(header: string | undefined, res: Response): Promise<AuthUser> {
    // The message is zh-CN for people; the WWW-Authenticate header (ASCII only) says it in English.
    const fail = (code: 'UNAUTHENTICATED' | 'TOKEN_EXPIRED', message: string, description: string | null) => {
      res.setHeader(
        'WWW-Authenticate',
        description ? `Bearer error="invalid_token", error_description="${description}"` : 'Bearer',
      );
      return new AppException(code, message);
    };
    if (!header) throw fail('UNAUTHENTICATED', '请先登录', null);
    const match = header.length <= MAX_HEADER ? BEARER.exec(header) : null;
    if (!match)
      throw fail(
        'UNAUTHENTICATED',
        '登录凭据格式不正确，请重新登录',
        'The Authorization header must be: Bearer <token>',
      );

    let sub: string;
    try {
      sub = this.tokens.verify(match[1]).sub;
    } catch (e) {
      if (e instanceof AppException) {
        const expired = e.code === 'TOKEN_EXPIRED';
        throw fail(
          expired ? 'TOKEN_EXPIRED' : 'UNAUTHENTICATED',
          e.message,
          expired ? 'The access token has expired; log in again' : 'The access token is not valid',
        );
      }
      throw e;
    }
    const user = await this.users.findByIdCached(sub);
    if (!user || !user.active) throw fail('UNAUTHENTICATED', '该账号已停用或不存在', 'This account has no access');
    return toAuthUser(user);
  }
}

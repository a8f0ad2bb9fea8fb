import { createHash, timingSafeEqual } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { roleHas } from '../auth/permissions';
import { TokenService } from '../auth/token.service';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { UsersService } from '../users/users.service';

const BEARER = /^Bearer +(\S+) *$/i;
const MAX_HEADER = 8192;

/** Equal in constant time whatever the lengths (both sides hashed first). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * /metrics names per-department and per-type counts: only a scraper holding METRICS_TOKEN, or a signed-in user
 * whose role holds 'metrics:read' (an administrator), reads it. The route is outside the API prefix and marked
 * public for the global guard, which knows only access tokens; this guard decides instead.
 */
@Injectable()
export class MetricsGuard implements CanActivate {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: TokenService,
    private readonly users: UsersService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const header = http.getRequest<Request>().headers.authorization;
    const res = http.getResponse<Response>();
    const match = header && header.length <= MAX_HEADER ? BEARER.exec(header) : null;
    if (!match) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      throw new AppException('UNAUTHENTICATED', '读取监控指标需要令牌：请发送 Authorization: Bearer <METRICS_TOKEN>');
    }
    const presented = match[1];
    if (this.config.METRICS_TOKEN && sameSecret(presented, this.config.METRICS_TOKEN)) return true;

    let sub: string;
    try {
      sub = this.tokens.verify(presented).sub;
    } catch {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics", error="invalid_token"');
      throw new AppException('UNAUTHENTICATED', '监控指标令牌无效');
    }
    const user = await this.users.findByIdCached(sub);
    if (!user || !user.active) throw new AppException('UNAUTHENTICATED', '该账号已无访问权限');
    if (!roleHas(user.role, 'metrics:read')) throw new AppException('FORBIDDEN', '只有系统管理员可以读取监控指标');
    return true;
  }
}

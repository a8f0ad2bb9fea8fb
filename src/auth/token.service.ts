import { Injectable } from '@nestjs/common';
import { JsonWebTokenError, JwtService, TokenExpiredError } from '@nestjs/jwt';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import type { AuthUser } from './auth-user';

export const JWT_ISSUER = 'suizhou-fasttrack-permits';
export const JWT_AUDIENCE = 'suizhou-fasttrack-api';
export const JWT_ALGORITHM = 'HS256';

/** The claims of an access token. The guard trusts only `sub`: role and scope are re-read from the database. */
export interface AccessTokenClaims {
  sub: string;
  role: string;
  /** department (clerks) */
  dept?: string;
  /** enterprise id (enterprise users) */
  ent?: string;
  iat: number;
  exp: number;
  iss: string;
  aud: string;
}

/** Verified tokens kept in memory (each is a few hundred bytes); the oldest verification is dropped first. */
export const VERIFIED_TOKENS_MAX = 10_000;

/** Signs and verifies short-lived HS256 access tokens with JWT_SECRET. */
@Injectable()
export class TokenService {
  /**
   * Every request presents its token again: a token's signature and claims are checked once, then only its expiry
   * (the secret is fixed for the process, and the guard re-reads the user anyway).
   */
  private readonly verified = new Map<string, AccessTokenClaims>();

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.JWT_TTL_SECONDS;
  }

  sign(user: AuthUser): string {
    const claims: Record<string, string> = { role: user.role };
    if (user.department) claims.dept = user.department;
    if (user.enterpriseId) claims.ent = user.enterpriseId;
    return this.jwt.sign(claims, {
      subject: user.id,
      algorithm: JWT_ALGORITHM,
      expiresIn: this.ttlSeconds,
      issuer: JWT_ISSUER,
      audience: JWT_AUDIENCE,
    });
  }

  /** The verified claims; 401 TOKEN_EXPIRED when expired, 401 UNAUTHENTICATED for anything else wrong. */
  verify(token: string): AccessTokenClaims {
    const known = this.verified.get(token);
    if (known) {
      // As jsonwebtoken decides expiry: expired from the second `exp` on.
      if (Math.floor(Date.now() / 1000) < known.exp) return known;
      this.verified.delete(token);
      throw new AppException('TOKEN_EXPIRED', '登录已过期，请重新登录');
    }
    let claims: AccessTokenClaims;
    try {
      // The algorithm is pinned: `alg: none` and algorithm-confusion tokens are refused.
      claims = this.jwt.verify<AccessTokenClaims>(token, {
        algorithms: [JWT_ALGORITHM],
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
      });
    } catch (e) {
      if (e instanceof TokenExpiredError) {
        throw new AppException('TOKEN_EXPIRED', '登录已过期，请重新登录');
      }
      if (e instanceof JsonWebTokenError || e instanceof Error) {
        throw new AppException('UNAUTHENTICATED', '登录凭据无效，请重新登录');
      }
      throw e;
    }
    if (typeof claims.sub !== 'string' || typeof claims.exp !== 'number') {
      throw new AppException('UNAUTHENTICATED', '登录凭据无效，请重新登录');
    }
    if (this.verified.size >= VERIFIED_TOKENS_MAX) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, Object.freeze(claims));
    return claims;
  }
}

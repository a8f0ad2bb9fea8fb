import { createSecretKey } from 'node:crypto';
import { Logger, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { AccessPolicy } from './access-policy';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { TokenService } from './token.service';

/** JWT_SECRET, or in development/test a random one per process (tokens then die with the process). */
export function jwtSecret(config: AppConfig): string {
  if (config.JWT_SECRET) return config.JWT_SECRET;
  if (config.NODE_ENV === 'production') throw new Error('JWT_SECRET is required in production');
  new Logger('AuthModule').warn(
    'JWT_SECRET is not set: using a random secret for this process; tokens stop working when it restarts',
  );
  return randomBytes(48).toString('base64');
}

/**
 * Authentication (login, access tokens, the global guard) and authorisation (permissions.ts, AccessPolicy).
 * Not global: a module that checks access (AccessPolicy) or reads tokens imports this one.
 */
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [AppConfig],
      // A KeyObject, not a string: jsonwebtoken 9 otherwise re-derives (and first tries to parse as a public
      // key) the secret on every verify — about 0.7 ms of CPU per request (docs/benchmarks.md).
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(jwtSecret(config))) }),
    }),
  ],
  controllers: [AuthController],
  providers: [
    AuthService,
    TokenService,
    AccessPolicy,
    { provide: LoginRateLimiter, useFactory: () => new LoginRateLimiter() },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccessPolicy, TokenService, UsersModule],
})
export class AuthModule {}

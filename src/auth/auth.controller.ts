import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AppException } from '../common/errors/app-exception';
import { Public } from '../common/public.decorator';
import type { AuthUser } from './auth-user';
import { AuthService, type LoginResult } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { LoginDto } from './dto/login.dto';
import { LoginRateLimiter } from './login-rate-limiter';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly limiter: LoginRateLimiter,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: '登录: exchange username and password for a short-lived access token' })
  @ApiOkResponse({ description: '{ accessToken, tokenType: "Bearer", expiresIn, user }' })
  @ApiUnauthorizedResponse({ description: 'UNAUTHENTICATED: wrong username or password (one message for both)' })
  @ApiTooManyRequestsResponse({ description: 'RATE_LIMITED: too many failed attempts; see Retry-After' })
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResult> {
    res.setHeader('Cache-Control', 'no-store');
    const username = dto.username.trim().toLowerCase();
    let attempt: { succeeded(): void };
    try {
      attempt = this.limiter.begin(req.ip ?? 'unknown', username);
    } catch (e) {
      const retry = e instanceof AppException ? (e.details as { retryAfterSeconds?: number })?.retryAfterSeconds : 0;
      if (retry) res.setHeader('Retry-After', String(retry));
      throw e;
    }
    const result = await this.auth.login(username, dto.password);
    attempt.succeeded();
    return result;
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'The authenticated caller' })
  @ApiOkResponse({ description: '{ id, username, displayName, role, department, enterpriseId, assignedProjectIds }' })
  me(@CurrentUser() user: AuthUser): AuthUser {
    return user;
  }
}

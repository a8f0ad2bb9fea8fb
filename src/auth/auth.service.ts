import { Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AppException } from '../common/errors/app-exception';
import { hashPassword, needsRehash, verifyPassword } from '../users/password';
import { UsersService } from '../users/users.service';
import { toAuthUser, type AuthUser } from './auth-user';
import { TokenService } from './token.service';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  /** seconds */
  expiresIn: number;
  user: AuthUser;
}

/** One message for an unknown user, a wrong password and a deactivated account: nothing tells them apart. */
export const BAD_CREDENTIALS = '用户名或密码不正确';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  // Checked when the user does not exist, so that case costs one scrypt too (no timing oracle).
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    private readonly users: UsersService,
    private readonly tokens: TokenService,
  ) {}

  async login(username: string, password: string): Promise<LoginResult> {
    const user = await this.users.findByUsername(username);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await this.dummyHash));
    if (!user || !ok || !user.active) throw new AppException('UNAUTHENTICATED', BAD_CREDENTIALS);
    if (needsRehash(user.passwordHash)) {
      await this.users.updatePasswordHash(user.id, user.passwordHash, await hashPassword(password));
    }
    this.logger.log({ userId: user.id, role: user.role }, 'login');
    const authUser = toAuthUser(user);
    return {
      accessToken: this.tokens.sign(authUser),
      tokenType: 'Bearer',
      expiresIn: this.tokens.ttlSeconds,
      user: authUser,
    };
  }
}

import { UsersService } from '../../src/users/users.service';
import type { TestApp } from './test-app';

export const PASSWORD = 'test-password-1';

/** Creates a user in the test database and logs it in over HTTP; returns the bearer header value. */
export async function userToken(
  t: TestApp,
  u: {
    username: string;
    role: 'clerk' | 'steward' | 'enterprise' | 'leader' | 'auditor' | 'admin';
    department?: string;
    enterpriseId?: string;
    assignedProjectIds?: string[];
  },
): Promise<string> {
  const users = t.app.get(UsersService);
  if (!(await users.findByUsername(u.username))) {
    await users.create({ displayName: u.username, password: PASSWORD, ...u });
  }
  const res = await t.http().post('/api/auth/login').send({ username: u.username, password: PASSWORD });
  if (res.status !== 200) throw new Error(`login ${u.username}: ${res.status} ${JSON.stringify(res.body)}`);
  return `Bearer ${res.body.accessToken}`;
}

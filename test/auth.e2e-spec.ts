import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { JWT_AUDIENCE, JWT_ISSUER } from '../src/auth/token.service';
import { loadConfig } from '../src/config/app-config';
import { DEMO_ACCOUNTS } from '../src/users/demo-accounts';
import type { UserEntity } from '../src/users/user.entity';
import { hashPassword, needsRehash } from '../src/users/password';
import { UsersService } from '../src/users/users.service';
import { UsersRepository } from '../src/users/users.repository';
import { EditVersionRepository } from '../src/common/edit-version/edit-version.repository';
import { EditVersions } from '../src/common/edit-version/edit-version.service';
import { startTestApp, type TestApp } from './support/test-app';

// The secret test/support/test-app.ts configures.
const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';
const PASSWORD = 'correct-password-1';
const ERROR_SHAPE = { statusCode: expect.any(Number), code: expect.any(String), message: expect.any(String) };

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('authentication and authorisation (real PostgreSQL)', () => {
  let t: TestApp;
  let users: UsersService;
  const accounts: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};

  function login(username: string, password = PASSWORD) {
    return t.http().post('/api/auth/login').send({ username, password });
  }

  /** An account as the admin's user list shows it, with the version its form sends back. */
  async function listedUser(username: string): Promise<{ id: string; version: number }> {
    const list = await t.http().get('/api/users').set('Authorization', `Bearer ${tokens.admin1}`).expect(200);
    return (list.body as { id: string; username: string; version: number }[]).find((u) => u.username === username)!;
  }

  beforeAll(async () => {
    t = await startTestApp();
    users = t.app.get(UsersService);
    await t.dataSource.query(
      `INSERT INTO enterprise (id, name) VALUES ('snow-new-materials', '湖北斯诺新材料科技有限公司')`,
    );
    const seed = [
      { username: 'admin1', displayName: '管理员', role: 'admin' as const },
      { username: 'clerk1', displayName: '窗口', role: 'clerk' as const, department: 'window' },
      { username: 'auditor1', displayName: '审计', role: 'auditor' as const },
      { username: 'steward1', displayName: '管家', role: 'steward' as const },
      { username: 'snow1', displayName: '斯诺', role: 'enterprise' as const, enterpriseId: 'snow-new-materials' },
      { username: 'limited1', displayName: '限流', role: 'auditor' as const },
      { username: 'leaver1', displayName: '离职', role: 'clerk' as const, department: 'fire' },
    ];
    for (const u of seed) accounts[u.username] = await users.create({ ...u, password: PASSWORD });
    for (const name of ['admin1', 'clerk1', 'auditor1', 'steward1', 'snow1', 'leaver1']) {
      const res = await login(name);
      expect(res.status).toBe(200);
      tokens[name] = res.body.accessToken;
    }
  });
  afterAll(() => t.close());

  describe('POST /api/auth/login', () => {
    it('answers a token and the user for the right password', async () => {
      const res = await login('snow1').expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        tokenType: 'Bearer',
        expiresIn: 3600,
        user: {
          id: accounts.snow1.id,
          username: 'snow1',
          displayName: '斯诺',
          role: 'enterprise',
          department: null,
          enterpriseId: 'snow-new-materials',
          assignedProjectIds: [],
        },
      });
      const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: accounts.snow1.id, role: 'enterprise', ent: 'snow-new-materials' });
      expect(claims.exp - claims.iat).toBe(3600);
    });

    it('ignores case and surrounding spaces in the username', async () => {
      await login('  Clerk1 ').expect(200);
    });

    it('says the same for a wrong password and an unknown user', async () => {
      const wrong = await login('clerk1', 'wrong-password');
      const unknown = await login('nobody-at-all', 'wrong-password');
      for (const res of [wrong, unknown]) {
        expect(res.status).toBe(401);
        expect(res.body).toEqual({
          statusCode: 401,
          code: 'UNAUTHENTICATED',
          message: '用户名或密码不正确',
          requestId: expect.any(String),
        });
      }
    });

    it.each([
      ['a missing field', { username: 'clerk1' }, 'password'],
      ['a wrong type', { username: 123, password: PASSWORD }, 'username'],
      ['an extra field', { username: 'clerk1', password: PASSWORD, role: 'admin' }, 'role'],
      ['an empty username', { username: '', password: PASSWORD }, 'username'],
    ])('refuses %s with a 400 naming the field', async (_name, body, field) => {
      const res = await t.http().post('/api/auth/login').send(body).expect(400);
      expect(res.body).toMatchObject({ ...ERROR_SHAPE, code: 'VALIDATION_FAILED' });
      expect(res.body.message).toMatch(/^「[^」]+」/);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('limits failed attempts per IP and username with 429 RATE_LIMITED, then even the right password', async () => {
      for (let i = 0; i < 10; i++) await login('limited1', `wrong-${i}`).expect(401);
      const limited = await login('limited1', 'wrong-again');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', requestId: expect.any(String) });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      await login('limited1').expect(429);
      // another account from the same address is not affected
      await login('auditor1').expect(200);
    });

    it('re-hashes an outdated hash without moving the account’s version, and never over a password set meanwhile', async () => {
      const u = await users.create({ username: 'rehash1', displayName: '旧哈希', role: 'auditor', password: PASSWORD });
      const weak = await hashPassword(PASSWORD, { N: 2 ** 10, r: 8, p: 1 });
      const storedHash = async () =>
        (await t.dataSource.query(`SELECT password_hash FROM app_user WHERE id = $1`, [u.id]))[0]
          .password_hash as string;
      const setHash = (hash: string) =>
        t.dataSource.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [u.id, hash]);
      await setHash(weak);
      const read = await listedUser('rehash1');
      await login('rehash1').expect(200);
      expect(needsRehash(await storedHash())).toBe(false);
      // Nothing an admin's form reads or writes back changed (the password is the same): its version did not move.
      expect((await listedUser('rehash1')).version).toBe(read.version);

      // A login verified the outdated hash; an admin sets a new password before its re-hash is written: it stays.
      await setHash(weak);
      await t
        .http()
        .patch(`/api/users/${u.id}`)
        .set('Authorization', `Bearer ${tokens.admin1}`)
        .set('If-Match', `"${read.version}"`)
        .send({ password: 'new-password-2' })
        .expect(200);
      expect(await users.updatePasswordHash(u.id, weak, await hashPassword(PASSWORD))).toBe(false);
      await login('rehash1', 'new-password-2').expect(200);
      await login('rehash1').expect(401);
    });

    it('does not count successful logins', async () => {
      for (let i = 0; i < 12; i++) await login('auditor1').expect(200);
    });
  });

  describe('access tokens', () => {
    const me = (authorization?: string) => {
      const req = t.http().get('/api/auth/me');
      return authorization === undefined ? req : req.set('Authorization', authorization);
    };
    const sign = (claims: object, secret = TEST_SECRET, options: object = {}) =>
      new JwtService({ secret }).sign(claims, { issuer: JWT_ISSUER, audience: JWT_AUDIENCE, ...options });

    it('GET /api/auth/me answers the caller', async () => {
      const res = await me(`Bearer ${tokens.clerk1}`).expect(200);
      expect(res.body).toEqual({
        id: accounts.clerk1.id,
        username: 'clerk1',
        displayName: '窗口',
        role: 'clerk',
        department: 'window',
        enterpriseId: null,
        assignedProjectIds: [],
      });
    });

    it('no token: 401 UNAUTHENTICATED with WWW-Authenticate', async () => {
      const res = await me().expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual({
        ...ERROR_SHAPE,
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        requestId: expect.any(String),
      });
    });

    it.each([
      ['not Bearer', () => `Basic ${Buffer.from('clerk1:x').toString('base64')}`],
      ['Bearer without token', () => 'Bearer '],
      ['not a JWT', () => 'Bearer abc'],
      ['garbage JWT', () => 'Bearer aaa.bbb.ccc'],
      [
        'wrongly signed',
        () => `Bearer ${sign({ sub: accounts.admin1.id, role: 'admin' }, 'x'.repeat(40), { expiresIn: 60 })}`,
      ],
      [
        'another issuer',
        () => `Bearer ${sign({ sub: accounts.admin1.id }, TEST_SECRET, { expiresIn: 60, issuer: 'x' })}`,
      ],
      [
        'alg none',
        () => {
          const exp = Math.floor(Date.now() / 1000) + 600;
          const claims = { sub: accounts.admin1.id, role: 'admin', exp, iss: JWT_ISSUER, aud: JWT_AUDIENCE };
          return `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
        },
      ],
      [
        'a changed payload',
        () => {
          const [h, p, s] = tokens.clerk1.split('.');
          const claims = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: accounts.admin1.id };
          return `Bearer ${h}.${b64(claims)}.${s}`;
        },
      ],
      ['an unknown user', () => `Bearer ${sign({ sub: randomUUID(), role: 'admin' }, TEST_SECRET, { expiresIn: 60 })}`],
      [
        'a sub that is no uuid',
        () => `Bearer ${sign({ sub: 'admin', role: 'admin' }, TEST_SECRET, { expiresIn: 60 })}`,
      ],
    ])('%s: 401 UNAUTHENTICATED in the error shape', async (_name, header) => {
      const res = await me(header()).expect(401);
      expect(res.body).toEqual({
        ...ERROR_SHAPE,
        statusCode: 401,
        code: 'UNAUTHENTICATED',
        requestId: expect.any(String),
      });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    });

    it('expired: 401 TOKEN_EXPIRED', async () => {
      const now = Math.floor(Date.now() / 1000);
      const expired = sign({ sub: accounts.clerk1.id, role: 'clerk', iat: now - 7200, exp: now - 3600 });
      const res = await me(`Bearer ${expired}`).expect(401);
      expect(res.body).toMatchObject({ statusCode: 401, code: 'TOKEN_EXPIRED', requestId: expect.any(String) });
      expect(res.headers['www-authenticate']).toContain('invalid_token');
    });

    it('a deactivated user loses access at once and cannot log in', async () => {
      await me(`Bearer ${tokens.leaver1}`).expect(200);
      await t
        .http()
        .patch(`/api/users/${accounts.leaver1.id}`)
        .set('Authorization', `Bearer ${tokens.admin1}`)
        .send({ active: false })
        .expect(200);
      const res = await me(`Bearer ${tokens.leaver1}`).expect(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      const again = await login('leaver1').expect(401);
      expect(again.body.message).toBe('用户名或密码不正确');
    });
  });

  describe('public routes stay public', () => {
    it('health, OpenAPI and Swagger UI need no token', async () => {
      await t.http().get('/api/health').expect(200);
      const doc = await t.http().get('/api/openapi.json').expect(200);
      expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users']));
      await t.http().get('/api/docs').expect(200).expect('content-type', /html/);
    });

    it('an unknown route is still a 404, not a 401', async () => {
      const res = await t.http().get('/api/no-such-route').expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('user administration (admin only)', () => {
    const as = (name: string) => ({
      get: (url: string) => t.http().get(url).set('Authorization', `Bearer ${tokens[name]}`),
      post: (url: string, body: object) => t.http().post(url).set('Authorization', `Bearer ${tokens[name]}`).send(body),
    });

    it('GET /api/users lists users without password hashes', async () => {
      const res = await as('admin1').get('/api/users').expect(200);
      expect(res.body.map((u: { username: string }) => u.username)).toEqual(
        expect.arrayContaining(['admin1', 'clerk1', 'snow1']),
      );
      expect(JSON.stringify(res.body)).not.toMatch(/scrypt|password/i);
    });

    it.each(['clerk1', 'auditor1', 'steward1', 'snow1'])('%s gets 403 FORBIDDEN', async (name) => {
      const list = await as(name).get('/api/users').expect(403);
      expect(list.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN', requestId: expect.any(String) });
      await as(name)
        .post('/api/users', { username: `x-${name}`, displayName: 'x', password: PASSWORD, role: 'admin' })
        .expect(403);
    });

    it('without a token it is a 401, not a 403', async () => {
      await t.http().get('/api/users').expect(401);
    });

    it('POST /api/users creates a user who can log in; a taken username is 409 CONFLICT', async () => {
      const body = {
        username: 'clerk-planning-2',
        displayName: '规划审查员',
        password: 'a-long-password',
        role: 'clerk',
        department: 'planning',
      };
      const res = await as('admin1').post('/api/users', body).expect(201);
      expect(res.body).toMatchObject({
        username: 'clerk-planning-2',
        role: 'clerk',
        department: 'planning',
        active: true,
      });
      expect(res.body.passwordHash).toBeUndefined();
      await login('clerk-planning-2', 'a-long-password').expect(200);
      const dup = await as('admin1').post('/api/users', body).expect(409);
      expect(dup.body).toMatchObject({ statusCode: 409, code: 'CONFLICT', requestId: expect.any(String) });
      expect(dup.body.message).toBe('用户名“clerk-planning-2”已被使用');
    });

    it.each([
      ['a missing field', { displayName: 'x', password: PASSWORD, role: 'auditor' }, 'username'],
      ['a wrong type', { username: 'u-type', displayName: 'x', password: 12345678, role: 'auditor' }, 'password'],
      [
        'an extra field',
        { username: 'u-extra', displayName: 'x', password: PASSWORD, role: 'auditor', admin: 1 },
        'admin',
      ],
      ['an unknown role', { username: 'u-role', displayName: 'x', password: PASSWORD, role: 'root' }, 'role'],
      [
        'a clerk without department',
        { username: 'u-dept', displayName: 'x', password: PASSWORD, role: 'clerk' },
        'department',
      ],
      [
        'an unknown enterprise',
        { username: 'u-ent', displayName: 'x', password: PASSWORD, role: 'enterprise', enterpriseId: 'nope' },
        'enterpriseId',
      ],
      [
        'an unknown project for a steward',
        { username: 'u-st', displayName: 'x', password: PASSWORD, role: 'steward', assignedProjectIds: [randomUUID()] },
        'assignedProjectIds',
      ],
      ['a short password', { username: 'u-pw', displayName: 'x', password: 'short', role: 'auditor' }, 'password'],
    ])('refuses %s with a 400 naming the field', async (_name, body, field) => {
      const res = await as('admin1').post('/api/users', body).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', requestId: expect.any(String) });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('tells the role’s shape and unknown references in Chinese, field by field, without ids', async () => {
      const post = (body: Record<string, unknown>) =>
        as('admin1')
          .post('/api/users', { displayName: 'x', password: PASSWORD, ...body })
          .expect(400);
      const clerk = await post({ username: 'u-zh-1', role: 'clerk' });
      expect(clerk.body.message).toBe('「所属部门」工作人员须选择所属部门');
      expect(clerk.body.details).toEqual([
        expect.objectContaining({ field: 'department', problem: '工作人员须选择所属部门' }),
      ]);
      const auditor = await post({ username: 'u-zh-2', role: 'auditor', department: 'fire', enterpriseId: 'x' });
      expect(auditor.body.message).toBe('「所属部门」只有工作人员属于部门；「建设单位」只有建设单位账号属于建设单位');
      const project = randomUUID();
      const steward = await post({ username: 'u-zh-3', role: 'steward', assignedProjectIds: [project] });
      expect(steward.body.message).toBe('「负责的项目」有 1 个项目不存在');
      expect(steward.body.details[0].problems[0]).toContain(project); // for developers only
    });

    it('an administrator cannot deactivate themselves', async () => {
      const res = await t
        .http()
        .patch(`/api/users/${accounts.admin1.id}`)
        .set('Authorization', `Bearer ${tokens.admin1}`)
        .send({ active: false })
        .expect(422);
      expect(res.body.code).toBe('RULE_VIOLATION');
      expect(res.body.message).toBe('管理员不能停用自己的账号');
    });
  });

  describe('demo accounts', () => {
    it('are not created outside demo mode', async () => {
      expect(await users.ensureDemoAccounts([])).toEqual({ created: [] });
      expect(await users.findByUsername('clerk-window')).toBeNull();
      const production = loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: t.databaseUrl,
        JWT_SECRET: TEST_SECRET,
      });
      expect(
        await new UsersService(
          t.dataSource,
          production,
          new UsersRepository(),
          new EditVersions(new EditVersionRepository()),
        ).ensureDemoAccounts([]),
      ).toEqual({
        created: [],
      });
    });

    it('are created once in demo mode, with the enterprises, and can log in with password demo', async () => {
      const demo = new UsersService(
        t.dataSource,
        loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.databaseUrl, DEMO_MODE: 'true' }),
        new UsersRepository(),
        new EditVersions(new EditVersionRepository()),
      );
      const [p1, p2] = [randomUUID(), randomUUID()];
      const first = await demo.ensureDemoAccounts([p1]);
      expect(first.created.sort()).toEqual(DEMO_ACCOUNTS.map((a) => a.username).sort());
      // An admin's form reads the steward before the seed adds a project to it.
      const read = await listedUser('steward');
      const second = await demo.ensureDemoAccounts([p1, p2]);
      expect(second.created).toEqual([]);
      const steward = await demo.findByUsername('steward');
      expect(steward?.assignedProjectIds.sort()).toEqual([p1, p2].sort());
      // The seed moved the account's version: that form's save is refused and the seed's project stays.
      expect((await listedUser('steward')).version).toBe(read.version + 1);
      const stale = await t
        .http()
        .patch(`/api/users/${read.id}`)
        .set('Authorization', `Bearer ${tokens.admin1}`)
        .set('If-Match', `"${read.version}"`)
        .send({ assignedProjectIds: [p1] })
        .expect(409);
      expect(stale.body).toMatchObject({ code: 'VERSION_CONFLICT', message: '用户信息已被他人修改，请刷新后重试' });
      expect((await demo.findByUsername('steward'))?.assignedProjectIds.sort()).toEqual([p1, p2].sort());

      const enterprises = await t.dataSource.query(`SELECT id, name FROM enterprise ORDER BY id`);
      expect(enterprises.map((e: { id: string }) => e.id)).toEqual(['copper-foil', 'snow-new-materials']);

      const fire = await login('clerk-fire', 'demo').expect(200);
      expect(fire.body.user).toMatchObject({ role: 'clerk', department: 'fire' });
      const copper = await login('enterprise-copper', 'demo').expect(200);
      expect(copper.body.user).toMatchObject({ role: 'enterprise', enterpriseId: 'copper-foil' });
    });
  });
});

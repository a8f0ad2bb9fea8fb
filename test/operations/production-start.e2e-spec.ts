import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { createDatabase } from '../../src/database/database-admin';
import {
  call,
  JWT_SECRET,
  METRICS_TOKEN,
  type ServerProcess,
  startPostgres,
  startServer,
  type StoppablePostgres,
  stopAllServers,
  withPg,
} from '../reliability/harness';
import { runToExit, tempDataDir } from './support';

/** The response headers of one keep-alive HTTP/1.1 request (fetch hides the connection headers). */
function headersOf(url: string): Promise<Record<string, string | string[] | undefined>> {
  const agent = new Agent({ keepAlive: true });
  return new Promise<Record<string, string | string[] | undefined>>((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers));
    });
    req.on('error', reject);
    req.end();
  }).finally(() => agent.destroy());
}

/**
 * A production deployment as docker compose runs it: NODE_ENV=production on a PostgreSQL of its own with an
 * empty database. Migrations apply, nobody can log in, the documented `create-admin` makes the first administrator.
 */
describe('a production start on an empty database', () => {
  const data = tempDataDir('permits-ops-prod-');
  let pg: StoppablePostgres;
  let url: string;
  let server: ServerProcess;
  const PASSWORD = 'Suizhou-Permits-2026';
  const createAdmin = (username: string, stdin: string) =>
    runToExit(
      'scripts/create-admin.js',
      ['--username', username],
      { NODE_ENV: 'production', DATABASE_URL: url, JWT_SECRET },
      { stdin, timeoutMs: 60_000 },
    );

  beforeAll(async () => {
    pg = await startPostgres(data.dir);
    url = await createDatabase(pg.url, 'permits_production');
    server = await startServer({ databaseUrl: url, env: { NODE_ENV: 'production' }, readyTimeoutMs: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await stopAllServers();
    data.remove();
  });

  it('starts with migrations applied and no account at all', async () => {
    expect(await withPg(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n)).toBe(
      0,
    );
    const login = await call(server.base, 'POST', '/api/auth/login', { body: { username: 'admin', password: 'demo' } });
    expect(login.status).toBe(401);
  });

  it('create-admin refuses a weak password and creates nobody', async () => {
    const weak = await createAdmin('root-admin', 'admin12345\n');
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('密码太弱');
    const bad = await createAdmin('Root Admin', `${PASSWORD}\n`);
    expect(bad.code).toBe(2);
    expect(await withPg(url, async (c) => (await c.query('SELECT count(*)::int AS n FROM app_user')).rows[0].n)).toBe(
      0,
    );
  }, 90_000);

  it('create-admin makes the first administrator, who logs in and manages users', async () => {
    const made = await createAdmin('root-admin', `${PASSWORD}\n`);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('已创建管理员 root-admin');
    const again = await createAdmin('root-admin', `${PASSWORD}\n`);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已存在');

    const login = await call(server.base, 'POST', '/api/auth/login', {
      body: { username: 'root-admin', password: PASSWORD },
    });
    expect(login.status).toBe(200);
    const token = login.body.accessToken as string;
    const users = await call(server.base, 'GET', '/api/users', { token });
    expect(users.status).toBe(200);
    // and the administrator reads /metrics, which answers nobody without a token
    expect((await call(server.base, 'GET', '/metrics', { token })).status).toBe(200);
  }, 90_000);

  it('/metrics is refused without a token and answered with METRICS_TOKEN', async () => {
    const none = await call(server.base, 'GET', '/metrics');
    expect(none.status).toBe(401);
    expect(none.text).not.toContain('http_requests_total');
    const scraped = await call(server.base, 'GET', '/metrics', { token: METRICS_TOKEN });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('http_requests_total');
  });

  it('keeps idle connections longer than the proxies in front (65 s)', async () => {
    const headers = await headersOf(`${server.base}/api/health`);
    expect(headers['keep-alive']).toBe('timeout=65');
  });

  it('on SIGTERM lets a request in flight finish, with its database, before it exits', async () => {
    const body = JSON.stringify({ username: 'root-admin', password: PASSWORD });
    const socket = connect(server.port, '127.0.0.1');
    await new Promise<void>((r) => socket.once('connect', () => r()));
    let answer = '';
    socket.on('data', (b: Buffer) => (answer += b.toString()));
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    // the head and half the body: the request is in flight when the signal comes
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    expect(server.child.exitCode).toBeNull(); // still draining
    socket.write(body.slice(10));
    const sent = Date.now();
    await closed;
    expect(Date.now() - sent).toBeLessThan(5000); // closed once answered, not when the grace period ends
    expect(answer).toMatch(/^HTTP\/1.1 200 /);
    expect(answer).toContain('accessToken');
    expect(await server.exited).toBe(0);
  }, 60_000);
});

import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import {
  call,
  insertUsers,
  login,
  seedItems,
  type ServerProcess,
  START,
  startServer,
  stopAllServers,
  USERS,
  withPg,
} from '../reliability/harness';
import { alive, postmasterPid, runToExit, tempDataDir, waitForHealth } from './support';

/**
 * One service per data folder, and a supervised embedded PostgreSQL: `npm start` as an administrator runs it (no
 * DATABASE_URL), on a folder of the test's own.
 */
describe('the embedded data folder', () => {
  const data = tempDataDir('permits-ops-dir-');
  const env = { DATABASE_URL: '', DATA_DIR: data.dir, NODE_ENV: 'development' };
  let first: ServerProcess;
  /** The running service's database, at the PostgreSQL port its lock file names. */
  const pgUrl = () => {
    const lock = JSON.parse(readFileSync(join(data.dir, 'service.lock'), 'utf8')) as { pgPort: number };
    return `postgres://postgres:postgres@127.0.0.1:${lock.pgPort}/permits`;
  };

  beforeAll(async () => {
    first = await startServer({ databaseUrl: '', env, readyTimeoutMs: 90_000 });
    await insertUsers(pgUrl(), [USERS.planning]);
  }, 120_000);
  afterAll(async () => {
    await stopAllServers();
    data.remove();
  });

  it('refuses a second start on the folder at once, naming the owner, and leaves the first alone', async () => {
    const pg = postmasterPid(join(data.dir, 'pg'));
    const second = await runToExit(
      'src/main.js',
      [],
      { ...env, PORT: '0', JWT_SECRET: 'x'.repeat(32) },
      { timeoutMs: 30_000 },
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `DATA_DIR ${data.dir} is in use by the service with pid ${first.pid} on port ${first.port}`,
    );
    expect(second.stderr).not.toMatch(/^undefined$/m);
    expect(postmasterPid(join(data.dir, 'pg'))).toBe(pg);
    expect(alive(pg!)).toBe(true);
    expect((await call(first.base, 'GET', '/api/health')).status).toBe(200);
  });

  it('a start that fails prints its cause (a port in use), never a bare "undefined"', async () => {
    const r = await runToExit(
      'src/main.js',
      [],
      {
        NODE_ENV: 'production',
        DATABASE_URL: pgUrl(),
        PORT: String(first.port),
        HOST: '127.0.0.1',
        JWT_SECRET: 'x'.repeat(32),
        SCHEDULER_ENABLED: 'false',
        // The run's signing key, so that the start gets as far as the port (production creates no key by itself).
        SIGNING_KEY_FILE: join(tmpdir(), 'fasttrack-test-signing-key.pem'),
        SIGNING_KEY_CREATE: 'true',
      },
      { timeoutMs: 60_000 },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[app\] start failed \(启动失败\): listen EADDRINUSE.*\[EADDRINUSE\]/);
    expect(r.stderr).not.toMatch(/^undefined$/m);
    expect((await call(first.base, 'GET', '/api/health')).status).toBe(200);
  }, 90_000);

  it('restarts a killed PostgreSQL: 503 meanwhile, healthy again within 30 s, nothing committed lost', async () => {
    const [id] = await seedItems(pgUrl(), 1);
    const token = await login(first.base, USERS.planning.username);
    const accepted = await call(first.base, 'POST', `/api/cases/${id}/events`, { token, body: START });
    expect(accepted.status).toBe(200);
    const seq = accepted.body.event.seq as number;

    const pid = postmasterPid(join(data.dir, 'pg'))!;
    process.kill(pid, 'SIGKILL');
    const killedAt = Date.now();
    // A backend of the killed postmaster may still answer a query or two on its open connection before it notices
    // (PostgreSQL's backends check for postmaster death when they wait): those 200s are true answers. What must not
    // happen is anything but 200 or 503, and the 503 must come.
    let during = await call(first.base, 'GET', `/api/cases/${id}`, { token });
    while (during.status === 200 && Date.now() - killedAt < 10_000) {
      await new Promise((r) => setTimeout(r, 50));
      during = await call(first.base, 'GET', `/api/cases/${id}`, { token });
    }
    expect(during.status).toBe(503);
    expect(during.body.code).toBe('DATABASE_UNAVAILABLE');

    const seen = await waitForHealth(first.base, 200, 30_000);
    expect(seen.at(-1)).toBe(200);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(first.child.exitCode).toBeNull(); // healed without a restart of the app
    expect(postmasterPid(join(data.dir, 'pg'))).not.toBe(pid);

    const after = await call(first.base, 'GET', `/api/cases/${id}/verify`, { token });
    expect(after.status).toBe(200);
    expect(after.body.ok).toBe(true);
    const state = await call(first.base, 'GET', `/api/cases/${id}`, { token });
    expect(state.status).toBe(200);
    const events = await withPg(pgUrl(), (c) =>
      c.query('SELECT max(seq)::int AS seq FROM workflow_event WHERE instance_id = $1', [id]),
    );
    expect(events.rows[0].seq).toBe(seq);
  }, 60_000);

  it('a start after the owner died (kill -9) shuts the orphaned PostgreSQL down and takes the folder', async () => {
    const orphan = postmasterPid(join(data.dir, 'pg'))!;
    await first.kill();
    expect(alive(orphan)).toBe(true);
    const next = await startServer({ databaseUrl: '', env, readyTimeoutMs: 90_000 });
    expect(alive(orphan)).toBe(false);
    await next.stop();
    expect(await next.exited).toBe(0);
    expect(postmasterPid(join(data.dir, 'pg'))).toBeNull();
  }, 120_000);
});

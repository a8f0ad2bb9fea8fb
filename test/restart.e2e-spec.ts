import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, startServer, stopAllServers } from './reliability/harness';

function postmasterPid(dataDir: string): number | null {
  const file = join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The service on its embedded PostgreSQL as `npm start` runs it (no DATABASE_URL): demo data on the first run,
 * kept across a `kill -9` (which orphans the PostgreSQL server) and a graceful stop.
 */
describe('embedded database across restarts', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'permits-restart-'));
  // As root, PostgreSQL runs as the `postgres` user, which must be able to traverse DATA_DIR (mkdtemp makes 0700).
  chmodSync(dataDir, 0o755);
  const env = { DATABASE_URL: '', DATA_DIR: dataDir, NODE_ENV: 'development' };
  afterAll(async () => {
    await stopAllServers();
    const pid = postmasterPid(dataDir);
    if (pid && alive(pid)) process.kill(pid, 'SIGINT');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const projectsSeenByAuditor = async (base: string) => {
    const login = await call(base, 'POST', '/api/auth/login', { body: { username: 'auditor', password: 'demo' } });
    expect(login.status).toBe(200);
    const list = await call(base, 'GET', '/api/projects', {
      token: (login.body as { accessToken: string }).accessToken,
    });
    expect(list.status).toBe(200);
    return (list.body as { total: number }).total;
  };

  it('survives kill -9 (orphaned PostgreSQL, stale lock) and keeps its data; SIGTERM stops PostgreSQL too', async () => {
    const first = await startServer({ databaseUrl: '', env, readyTimeoutMs: 90_000 });
    const seeded = await projectsSeenByAuditor(first.base);
    expect(seeded).toBe(2);
    const orphan = postmasterPid(dataDir);
    expect(orphan).not.toBeNull();

    await first.kill();
    expect(alive(orphan!)).toBe(true); // SIGKILL leaves the PostgreSQL server running, holding the folder

    const second = await startServer({ databaseUrl: '', env, readyTimeoutMs: 90_000 });
    expect(alive(orphan!)).toBe(false);
    expect(await projectsSeenByAuditor(second.base)).toBe(seeded); // kept, not seeded again

    await second.stop();
    expect(await second.exited).toBe(0);
    expect(postmasterPid(dataDir)).toBeNull();
  });
});

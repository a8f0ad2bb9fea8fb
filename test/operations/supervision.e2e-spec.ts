import { spawn } from 'node:child_process';
import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { buildOnce, ROOT } from '../reliability/harness';
import { alive, postmasterPid, tempDataDir } from './support';

/** startEmbeddedPostgres with a short backoff in a process of its own, reporting on stdout. */
const CONTROLLER = `
const { startEmbeddedPostgres } = require(process.argv[1]);
(async () => {
  const pg = await startEmbeddedPostgres({
    dataDir: process.argv[2],
    log: (m) => console.log('log: ' + m),
    supervise: { maxAttempts: 3, initialDelayMs: 100, onGiveUp: (e) => { console.log('gave up: ' + e.message); process.exit(3); } },
  });
  console.log('ready ' + pg.port);
  process.on('disconnect', () => pg.stop().then(() => process.exit(0)));
})().catch((e) => { console.log('failed: ' + (e && e.message)); process.exit(1); });
`;

describe('the supervised embedded PostgreSQL', () => {
  const data = tempDataDir('permits-ops-supervise-');
  const pgDir = join(data.dir, 'pg');
  afterAll(() => data.remove());

  it('gives up after repeated failed restarts and reports why, so the process can exit non-zero', async () => {
    const child = spawn(
      process.execPath,
      ['-e', CONTROLLER, join(buildOnce(), 'src', 'database', 'embedded-postgres.js'), pgDir],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    );
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const kill = setTimeout(() => child.kill('SIGKILL'), 100_000);
    try {
      for (let i = 0; i < 600 && !out.includes('ready'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(out).toContain('ready');

      const pid = postmasterPid(pgDir)!;
      // The folder gone from under it: every restart fails.
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 50 && alive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      renameSync(pgDir, `${pgDir}.moved`);

      expect(await exited).toBe(3);
      expect(out).toMatch(/embedded PostgreSQL exited unexpectedly \(SIGKILL\); restart 1 of 3/);
      expect(out).toMatch(/restart 3 of 3/);
      expect(out).toMatch(/gave up: embedded PostgreSQL in .* could not be restarted: .+/);
      expect(out).not.toMatch(/gave up: .*undefined/);
    } finally {
      clearTimeout(kill);
      child.kill('SIGKILL');
      if (existsSync(`${pgDir}.moved`)) renameSync(`${pgDir}.moved`, pgDir);
    }
  }, 120_000);
});

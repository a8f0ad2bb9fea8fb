import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { join } from 'node:path';
import {
  call,
  checkChains,
  END,
  insertUsers,
  login,
  seedItems,
  START,
  startServer,
  stopAllServers,
  USERS,
  withPg,
} from '../reliability/harness';
import { runToExit, tempDataDir } from './support';

const pgUrlOf = (dataDir: string) => {
  const lock = JSON.parse(readFileSync(join(dataDir, 'service.lock'), 'utf8')) as { pgPort: number };
  return `postgres://postgres:postgres@127.0.0.1:${lock.pgPort}/permits`;
};

/**
 * Every table's row count and a digest of its rows (computed by the server: project_name_bigram may hold bytes
 * that are no valid text in a SQL_ASCII cluster) and the project code sequence's next value: what a restore must
 * bring back.
 */
async function contents(url: string): Promise<{ tables: Record<string, string>; nextProjectCode: number }> {
  return withPg(url, async (c) => {
    const names = (
      await c.query<{ name: string }>(
        `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'typeorm_migrations' ORDER BY 1`,
      )
    ).rows.map((r) => r.name);
    const tables: Record<string, string> = {};
    for (const t of names) {
      const { rows } = await c.query<{ n: number; digest: string | null }>(
        `SELECT count(*)::int AS n, md5(string_agg(x::text, E'\\n' ORDER BY x::text)) AS digest FROM "${t}" x`,
      );
      tables[t] = `${rows[0].n} ${rows[0].digest ?? '-'}`;
    }
    const seq = (await c.query('SELECT last_value::text AS last, is_called FROM project_code_seq')).rows[0];
    return { tables, nextProjectCode: Number(seq.last) + (seq.is_called ? 1 : 0) };
  });
}

/**
 * `npm run backup` of a running service on the embedded default, the folder wiped, `npm run restore -- FILE` into
 * the empty folder, the service started on it: every row back, every chain verifying.
 */
describe('backup and restore on the embedded default', () => {
  const data = tempDataDir('permits-ops-backup-');
  const dataDir = join(data.dir, 'data');
  const file = join(data.dir, 'permits.backup.gz');
  // No head signing while the test compares the database before the backup and after the restore: the signer
  // would move rows from the queue to the signed heads in between (every 5 s by default).
  const env = { DATABASE_URL: '', DATA_DIR: dataDir, NODE_ENV: 'development', HEAD_SIGNING_INTERVAL_MS: '3600000' };
  afterAll(async () => {
    await stopAllServers();
    data.remove();
  });

  it('backs up while serving, refuses to overwrite a folder, restores into an empty one', async () => {
    const first = await startServer({ databaseUrl: '', env, readyTimeoutMs: 120_000 });
    await insertUsers(pgUrlOf(dataDir), [USERS.planning, USERS.auditor]);
    const ids = await seedItems(pgUrlOf(dataDir), 3);
    const token = await login(first.base, USERS.planning.username);
    for (const id of ids) {
      for (const body of [START, END]) {
        expect((await call(first.base, 'POST', `/api/cases/${id}/events`, { token, body })).status).toBe(200);
      }
    }

    const backup = await runToExit('scripts/backup.js', [file], { DATA_DIR: dataDir }, { timeoutMs: 120_000 });
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain('database: running service');
    expect(backup.stdout).toContain('The signing key is not in the backup: back up');
    // the service went on serving while the backup read its database
    expect((await call(first.base, 'GET', '/api/health')).status).toBe(200);
    const before = await contents(pgUrlOf(dataDir));
    const instances = (
      await withPg(pgUrlOf(dataDir), (c) => c.query<{ id: string }>('SELECT id FROM workflow_instance ORDER BY id'))
    ).rows.map((r) => r.id);
    expect(instances.length).toBeGreaterThan(3);
    await first.stop();
    expect(await first.exited).toBe(0);

    const refused = await runToExit('scripts/restore.js', [file], { DATA_DIR: dataDir }, { timeoutMs: 60_000 });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already holds a database');

    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir);
    const restored = await runToExit('scripts/restore.js', [file], { DATA_DIR: dataDir }, { timeoutMs: 180_000 });
    if (restored.code !== 0) throw new Error(restored.stderr + restored.stdout);
    expect(restored.stdout).toContain('恢复完成');
    expect(restored.stdout).toContain('The signing key is not in the backup');

    const second = await startServer({ databaseUrl: '', env, readyTimeoutMs: 120_000 });
    const after = await contents(pgUrlOf(dataDir));
    expect(after).toEqual(before);
    expect(Number(before.tables.project.split(' ')[0])).toBeGreaterThan(0);
    expect(Number(before.tables.workflow_event.split(' ')[0])).toBeGreaterThan(0);
    const auditor = await login(second.base, USERS.auditor.username);
    const chains = await checkChains(second.base, auditor, pgUrlOf(dataDir), instances);
    expect(chains.filter((c) => !(c.verifyOk && c.replayEqualsSnapshot && c.gapFree))).toEqual([]);
    // and the restored service takes new commands where the history left off
    const next = await call(second.base, 'POST', `/api/cases/${ids[0]}/events`, {
      token: await login(second.base, USERS.planning.username),
      body: START,
    });
    expect(next.status).toBe(200);
    expect(next.body.event.seq).toBe(6);
    await second.stop();
  }, 480_000);

  it('refuses a file that is not a whole backup and leaves the folder empty for another try', async () => {
    const other = join(data.dir, 'other');
    mkdirSync(other);
    const cut = join(data.dir, 'cut.gz');
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n');
    writeFileSync(cut, gzipSync(`${lines.slice(0, -3).join('\n')}\n`));
    const r = await runToExit('scripts/restore.js', [cut], { DATA_DIR: other }, { timeoutMs: 120_000 });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the backup file is incomplete');
    expect(existsSync(join(other, 'pg'))).toBe(false);
    expect(existsSync(join(other, 'service.lock'))).toBe(false);

    const notBackup = join(data.dir, 'not-a-backup.gz');
    writeFileSync(notBackup, gzipSync('{"hello":"world"}\n'));
    const n = await runToExit('scripts/restore.js', [notBackup], { DATA_DIR: other }, { timeoutMs: 60_000 });
    expect(n.code).toBe(1);
    expect(n.stderr).toContain('not a backup file of this service');
  }, 180_000);
});

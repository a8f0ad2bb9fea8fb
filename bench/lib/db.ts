import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDatabase, databaseUrl, dropDatabase } from '../../src/database/database-admin';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { typeormOptions } from '../../src/database/typeorm-options';

/** The benchmark's own database: a fresh one, migrated, on the embedded server or on DATABASE_URL's server. */
export interface BenchDatabase {
  url: string;
  serverUrl: string;
  embedded: boolean;
  /** Data folder of the embedded cluster (postmaster.pid names the server for CPU accounting). */
  dataDir: string | null;
  serverVersion: string;
  statStatements: boolean;
  close(): Promise<void>;
}

async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** PostgreSQL's background work so far: autovacuum and autoanalyze runs on `url`'s database, checkpoints begun. */
export interface BackgroundWork {
  vacuums: number;
  checkpoints: number;
}

/**
 * Read before and after a round: PostgreSQL's background work takes CPU and disk from the round's statements (a
 * checkpoint's writes and fsyncs hold up commits), so a round that carried some says so.
 */
export function backgroundWork(url: string): Promise<BackgroundWork> {
  return withClient(url, async (c) => {
    const t = await c.query(
      `SELECT coalesce(sum(autovacuum_count + autoanalyze_count), 0)::int AS n FROM pg_stat_all_tables`,
    );
    const cp = await c
      .query(`SELECT (num_timed + num_requested)::int AS n FROM pg_stat_checkpointer`)
      .catch(() => ({ rows: [{ n: 0 }] })); // before PostgreSQL 17: not in this view
    return { vacuums: t.rows[0].n as number, checkpoints: cp.rows[0].n as number };
  });
}

/** What happened between two readings of backgroundWork. */
export const backgroundBetween = (a: BackgroundWork, b: BackgroundWork): BackgroundWork => ({
  vacuums: b.vacuums - a.vacuums,
  checkpoints: b.checkpoints - a.checkpoints,
});

/** "2 autovacuum/analyze, 1 checkpoint"; '' when there was none. */
export const describeBackground = (w: BackgroundWork): string =>
  [
    w.vacuums ? `${w.vacuums} autovacuum/analyze` : '',
    w.checkpoints ? `${w.checkpoints} checkpoint${w.checkpoints > 1 ? 's' : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');

export function postmasterPid(dataDir: string | null): number | null {
  if (!dataDir) return null;
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export async function openBenchDatabase(log: (m: string) => void): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | null = null;
  let dataDir: string | null = null;
  if (!serverUrl) {
    dataDir = mkdtempSync(join(tmpdir(), 'permits-bench-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir });
    // pg_stat_statements must be preloaded: set it in postgresql.auto.conf and restart once.
    await withClient(embedded.url, (c) => c.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`));
    await embedded.stop();
    embedded = await startEmbeddedPostgres({ dataDir });
    serverUrl = embedded.url;
    log(`embedded PostgreSQL in ${dataDir}`);
  }
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const url = await createDatabase(serverUrl, name);
  const ds = await new DataSource(typeormOptions(url, { poolSize: 1, statementTimeoutMs: 600000 })).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
  const { serverVersion, statStatements } = await withClient(url, async (c) => {
    const v = (await c.query('SELECT version() AS v')).rows[0].v as string;
    let ok = false;
    try {
      await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await c.query('SELECT pg_stat_statements_reset()');
      ok = true;
    } catch (e) {
      log(`pg_stat_statements unavailable: ${(e as Error).message}`);
    }
    return { serverVersion: v, statStatements: ok };
  });
  const stop = embedded;
  const dir = dataDir;
  return {
    url,
    serverUrl,
    embedded: !!embedded,
    dataDir,
    serverVersion,
    statStatements,
    async close() {
      await dropDatabase(serverUrl as string, name).catch(() => undefined);
      if (stop) {
        await stop.stop();
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A second database on the same server (e.g. to keep the 100k-project load apart from the write benchmark),
 * migrated by this build unless `migrate: false`.
 */
export async function createSiblingDatabase(
  db: BenchDatabase,
  suffix: string,
  opts: { migrate?: boolean } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${new URL(db.url).pathname.slice(1)}_${suffix}`;
  const url = await createDatabase(db.serverUrl, name);
  // without: the server migrates it as it starts (`bench:ab --load=clerk`: each build its own schema)
  if (opts.migrate === false) return { url, drop: () => dropDatabase(db.serverUrl, name) };
  const ds = await new DataSource(typeormOptions(url, { poolSize: 1, statementTimeoutMs: 600000 })).initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
  await withClient(url, (c) => c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined));
  return { url, drop: () => dropDatabase(db.serverUrl, name) };
}

export { databaseUrl, withClient };

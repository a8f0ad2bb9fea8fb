import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import type { BenchContext } from './lib/context';
import { startServer } from './lib/server';
import { median } from './lib/stats';

export interface StartupResult {
  coldMs: number;
  warmMs: number[];
  warmMedianMs: number;
  idleRssMb: number[];
  /** Baseline: the embedded PostgreSQL alone, started on the same warm data folder. */
  postgresOnlyMs: number[];
  postgresOnlyMedianMs: number;
}

/** `node dist/src/main.js` with its own DATA_DIR (embedded PostgreSQL, demo mode as `npm start`), until /api/health is 200. */
export async function runStartup(ctx: BenchContext): Promise<StartupResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'permits-bench-start-'));
  // run as root, embedded-postgres runs initdb as the 'postgres' user, which must reach DATA_DIR/pg
  chmodSync(dataDir, 0o755);
  const repeats = ctx.quick ? 1 : 3;
  try {
    ctx.log('startup: first start (creates the cluster, migrates, seeds)');
    const cold = await startServer({ logDir: ctx.logDir, name: 'startup-cold', dataDir, env: { LOG_LEVEL: 'warn' } });
    await cold.stop();
    const warmMs: number[] = [];
    const idleRssMb: number[] = [];
    const pgOnly: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const s = await startServer({
        logDir: ctx.logDir,
        name: `startup-warm-${i}`,
        dataDir,
        env: { LOG_LEVEL: 'warn' },
      });
      warmMs.push(s.readyMs);
      idleRssMb.push(s.rssMb() ?? NaN);
      await s.stop();
      const t0 = performance.now();
      const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'pg') });
      pgOnly.push(performance.now() - t0);
      await pg.stop();
    }
    return {
      coldMs: cold.readyMs,
      warmMs,
      warmMedianMs: median(warmMs),
      idleRssMb,
      postgresOnlyMs: pgOnly,
      postgresOnlyMedianMs: median(pgOnly),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

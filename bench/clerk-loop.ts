import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './lib/context';
import { startClerkLoop, type ClerkLoopLoad, LOOP_ROUTES, type LoopRoute } from './lib/clerk-loop-load';
import { fileProjects, loopTokens } from './lib/clerk-setup';
import { createSiblingDatabase, postmasterPid, withClient } from './lib/db';
import { InProcessEngine } from './lib/engine';
import { HttpClient } from './lib/http';
import { cpuSeconds, postgresCpuSeconds } from './lib/proc';
import { newestProfile, splitProfile, summarizeProfile, type ProfileSummary } from './lib/profile';
import { METRICS_TOKEN, startServer, type ServerProcess } from './lib/server';
import { median, summarize, tailBursts, type Summary, type TailBursts } from './lib/stats';
import {
  cpuPerOp,
  pgbenchPhase,
  pgbenchScript,
  pgbenchVersion,
  preparePgbenchCases,
  resetStatements,
  statements,
  type CpuReading,
  type Phase,
  type StatementStat,
} from './throughput';

export interface LoopPhase {
  round: number;
  /** Projects filed through the API just before this round (none before round 0). */
  filedBefore: number;
  /** How long that filing took, in ms. */
  filingMs: number;
  commands: number;
  seconds: number;
  perSecond: number;
  routes: Record<LoopRoute, Summary>;
  /** Mean response size per route, bytes. */
  bytes: Record<LoopRoute, number>;
  /** POSTs over 50 ms and how many came in bursts. */
  postTail: TailBursts;
  conflicts: number;
  idle: number;
  errors: number;
  /** CPU ms per command (the reads of its loop included): Node server, PostgreSQL, load generator. */
  cpuMsPerCommand: { server: number; postgres: number; client: number };
}

export interface ClerkLoopResult {
  concurrency: number;
  projects: number;
  freshPerRound: number;
  statusEvery: number;
  phases: LoopPhase[];
  pgbench: Phase[];
  /** The app's statements in the last round (pg_stat_statements), per command. */
  statements: StatementStat[];
  app: { perSecond: number; routes: Record<LoopRoute, { p50: number; p99: number }> };
  pgbenchPerSecond: number;
  ratio: number;
  ratios: number[];
  server: { idleRssMb: number | null; peakRssMb: number | null };
  /** How many batches the server wrote over the whole run, and their mean size. */
  batches: { count: number; meanSize: number } | null;
  profile: ProfileSummary | null;
  split: { part: string; ms: number; share: number }[];
  pgbenchVersion: string;
}

/** The server's batches from /metrics (null where the route is closed to the benchmark). */
async function batchFigures(http: HttpClient): Promise<ClerkLoopResult['batches']> {
  const r = await http.send('GET', '/metrics', { token: METRICS_TOKEN });
  if (r.status !== 200 || typeof r.body !== 'string') return null;
  const text = r.body;
  const value = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
  const count = value(/workflow_command_batch_size_count(?:\{[^}]*\})? (\d+)/);
  const sum = value(/workflow_command_batch_size_sum(?:\{[^}]*\})? (\d+)/);
  return { count, meanSize: count ? sum / count : 0 };
}

/**
 * The headline benchmark (issue #24): the clerk loop over projects filed through the API, against pgbench's
 * same-shape transaction in the same run, on a database of its own.
 */
export async function runClerkLoop(ctx: BenchContext): Promise<ClerkLoopResult> {
  const own = await createSiblingDatabase(ctx.db, 'clerkloop');
  const engine = await InProcessEngine.start(own.url);
  try {
    await engine.ensureEnterprise();
    await engine.ensureUsers();
    return await measure({ ...ctx, db: { ...ctx.db, url: own.url }, engine });
  } finally {
    await engine.close();
    await own.drop();
  }
}

async function measure(ctx: BenchContext): Promise<ClerkLoopResult> {
  const { db, engine, quick, log } = ctx;
  const concurrency = 16;
  const statusEvery = 5;
  const rounds = quick ? 1 : 3;
  const warmupMs = quick ? 500 : 2000;
  const durationMs = quick ? 2000 : 15000;
  const serverWarmupMs = quick ? 1000 : 10000;
  const profileMs = quick ? 2000 : 8000;
  const pgbenchSeconds = Math.round(durationMs / 1000);
  const pgbCases = quick ? 64 : 1000;
  // ~30 commands a project over its first three stages; enough projects that no clerk runs dry at a few hundred
  // commands/s (idle loops are counted and reported)
  const projects = quick ? 40 : 500;
  const freshPerRound = quick ? 10 : 100;
  const poolSize = 10;

  log(`clerk loop: preparing ${pgbCases} pgbench cases`);
  await preparePgbenchCases(engine, pgbCases);
  const server = await startServer({
    logDir: ctx.logDir,
    name: 'clerk-loop',
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'info', DATABASE_POOL_SIZE: String(poolSize) },
  });
  const http = new HttpClient(server.baseUrl, 16);
  let load: ClerkLoopLoad | undefined;
  let prof: ServerProcess | undefined;
  try {
    const { enterpriseToken, clerks } = await loopTokens(http);
    log(`clerk loop: filing ${projects} projects through the API`);
    let filed = 0;
    const initialMs = await fileProjects(http, enterpriseToken, filed, projects);
    filed += projects;
    log(`clerk loop: filed in ${(initialMs / 1000).toFixed(1)} s`);
    await withClient(db.url, (c) => c.query('VACUUM ANALYZE'));
    const idleRssMb = server.rssMb();

    load = await startClerkLoop({ baseUrl: server.baseUrl, clerks, enterpriseToken, statusEvery, concurrency });
    const pm = postmasterPid(db.dataDir);
    const loadPid = load.pid;
    const measureCpu = (): CpuReading => ({
      server: cpuSeconds(server.pid),
      postgres: postgresCpuSeconds(pm),
      client: cpuSeconds(process.pid, true) + cpuSeconds(loadPid),
    });
    const scriptFile = join(ctx.logDir, 'clerk-loop.pgbench.sql');
    writeFileSync(scriptFile, pgbenchScript(pgbCases, concurrency));
    const pgbench = await pgbenchVersion();
    if (!pgbench && !quick) throw new Error('pgbench is not installed: the clerk loop baseline needs it');

    const phases: LoopPhase[] = [];
    const pgb: Phase[] = [];
    let appStatements: StatementStat[] = [];
    for (let round = 0; round <= rounds; round++) {
      // Fresh projects filed between rounds, as in the run: their filing and first commands fall into the
      // round's warm-up and measurement.
      const fresh = round ? freshPerRound : 0;
      const filingMs = fresh ? await fileProjects(http, enterpriseToken, filed, fresh) : 0;
      filed += fresh;
      await resetStatements(db.url, db.statStatements);
      const c0 = measureCpu();
      const r = await load.round(round ? warmupMs : 0, round ? durationMs : serverWarmupMs);
      const c1 = measureCpu();
      appStatements = await statements(db.url, r.allCommands, db.statStatements);
      if (r.errors) throw new Error(`clerk loop: ${r.errors} failed requests; first: ${r.firstError}`);
      const post = r.routes['POST /api/cases/{id}/events'];
      phases.push({
        round,
        filedBefore: fresh,
        filingMs,
        commands: r.commands,
        seconds: r.seconds,
        perSecond: r.commands / r.seconds,
        routes: Object.fromEntries(LOOP_ROUTES.map((k) => [k, summarize(r.routes[k])])) as Record<LoopRoute, Summary>,
        bytes: r.bytes,
        postTail: tailBursts(post.map((latency, i) => ({ latency, end: r.postEnds[i] }))),
        conflicts: r.conflicts,
        idle: r.idle,
        errors: r.errors,
        cpuMsPerCommand: cpuPerOp(c0, c1, r.allCommands),
      });
      log(
        `clerk loop round ${round}${round ? '' : ' (warm-up)'}: ${(r.commands / r.seconds).toFixed(0)} commands/s, ` +
          `POST p99 ${summarize(post).p99.toFixed(1)} ms, ${r.idle} idle loops, ${r.conflicts} conflicts`,
      );
      if (!pgbench || !round) continue;
      const p = await pgbenchPhase({
        url: db.url,
        statStatements: false,
        logPrefix: join(ctx.logDir, `clerk-pgb-${round}`),
        scriptFile,
        concurrency,
        seconds: pgbenchSeconds,
        round,
        measureCpu,
      });
      pgb.push(p.phase);
      log(`clerk loop round ${round}: pgbench ${p.phase.perSecond.toFixed(0)} tps`);
    }
    const peakRssMb = server.peakRssMb();
    const batches = await batchFigures(http);
    http.close();
    await server.stop();

    let profile: ProfileSummary | null = null;
    let split: ClerkLoopResult['split'] = [];
    if (ctx.profile) {
      const dir = join(ctx.logDir, 'clerk-cpu-prof');
      mkdirSync(dir, { recursive: true });
      prof = await startServer({
        logDir: ctx.logDir,
        name: 'clerk-loop-profiled',
        databaseUrl: db.url,
        env: { LOG_LEVEL: 'info', DATABASE_POOL_SIZE: String(poolSize) },
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
      });
      await load.connect(prof.baseUrl);
      const warm = quick ? 1000 : 5000;
      const loadFrom = performance.now() - prof.spawnedAt + warm;
      await load.round(warm, profileMs);
      await prof.stop();
      const file = newestProfile(dir);
      if (file) {
        profile = summarizeProfile(file, loadFrom);
        split = splitProfile(file, loadFrom);
      }
    }

    const measured = phases.filter((p) => p.round > 0);
    const ratios = measured.map((a, i) => (pgb[i] ? a.perSecond / pgb[i].perSecond : NaN));
    return {
      concurrency,
      projects: filed,
      freshPerRound,
      statusEvery,
      phases,
      pgbench: pgb,
      statements: appStatements,
      app: {
        perSecond: median(measured.map((p) => p.perSecond)),
        routes: Object.fromEntries(
          LOOP_ROUTES.map((k) => [
            k,
            { p50: median(measured.map((p) => p.routes[k].p50)), p99: median(measured.map((p) => p.routes[k].p99)) },
          ]),
        ) as Record<LoopRoute, { p50: number; p99: number }>,
      },
      pgbenchPerSecond: median(pgb.map((p) => p.perSecond)),
      ratio: median(ratios),
      ratios,
      server: { idleRssMb, peakRssMb },
      batches,
      profile,
      split,
      pgbenchVersion: pgbench,
    };
  } finally {
    load?.close();
    http.close();
    await server.stop();
    await prof?.stop();
  }
}

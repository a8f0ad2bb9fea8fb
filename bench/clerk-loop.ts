import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BenchContext } from './lib/context';
import {
  LOOP_ROUTES,
  SPLIT_KINDS,
  startClerkLoop,
  type ClerkLoopLoad,
  type LoopRoute,
  type SplitKind,
  type SplitPhaseResult,
} from './lib/clerk-loop-load';
import { fileProjects, loopTokens } from './lib/clerk-setup';
import { createSiblingDatabase, postmasterPid, withClient } from './lib/db';
import { InProcessEngine } from './lib/engine';
import { HttpClient } from './lib/http';
import { cpuSeconds, postgresCpuSeconds } from './lib/proc';
import { newestProfile, RESPONSE_FRAME, stackShare, summarizeProfile, type ProfileSummary } from './lib/profile';
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
  /** What the queues' pages held when a pass found nothing to do (the most frequent entries). */
  idleSeen: { what: string; rows: number }[];
  /** Commands answered 200 in the measured window, by event type. */
  events: Record<string, number>;
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
  /** pg_stat_statements and the profile's self time belong to the clerk loop (the throughput run has its own). */
  profile: ProfileSummary | null;
  /** Share of the server's busy time in the profile spent in Express's response frames (see cpuSplit). */
  responseShare: number | null;
  /** The single-request phases after the measured rounds: what one request of each kind costs. */
  phasesByKind: SplitPhase[];
  /** CPU per command of the loop, by part: per-request cost × requests per command. */
  split: SplitRow[];
  pgbenchVersion: string;
}

export interface SplitPhase {
  kind: SplitKind;
  requests: number;
  perSecond: number;
  targets: number;
  conflicts: number;
  latency: Summary;
  /** CPU ms per request answered 200. */
  cpuMsPerRequest: { server: number; postgres: number };
}

export interface SplitRow {
  part: string;
  /** How the row is derived. */
  how: string;
  /** CPU ms per loop command. */
  server: number;
  postgres: number;
}

const SPLIT_LABELS: Record<SplitKind, string> = {
  tasks: 'GET /api/tasks (limit 20, as the loop sends it)',
  case: 'GET /api/cases/{id}',
  project: 'GET /api/projects/{id} (the enterprise)',
  accept: 'POST WINDOW_ACCEPT / DEPARTMENT_ACCEPT (no cascade)',
  approve: 'POST APPROVE (cascades into the project case)',
};
export const splitLabel = (k: SplitKind) => SPLIT_LABELS[k];

/**
 * CPU per loop command by part, measured rather than attributed: each single-request phase gives one request's
 * cost; the measured rounds give how many of each a command takes. The cascade is what an approval costs beyond a
 * non-cascading write. Response serialization is inside each request's cost; its share comes from the profile
 * (JSON.stringify and Express's send are synchronous frames under the route's handler, so that attribution holds).
 */
export function cpuSplit(phases: LoopPhase[], byKind: SplitPhase[], serializationShare: number | null): SplitRow[] {
  const measured = phases.filter((p) => p.round > 0);
  const commands = measured.reduce((n, p) => n + p.commands, 0);
  const cost = (k: SplitKind) => byKind.find((b) => b.kind === k)?.cpuMsPerRequest;
  if (!commands || SPLIT_KINDS.some((k) => !cost(k))) return [];
  const per = (route: LoopRoute) => measured.reduce((n, p) => n + p.routes[route].n, 0) / commands;
  const approvals = measured.reduce((n, p) => n + (p.events.APPROVE ?? 0), 0) / commands;
  const row = (part: string, how: string, k: SplitKind, times: number, minus?: SplitKind): SplitRow => {
    const c = cost(k)!;
    const m = minus ? cost(minus)! : { server: 0, postgres: 0 };
    return { part, how, server: (c.server - m.server) * times, postgres: (c.postgres - m.postgres) * times };
  };
  const rows = [
    row('read: queue', `${fmt2(per('GET /api/tasks'))} × GET /api/tasks`, 'tasks', per('GET /api/tasks')),
    row('read: case', `${fmt2(per('GET /api/cases/{id}'))} × GET /api/cases/{id}`, 'case', per('GET /api/cases/{id}')),
    row(
      'read: project status',
      `${fmt2(per('GET /api/projects/{id}'))} × GET /api/projects/{id}`,
      'project',
      per('GET /api/projects/{id}'),
    ),
    row('write', '1 × a non-cascading write', 'accept', 1),
    row('cascade', `${fmt2(approvals)} approvals × (APPROVE − non-cascading write)`, 'approve', approvals, 'accept'),
  ];
  const total = rows.reduce((t, r) => ({ server: t.server + r.server, postgres: t.postgres + r.postgres }), {
    server: 0,
    postgres: 0,
  });
  rows.push({ part: 'sum of the parts', how: 'per-request costs × requests per command', ...total });
  const loop = {
    server: median(measured.map((p) => p.cpuMsPerCommand.server)),
    postgres: median(measured.map((p) => p.cpuMsPerCommand.postgres)),
  };
  rows.push({ part: 'the loop as measured', how: 'median of the measured rounds', ...loop });
  if (serializationShare !== null)
    rows.push({
      part: 'of which response (serialization)',
      how: `${(serializationShare * 100).toFixed(1)} % of the server's busy time under Express's response frames (profile)`,
      server: loop.server * serializationShare,
      postgres: 0,
    });
  return rows;
}

const fmt2 = (x: number) => x.toFixed(2);

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
        idleSeen: Object.entries(r.idleSeen)
          .map(([what, rows]) => ({ what, rows }))
          .sort((a, b) => b.rows - a.rows)
          .slice(0, 8),
        events: r.events,
        errors: r.errors,
        cpuMsPerCommand: cpuPerOp(c0, c1, r.allCommands),
      });
      log(
        `clerk loop round ${round}${round ? '' : ' (warm-up)'}: ${(r.commands / r.seconds).toFixed(0)} commands/s, ` +
          `POST p99 ${summarize(post).p99.toFixed(1)} ms, ${r.idle} idle loops, ${r.conflicts} conflicts` +
          (r.idle ? `; the idle passes saw ${JSON.stringify(phases[phases.length - 1].idleSeen)}` : ''),
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
    // the rounds' figures, before the single-request phases add their own load
    const peakRssMb = server.peakRssMb();
    const batches = await batchFigures(http);
    // What each part of the loop costs: one kind of request at a time, same clients, same data.
    const phasesByKind: SplitPhase[] = [];
    for (const kind of SPLIT_KINDS) {
      const r: SplitPhaseResult = await load.phase({
        kind,
        durationMs: quick ? 1500 : 5000,
        serverPid: server.pid,
        postmasterPid: pm,
      });
      if (r.errors) throw new Error(`clerk loop, ${kind} phase: ${r.errors} failed requests; first: ${r.firstError}`);
      const n = Math.max(1, r.requests);
      phasesByKind.push({
        kind,
        requests: r.requests,
        perSecond: r.requests / Math.max(r.seconds, 1e-3),
        targets: r.targets,
        conflicts: r.conflicts,
        latency: summarize(r.latencies),
        cpuMsPerRequest: { server: r.cpuMs.server / n, postgres: r.cpuMs.postgres / n },
      });
      log(
        `clerk loop, ${kind} only: ${r.requests} requests in ${r.seconds.toFixed(1)} s (${r.targets} targets), ` +
          `CPU ms per request ${(r.cpuMs.server / n).toFixed(2)} server / ${(r.cpuMs.postgres / n).toFixed(2)} PostgreSQL`,
      );
    }
    http.close();
    await server.stop();

    let profile: ProfileSummary | null = null;
    let responseShare: number | null = null;
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
        responseShare = stackShare(file, loadFrom, RESPONSE_FRAME);
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
      responseShare,
      phasesByKind,
      split: cpuSplit(phases, phasesByKind, responseShare),
      pgbenchVersion: pgbench,
    };
  } finally {
    load?.close();
    http.close();
    await server.stop();
    await prof?.stop();
  }
}

import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCommandLoad, type CommandLoad } from './lib/command-load';
import { HttpClient } from './lib/http';
import type { BenchContext } from './lib/context';
import { backgroundBetween, backgroundWork, createSiblingDatabase, postmasterPid, type BackgroundWork } from './lib/db';
import { LIFECYCLE } from './lib/clerk-load';
import { InProcessEngine, PASSWORD, uuidFrom } from './lib/engine';
import { newestProfile, summarizeProfile, type ProfileSummary } from './lib/profile';
import { cpuSeconds, postgresCpuSeconds } from './lib/proc';
import { startServer, type ServerProcess } from './lib/server';
import { median, summarize, tailBursts, type Summary, type TailBursts } from './lib/stats';
import { withClient } from './lib/db';

/** One measured phase (the app through HTTP, or pgbench) with the CPU it cost. */
export interface Phase {
  kind: 'app' | 'pgbench';
  round: number;
  ops: number;
  seconds: number;
  perSecond: number;
  latency: Summary;
  /** Commands over 50 ms and how many of them came in bursts (most clients held up at once). */
  tail: TailBursts;
  errors: number;
  /** CPU milliseconds per command: the Node server, PostgreSQL, the load generator. */
  cpuMsPerOp: { server: number; postgres: number; client: number };
  /** PostgreSQL's background work during the round (absent in results recorded before it was counted). */
  background?: BackgroundWork;
}

export interface StatementStat {
  query: string;
  calls: number;
  callsPerOp: number;
  meanMs: number;
  totalMs: number;
  share: number;
}

export interface ThroughputResult {
  /** Items in the app's rotation at a time (and pgbench's items). */
  cases: number;
  /** Items created for the app; `approved` of them went through their whole life during the run. */
  items: number;
  approved: number;
  concurrency: number;
  poolSize: number;
  phases: Phase[];
  app: { perSecond: number; p50: number; p99: number };
  pgbench: { perSecond: number; p50: number; p99: number };
  ratio: number;
  ratios: number[];
  server: { idleRssMb: number | null; peakRssMb: number | null; readyMs: number };
  statements: { app: StatementStat[]; pgbench: StatementStat[] };
  profile: ProfileSummary | null;
  pgbenchScript: string;
  pgbenchVersion: string;
}

const STATE = 'departmentAccepted.specialProcedure';
/**
 * Who can act on a case in STATE: its department (actingDepartments). Written as the engine writes it (a JSON array
 * unpacked into the text[] column, EngineRepository.writeSteps), so that the mimic's update costs what the engine's
 * does; no ':' in it (pgbench would read ':name' as a variable).
 */
const ACTING = JSON.stringify(['planning']);

/**
 * The database work of one command, as pgbench runs it: lock the row (the app's own query), insert one event,
 * update the row; on the copies in pgbench's own tables (preparePgbenchCases).
 */
export function pgbenchScript(cases: number, clients: number): string {
  const hash = 'ab'.repeat(32);
  const lock = `WITH l AS (
  SELECT i.id, i.definition_id, i.definition_version, i.snapshot, i.seq, i.head_hash, i.parent_id, i.child_key,
         i.project_id, i.status, p.enterprise_id,
         EXISTS (SELECT 1 FROM credit_record c WHERE c.enterprise_id = p.enterprise_id
                   AND c.bars_tolerance AND c.repaired_at IS NULL) AS tolerance_barred,
         (SELECT max(c.bars_commitment_until) FROM credit_record c WHERE c.enterprise_id = p.enterprise_id
                   AND c.repaired_at IS NULL) AS commitment_barred_until
    FROM pgb_workflow_instance i LEFT JOIN project p ON p.id = i.project_id
   WHERE i.id = md5('pgb-' || :n)::uuid
     FOR UPDATE OF i)
SELECT seq AS cur_seq FROM l`;
  // One line per statement; JSON literals keep a space after ':' (pgbench would read ':name' as a variable).
  const one = (sql: string) => sql.replace(/\s+/g, ' ').trim();
  return [
    // each client works on its own cases (client_id + k·clients), as the HTTP clients never share one
    `\\set n 1 + :client_id + ${clients} * random(0, ${Math.floor(cases / clients) - 1})`,
    'BEGIN;',
    `${one(lock)} \\gset`,
    one(`INSERT INTO pgb_workflow_event (instance_id, seq, type, payload, actor, actor_id, actor_role, on_behalf_of, facts,
           definition_version, occurred_at, causation, idempotency_key, state_after, prev_hash, hash)
         VALUES (md5('pgb-' || :n)::uuid, :cur_seq + 1, 'START_SPECIAL_PROCEDURE',
           '{"procedure": "expertReview", "reason": "专家评审 第1轮"}',
           '{"userId": "00000000-0000-4000-8000-000000000000", "role": "clerk", "department": "planning"}',
           '00000000-0000-4000-8000-000000000000', 'clerk', NULL,
           '{"enterprise": {"toleranceBarred": false, "commitmentBarredUntil": null}}',
           1, now(), NULL, NULL, '${STATE}', '${hash}', '${hash}');`),
    one(`UPDATE pgb_workflow_instance
            SET snapshot = jsonb_set(snapshot, '{context,benchSeq}', to_jsonb(:cur_seq + 1)), seq = :cur_seq + 1,
                head_hash = '${hash}', definition_version = 1, status = 'active', state = '${STATE}',
                status_label = '特别程序中', stage = stage, department_queue = 'planning', waiting_on = waiting_on,
                deadline = deadline, due_at = due_at, warn_at = warn_at, timer_state = timer_state, updated_at = now(),
                acting_departments = ARRAY(SELECT jsonb_array_elements_text('${ACTING}'::jsonb))
          WHERE id = md5('pgb-' || :n)::uuid;`),
    'COMMIT;',
    '',
  ].join('\n');
}

function runProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

export async function statements(url: string, ops: number, enabled: boolean): Promise<StatementStat[]> {
  if (!enabled) return [];
  return withClient(url, async (c) => {
    const rows = (
      await c.query(
        `SELECT query, calls::bigint AS calls, total_exec_time AS total, mean_exec_time AS mean
           FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          ORDER BY total_exec_time DESC LIMIT 20`,
      )
    ).rows as { query: string; calls: string; total: number; mean: number }[];
    const sum = rows.reduce((a, r) => a + r.total, 0);
    return rows.map((r) => ({
      query: r.query.replace(/\s+/g, ' ').slice(0, 160),
      calls: Number(r.calls),
      callsPerOp: Number(r.calls) / Math.max(1, ops),
      meanMs: r.mean,
      totalMs: r.total,
      share: sum ? r.total / sum : 0,
    }));
  });
}

export async function resetStatements(url: string, enabled: boolean) {
  if (enabled) await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
}

/** CPU seconds so far of the server, PostgreSQL and the load generator (for CPU per operation). */
export type CpuReading = { server: number; postgres: number; client: number };

export const cpuPerOp = (a: CpuReading, b: CpuReading, ops: number) => ({
  server: ((b.server - a.server) * 1000) / Math.max(1, ops),
  postgres: ((b.postgres - a.postgres) * 1000) / Math.max(1, ops),
  client: ((b.client - a.client) * 1000) / Math.max(1, ops),
});

export async function pgbenchVersion(): Promise<string> {
  return runProcess('pgbench', ['--version']).then(
    (r) => (r.code === 0 ? r.out.trim() : ''),
    () => '',
  );
}

/** The pgbench baseline's cases: approval items brought to the state the script's transaction expects. */
export async function preparePgbenchCases(engine: InProcessEngine, cases: number): Promise<void> {
  const pgbIds = Array.from({ length: cases }, (_, i) => uuidFrom(`pgb-${i + 1}`));
  await engine.createItems(pgbIds);
  const prepare = async (id: string) => {
    await engine.send(id, 'WINDOW_ACCEPT', { userId: 'w', role: 'clerk', department: 'window' });
    await engine.send(id, 'DEPARTMENT_ACCEPT', { userId: 'p', role: 'clerk', department: 'planning' });
    await engine.send(
      id,
      'START_SPECIAL_PROCEDURE',
      { userId: 'p', role: 'clerk', department: 'planning' },
      { procedure: 'expertReview', reason: '专家评审' },
    );
  };
  for (let i = 0; i < pgbIds.length; i += 16) await Promise.all(pgbIds.slice(i, i + 16).map(prepare));
  // pgbench works on copies in tables of its own (same columns and indexes, none of the app's triggers), so that
  // its rows, locks and dead tuples never meet the app's.
  const ds = engine.dataSource;
  for (const [table, key] of [
    ['workflow_instance', 'id'],
    ['workflow_event', 'instance_id'],
  ]) {
    const columns = (
      await ds.query(
        `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS list
           FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'`,
        [table],
      )
    )[0].list as string;
    await ds.query(`DROP TABLE IF EXISTS pgb_${table}`);
    await ds.query(`CREATE TABLE pgb_${table} (LIKE ${table} INCLUDING ALL)`);
    await ds.query(
      `INSERT INTO pgb_${table} (${columns}) OVERRIDING SYSTEM VALUE SELECT ${columns} FROM ${table} WHERE ${key} = ANY($1)`,
      [pgbIds],
    );
  }
  await ds.query('ANALYZE pgb_workflow_instance, pgb_workflow_event');
}

/** One pgbench phase of the same-shape transaction (pgbenchScript), with its latencies, CPU and statements. */
export async function pgbenchPhase(o: {
  url: string;
  statStatements: boolean;
  logPrefix: string;
  scriptFile: string;
  concurrency: number;
  seconds: number;
  round: number;
  measureCpu: () => CpuReading;
}): Promise<{ phase: Phase; statements: StatementStat[] }> {
  const { url: dbUrl, logPrefix, scriptFile, concurrency, round, measureCpu } = o;
  const pgbenchSeconds = o.seconds;
  const db = { url: dbUrl, statStatements: o.statStatements };
  await resetStatements(db.url, db.statStatements);
  mkdirSync(logPrefix, { recursive: true });
  const pb0 = await backgroundWork(db.url);
  const p0 = measureCpu();
  const out = await runProcess('pgbench', [
    '-n',
    '-M',
    'extended',
    '-c',
    String(concurrency),
    '-j',
    '2',
    '-T',
    String(pgbenchSeconds),
    '-f',
    scriptFile,
    '-l',
    `--log-prefix=${join(logPrefix, 'tx')}`,
    db.url,
  ]);
  const p1 = measureCpu();
  const pb1 = await backgroundWork(db.url);
  if (out.code !== 0) throw new Error(`pgbench failed (${out.code}):\n${out.out}`);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out.out)?.[1] ?? NaN);
  const latencies: number[] = [];
  const samples: { latency: number; end: number }[] = [];
  for (const f of readdirSync(logPrefix)) {
    for (const line of readFileSync(join(logPrefix, f), 'utf8').split('\n')) {
      // client_id transaction_no time(µs) script_no time_epoch(s) time_us: when the transaction finished
      const parts = line.split(' ');
      if (parts.length < 6) continue;
      const latency = Number(parts[2]) / 1000;
      latencies.push(latency);
      samples.push({ latency, end: Number(parts[4]) * 1000 + Number(parts[5]) / 1000 });
    }
  }
  const failed = Number(/number of failed transactions: (\d+)/.exec(out.out)?.[1] ?? 0);
  const phase: Phase = {
    kind: 'pgbench',
    round,
    ops: latencies.length,
    seconds: pgbenchSeconds,
    perSecond: tps,
    latency: summarize(latencies),
    tail: tailBursts(samples),
    errors: failed,
    cpuMsPerOp: cpuPerOp(p0, p1, latencies.length),
    background: backgroundBetween(pb0, pb1),
  };
  return { phase, statements: await statements(db.url, latencies.length, db.statStatements) };
}

/**
 * The command benchmark on a database of its own (on the same server): its ~14,000 items, each with a project,
 * would otherwise sit ahead of the 100,000 projects of the scale benchmark in the project table, and a search
 * that scans it stops only after reading past them.
 */
export async function runThroughput(ctx: BenchContext): Promise<ThroughputResult> {
  const own = await createSiblingDatabase(ctx.db, 'throughput');
  const engine = await InProcessEngine.start(own.url);
  try {
    await engine.ensureEnterprise();
    await engine.ensureUsers();
    return await measureThroughput({ ...ctx, db: { ...ctx.db, url: own.url }, engine });
  } finally {
    await engine.close();
    await own.drop();
  }
}

async function measureThroughput(ctx: BenchContext): Promise<ThroughputResult> {
  const { db, engine, quick, log } = ctx;
  const cases = quick ? 64 : 1000;
  const concurrency = 16;
  const rounds = quick ? 1 : 3;
  const warmupMs = quick ? 500 : 2000;
  const durationMs = quick ? 2000 : 15000;
  // The server's first seconds under load run on code V8 has not optimized yet (the first round was the slowest in
  // every full run until this warm-up: git log). An unmeasured round of the same load comes first, so that the
  // rounds compare steady states; its figures are reported as round 0 and not counted.
  const serverWarmupMs = quick ? 1000 : 15000;
  // the profiled server (a fresh one) is profiled after a warm-up of its own, for the shares of a steady state
  const profileWarmupMs = quick ? 1000 : 8000;
  const pgbenchSeconds = Math.round(durationMs / 1000);
  const poolSize = 10;

  // The app's items: `cases` in rotation, each driven through its life and then replaced by a fresh one; enough
  // fresh ones for 1,000 commands/s over every phase (above anything measured here; the load throws if they run out).
  const loadSeconds =
    (serverWarmupMs + rounds * (warmupMs + durationMs)) / 1000 +
    (ctx.profile ? (profileWarmupMs + (quick ? 2000 : 10000)) / 1000 : 0);
  const items = cases + Math.ceil((loadSeconds * 1000) / LIFECYCLE.length);
  log(`throughput: creating ${items} + ${cases} approval items through the engine`);
  const ids = Array.from({ length: items }, (_, i) => uuidFrom(`app-${i + 1}`));
  await engine.createItems(ids);
  // the pgbench cases, in the state the app cases will be in (the same snapshot sizes and queue columns)
  await preparePgbenchCases(engine, cases);
  await withClient(db.url, (c) => c.query('VACUUM ANALYZE'));

  const server = await startServer({
    logDir: ctx.logDir,
    name: 'throughput',
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'info', DATABASE_POOL_SIZE: String(poolSize) },
  });
  const idleRssMb = server.rssMb();
  const http = new HttpClient(server.baseUrl, concurrency * 2);
  let load: CommandLoad | undefined;
  let prof: ServerProcess | undefined;
  // whatever fails, no server and no load process is left behind (a server is a child that outlives this process)
  try {
    const login = async (username: string) =>
      (await http.json<{ accessToken: string }>('POST', '/api/auth/login', { body: { username, password: PASSWORD } }))
        .accessToken;
    const windowToken = await login('bench-window');
    const planningToken = await login('bench-planning');

    // the closed loop of clerk commands, in a process of its own (bench/lib/command-load.ts; HttpClient is for the
    // set-up requests)
    load = await startCommandLoad({
      baseUrl: server.baseUrl,
      ids,
      rotation: cases,
      tokens: { window: windowToken, planning: planningToken },
      concurrency,
    });
    let approved = 0;

    const pm = postmasterPid(db.dataDir);
    const scriptFile = join(ctx.logDir, 'command.pgbench.sql');
    const script = pgbenchScript(cases, concurrency);
    writeFileSync(scriptFile, script);
    const pgbench = await pgbenchVersion();
    // The smoke run (CI) must not fail for a missing client tool: it then runs without the baseline.
    if (!pgbench && !quick) throw new Error('pgbench is not installed: the throughput baseline needs it');
    if (!pgbench) log('throughput: pgbench not found; quick mode continues without the baseline');

    const phases: Phase[] = [];
    let appStatements: StatementStat[] = [];
    let pgbStatements: StatementStat[] = [];
    // the load generator: the load process in the app's rounds; pgbench, a child that exits, in pgbench's
    const loadPid = load.pid;
    const measureCpu = () => ({
      server: cpuSeconds(server.pid),
      postgres: postgresCpuSeconds(pm),
      client: cpuSeconds(process.pid, true) + cpuSeconds(loadPid),
    });

    for (let round = 0; round <= rounds; round++) {
      // the app through HTTP (round 0: the server's warm-up)
      await resetStatements(db.url, db.statStatements);
      const b0 = await backgroundWork(db.url);
      const c0 = measureCpu();
      const r = await load.round(round ? warmupMs : 0, round ? durationMs : serverWarmupMs);
      approved = r.completed;
      const c1 = measureCpu();
      const b1 = await backgroundWork(db.url);
      if (r.errors) throw new Error(`throughput: ${r.errors} failed commands; first: ${r.firstError}`);
      phases.push({
        kind: 'app',
        round,
        ops: r.ops,
        seconds: r.seconds,
        perSecond: r.ops / r.seconds,
        latency: summarize(r.latencies),
        tail: tailBursts(r.latencies.map((latency, i) => ({ latency, end: r.ends[i] }))),
        errors: r.errors,
        cpuMsPerOp: cpuPerOp(c0, c1, r.allOps), // CPU read over warm-up + measurement: every command of it
        background: backgroundBetween(b0, b1),
      });
      appStatements = await statements(db.url, r.allOps, db.statStatements);
      log(`throughput round ${round}${round ? '' : ' (warm-up)'}: app ${(r.ops / r.seconds).toFixed(0)} cmd/s`);

      // pgbench, same database, same concurrency
      if (!pgbench || !round) continue;
      const phase = await pgbenchPhase({
        url: db.url,
        statStatements: db.statStatements,
        logPrefix: join(ctx.logDir, `pgb-${round}`),
        scriptFile,
        concurrency,
        seconds: pgbenchSeconds,
        round,
        measureCpu,
      });
      phases.push(phase.phase);
      pgbStatements = phase.statements;
      const tps = phase.phase.perSecond;
      log(`throughput round ${round}: pgbench ${tps.toFixed(0)} tps`);
    }
    const peakRssMb = server.peakRssMb();
    http.close();
    await server.stop();

    let profile: ProfileSummary | null = null;
    if (ctx.profile) {
      const dir = join(ctx.logDir, 'cpu-prof');
      mkdirSync(dir, { recursive: true });
      prof = await startServer({
        logDir: ctx.logDir,
        name: 'throughput-profiled',
        databaseUrl: db.url,
        env: { LOG_LEVEL: 'info', DATABASE_POOL_SIZE: String(poolSize) },
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
      });
      // the tokens stay valid: same JWT secret, same users
      await load.connect(prof.baseUrl);
      const loadFrom = performance.now() - prof.spawnedAt + profileWarmupMs;
      approved = (await load.round(profileWarmupMs, quick ? 2000 : 10000)).completed;
      await prof.stop();
      const file = newestProfile(dir);
      if (file) profile = summarizeProfile(file, loadFrom);
    }

    const app = phases.filter((p) => p.kind === 'app' && p.round > 0);
    const pgb = phases.filter((p) => p.kind === 'pgbench');
    const ratios = app.map((a, i) => (pgb[i] ? a.perSecond / pgb[i].perSecond : NaN));
    return {
      cases,
      items,
      approved,
      concurrency,
      poolSize,
      phases,
      app: {
        perSecond: median(app.map((p) => p.perSecond)),
        p50: median(app.map((p) => p.latency.p50)),
        p99: median(app.map((p) => p.latency.p99)),
      },
      pgbench: {
        perSecond: median(pgb.map((p) => p.perSecond)),
        p50: median(pgb.map((p) => p.latency.p50)),
        p99: median(pgb.map((p) => p.latency.p99)),
      },
      ratio: median(ratios),
      ratios,
      server: { idleRssMb, peakRssMb, readyMs: server.readyMs },
      statements: { app: appStatements, pgbench: pgbStatements },
      profile,
      pgbenchScript: script,
      pgbenchVersion: pgbench,
    };
  } finally {
    load?.close();
    http.close();
    await server.stop();
    await prof?.stop();
  }
}

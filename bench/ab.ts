import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileProjects, loopTokens } from './lib/clerk-setup';
import { startClerkLoop } from './lib/clerk-loop-load';
import {
  backgroundBetween,
  backgroundWork,
  createSiblingDatabase,
  describeBackground,
  openBenchDatabase,
  postmasterPid,
  withClient,
  type BenchDatabase,
} from './lib/db';
import { LIFECYCLE } from './lib/clerk-load';
import { startCommandLoad } from './lib/command-load';
import { InProcessEngine, PASSWORD, uuidFrom } from './lib/engine';
import { HttpClient } from './lib/http';
import { instanceWrites, STATS_SETTLE_MS, writesTable, type InstanceWrites } from './lib/instance-writes';
import { productionNodeFlags } from './lib/node-flags';
import { cpuSeconds, postgresCpuSeconds } from './lib/proc';
import { METRICS_TOKEN, ROOT, startServer, type ServerProcess } from './lib/server';
import { BURST, median, summarize, tailBursts } from './lib/stats';

/**
 * npm run bench:ab -- --ref=<git ref> [--load=command|clerk] [--rounds=8] [--seconds=4] [--node-a="<flags>"] [--node-b="<flags>"]
 *   command load: [--rotation=300] [--keys]; clerk loop: [--projects=300] [--fresh=0]
 *
 * Two builds under the same load at once: A, the given commit (checked out and built in a temporary worktree),
 * and B, this working tree. The rounds alternate (A B, B A, …), so that both see the same machine: on a shared
 * machine a difference of 5–10 % between two separate runs is noise, within one run it is not. Reports
 * commands/s and the server's and PostgreSQL's CPU milliseconds per command (from /proc) per round, and their
 * medians after the first two rounds (JIT warm-up). Prints only; docs/benchmarks.md cites its figures.
 *
 * `--load=command` (default): the throughput benchmark's write-only load; both servers on one database (migrated
 * by B), each on its own items; `--keys` sends a fresh Idempotency-Key with each command. `--load=clerk`: the
 * clerk loop (bench/lib/clerk-loop-load.ts) over `--projects` filed through the API, `--fresh` more filed before
 * each round; each build on a database of its own that its server migrates as it starts (so a build's own
 * migrations, e.g. an index, are measured too), on the same PostgreSQL. `--node-a` / `--node-b` give either
 * server Node.js flags (e.g. `--ref=HEAD --node-b="--max-semi-space-size=32"` measures a flag on one build), after
 * those of the build's own `start:prod` (`--node-b="--heap-growing-percent=0"` undoes production's heap bound). The
 * table gives each server's RSS after the setup and its peak (VmHWM) after the rounds. The clerk loop also prints
 * each build's workflow_instance updates over the rounds, the HOT share of them, and the heap's and every index's
 * size after the setup and after the rounds (bench/lib/instance-writes.ts): what an index costs the writes.
 */
const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;

function buildRef(ref: string, log: (m: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'permits-ab-'));
  execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, ref], { stdio: 'ignore' });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  log(`A: ${ref} built in ${dir}`);
  execFileSync(process.execPath, [join(dir, 'scripts', 'build.js')], { cwd: dir, stdio: 'ignore' });
  const main = join(dir, 'dist', 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`no ${main} after the build of ${ref}`);
  return dir;
}

/** One build's side of the comparison: its server and its load. */
interface Contender {
  server: ServerProcess;
  /** Deadlocks PostgreSQL detected in this build's database so far (the clerk loop: a database per build). */
  deadlocks?: () => Promise<number>;
  /** The build's own database (the clerk loop), for its pg_stat_statements. */
  databaseUrl?: string;
  /** What comes before a round and is not measured (the clerk loop's fresh projects). */
  prepare(): Promise<void>;
  /** A measured round: commands answered, their POST latencies (ms) and end times, reads' latencies by route. */
  round(warmupMs: number, durationMs: number): Promise<AbRound>;
  close(): void;
}

interface AbRound {
  ops: number;
  allOps: number;
  seconds: number;
  latencies: number[];
  ends: number[];
  reads: Record<string, number[]>;
  errors: number;
  firstError?: string;
}

/** The throughput benchmark's write-only load: both builds on the benchmark's database, each on its own items. */
async function commandContenders(
  db: BenchDatabase,
  start: (k: number, databaseUrl: string) => Promise<ServerProcess>,
  rounds: number,
  seconds: number,
  log: (m: string) => void,
): Promise<Contender[]> {
  const engine = await InProcessEngine.start(db.url);
  await engine.ensureEnterprise();
  await engine.ensureUsers();
  // Per build: `--rotation` items in rotation (300), and fresh ones for 1,000 commands/s over every round (ClerkLoad).
  const rotation = Number(arg('rotation', '300'));
  const items = rotation + Math.ceil((rounds * (seconds + 0.5) * 1000) / LIFECYCLE.length);
  log(`creating ${items} items per build`);
  const cases = ['a', 'b'].map((k) => Array.from({ length: items }, (_, i) => uuidFrom(`ab-${k}-${i}`)));
  await engine.createItems(cases.flat());
  await engine.close();
  const keys = process.argv.includes('--keys');
  const contenders: Contender[] = [];
  for (const k of [0, 1]) {
    const server = await start(k, db.url);
    const c = new HttpClient(server.baseUrl, 32);
    const login = async (username: string) =>
      (await c.json<{ accessToken: string }>('POST', '/api/auth/login', { body: { username, password: PASSWORD } }))
        .accessToken;
    const tokens = { window: await login('bench-window'), planning: await login('bench-planning') };
    c.close();
    const load = await startCommandLoad({
      baseUrl: server.baseUrl,
      ids: cases[k],
      rotation,
      tokens,
      concurrency: 16,
      keys,
    });
    contenders.push({
      server,
      prepare: async () => undefined,
      async round(warmupMs, durationMs) {
        const r = await load.round(warmupMs, durationMs);
        return { ...r, reads: {} };
      },
      close: () => load.close(),
    });
  }
  return contenders;
}

/**
 * The clerk loop: each build on a database of its own (migrated by its own server as it starts), `--projects`
 * filed through the API, `--fresh` more before each of its rounds.
 */
async function clerkContenders(
  db: BenchDatabase,
  start: (k: number, databaseUrl: string) => Promise<ServerProcess>,
  log: (m: string) => void,
  drops: (() => Promise<void>)[],
): Promise<Contender[]> {
  const projects = Number(arg('projects', '300'));
  const fresh = Number(arg('fresh', '0'));
  const contenders: Contender[] = [];
  for (const k of [0, 1]) {
    const own = await createSiblingDatabase(db, `ab${k}`, { migrate: false });
    drops.push(own.drop);
    const server = await start(k, own.url);
    const engine = await InProcessEngine.start(own.url);
    await engine.ensureEnterprise();
    await engine.ensureUsers();
    await engine.close();
    const http = new HttpClient(server.baseUrl, 16);
    const { enterpriseToken, clerks } = await loopTokens(http);
    log(`${'AB'[k]}: filing ${projects} projects`);
    let filed = 0;
    await fileProjects(http, enterpriseToken, filed, projects);
    filed += projects;
    await withClient(own.url, (c) => c.query('VACUUM ANALYZE'));
    const load = await startClerkLoop({
      baseUrl: server.baseUrl,
      clerks,
      enterpriseToken,
      statusEvery: 5,
      concurrency: 16,
    });
    contenders.push({
      server,
      databaseUrl: own.url,
      async prepare() {
        if (fresh) await fileProjects(http, enterpriseToken, filed, fresh);
        filed += fresh;
      },
      async round(warmupMs, durationMs) {
        const r = await load.round(warmupMs, durationMs);
        const { 'POST /api/cases/{id}/events': latencies, ...reads } = r.routes;
        return {
          ops: r.commands,
          allOps: r.allCommands,
          seconds: r.seconds,
          latencies,
          ends: r.postEnds,
          reads,
          errors: r.errors,
          firstError: r.firstError,
        };
      },
      deadlocks: () =>
        withClient(own.url, async (c) =>
          Number(
            (
              await c.query<{ n: string }>(
                'SELECT deadlocks AS n FROM pg_stat_database WHERE datname = current_database()',
              )
            ).rows[0].n,
          ),
        ),
      close: () => {
        load.close();
        http.close();
      },
    });
  }
  return contenders;
}

/**
 * A build's statements over every round, per command (the commands of the warm-ups too, as the CPU figures
 * count them): calls, rows, shared buffers hit/read and execution time. Counters of PostgreSQL's own, so they
 * do not depend on the neighbours the way time does.
 */
async function statementsPerCommand(db: BenchDatabase, url: string, ops: number, build: string): Promise<string> {
  // read where the extension is installed (the benchmark's own database), filtered to the build's database
  const rows = await withClient(
    db.url,
    async (c) =>
      (
        await c.query<{ query: string; calls: string; rows: string; hit: string; read: string; ms: number }>(
          `SELECT query, calls, rows, shared_blks_hit AS hit, shared_blks_read AS read, total_exec_time AS ms
             FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = $1)
            ORDER BY total_exec_time DESC`,
          [new URL(url).pathname.slice(1)],
        )
      ).rows,
  );
  const per = (x: string | number) => (Number(x) / Math.max(1, ops)).toFixed(2);
  const sum = (f: (r: (typeof rows)[number]) => number) => rows.reduce((a, r) => a + f(r), 0);
  const L = [
    `\n${build}: ${ops} commands; per command: ${per(sum((r) => Number(r.calls)))} statements, ${per(sum((r) => Number(r.hit) + Number(r.read)))} shared buffers, ${per(sum((r) => r.ms))} ms executing\n`,
    '| calls | rows | buffers hit / read | exec ms | statement |',
    '|---|---|---|---|---|',
  ];
  for (const r of rows.slice(0, 15))
    L.push(
      `| ${per(r.calls)} | ${per(r.rows)} | ${per(r.hit)} / ${per(r.read)} | ${per(r.ms)} | \`${r.query.replace(/\s+/g, ' ').slice(0, 140)}\` |`,
    );
  return `${L.join('\n')}\n`;
}

async function main() {
  const log = (m: string) => process.stdout.write(`[ab ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  const ref = arg('ref', '');
  if (!ref) throw new Error('--ref=<git ref> is required: the build to compare this working tree with');
  const loadKind = arg('load', 'command');
  if (loadKind !== 'command' && loadKind !== 'clerk')
    throw new Error(`--load must be command or clerk, got ${loadKind}`);
  const rounds = Number(arg('rounds', '8'));
  const seconds = Number(arg('seconds', '4'));
  // the medians leave out the first two rounds (JIT warm-up): with fewer than three there would be nothing to print
  if (!Number.isInteger(rounds) || rounds < 3)
    throw new Error(
      `--rounds must be a whole number of at least 3 (the first two are warm-up), got ${arg('rounds', '8')}`,
    );
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${arg('seconds', '4')}`);
  const nodeArgs = ['a', 'b'].map((k) => arg(`node-${k}`, '').split(' ').filter(Boolean));
  const worktree = buildRef(ref, log);
  // each build's servers start with the flags of its own start:prod (bench/lib/server.ts), then these
  const flags = [productionNodeFlags(worktree), productionNodeFlags(ROOT)].map((f, k) => [...f, ...nodeArgs[k]]);
  const logDir = mkdtempSync(join(tmpdir(), 'permits-ab-logs-'));
  const db = await openBenchDatabase(log);
  const servers: ServerProcess[] = [];
  const drops: (() => Promise<void>)[] = [];
  let contenders: Contender[] = [];
  // one at a time, so that A is stopped in the `finally` below should B fail to start
  const start = async (k: number, databaseUrl: string) => {
    const server = await startServer({
      logDir,
      name: 'ab'[k],
      databaseUrl,
      env: { LOG_LEVEL: 'info' },
      nodeArgs: nodeArgs[k],
      ...(k ? {} : { main: join(worktree, 'dist', 'src', 'main.js') }),
    });
    servers.push(server);
    return server;
  };
  try {
    contenders =
      loadKind === 'clerk'
        ? await clerkContenders(db, start, log, drops)
        : await commandContenders(db, start, rounds, seconds, log);

    // resident memory after the setup (the clerk loop's projects filed) and at its peak (VmHWM) after the rounds
    const setupRss = servers.map((s) => s.rssMb());
    // The clerk loop's write cost on its indexes: each build's HOT updates and index sizes over the rounds (a
    // database of its own each; the counters read once the servers' backends have reported them)
    const writesOf = async () => {
      const urls = contenders.map((c) => c.databaseUrl);
      if (urls.some((u) => !u)) return null;
      await new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS));
      return Promise.all(urls.map((u) => instanceWrites(u as string)));
    };
    const writesBefore: InstanceWrites[] | null = await writesOf();
    const postmaster = postmasterPid(db.dataDir);
    const per = [0, 1].map(() => ({
      perSecond: [] as number[],
      cpuMs: [] as number[],
      pgMs: [] as number[],
      latencies: [] as number[],
      reads: {} as Record<string, number[]>,
    }));
    // PostgreSQL's background work (autovacuum, autoanalyze, checkpoints) counts in its CPU too: a round that
    // carried some says so, lest one build's PostgreSQL figure be read as its own doing (autovacuum comes after
    // the same number of writes in each run, so it tends to fall into the same round).
    const background = () => backgroundWork(db.url);
    const warmupMs = 500;
    // statements per command from here on: the rounds (and the fresh projects filed before them), not the setup
    if (db.statStatements) await withClient(db.url, (c) => c.query('SELECT pg_stat_statements_reset()'));
    const allOps = [0, 0];
    for (let round = 0; round < rounds; round++) {
      for (const k of round % 2 ? [1, 0] : [0, 1]) {
        await contenders[k].prepare();
        const b0 = await background();
        const c0 = cpuSeconds(servers[k].pid);
        const p0 = postgresCpuSeconds(postmaster);
        const r = await contenders[k].round(warmupMs, seconds * 1000);
        const c1 = cpuSeconds(servers[k].pid);
        const p1 = postgresCpuSeconds(postmaster);
        const b1 = await background();
        if (r.errors) throw new Error(`${'AB'[k]}: ${r.errors} failed commands; first: ${r.firstError}`);
        allOps[k] += r.allOps;
        // CPU is read over warm-up + measurement: divide by every command of that window
        const cpuMs = ((c1 - c0) * 1000) / r.allOps;
        const pgMs = ((p1 - p0) * 1000) / r.allOps;
        const tail = tailBursts(r.latencies.map((latency, i) => ({ latency, end: r.ends[i] })));
        const bg = describeBackground(backgroundBetween(b0, b1));
        const reads = Object.entries(r.reads)
          .map(([route, l]) => `, ${route} p99 ${summarize(l).p99.toFixed(0)} ms`)
          .join('');
        log(
          `round ${round + 1} ${'AB'[k]}: ${(r.ops / r.seconds).toFixed(0)} cmd/s, server ${cpuMs.toFixed(2)} ms/cmd, PostgreSQL ${pgMs.toFixed(2)} ms/cmd, POST p99 ${summarize(r.latencies).p99.toFixed(0)} ms${reads}, over ${BURST.thresholdMs} ms ${tail.slow} (${tail.inBursts} in ${tail.bursts} bursts)${bg ? `, ${bg}` : ''}`,
        );
        if (round >= 2) {
          per[k].perSecond.push(r.ops / r.seconds);
          per[k].cpuMs.push(cpuMs);
          per[k].pgMs.push(pgMs);
          per[k].latencies.push(...r.latencies);
          for (const [route, l] of Object.entries(r.reads)) (per[k].reads[route] ??= []).push(...l);
        }
      }
    }
    // how each build wrote its batches (workflow_command_batch_writes_total by path) and how large they were
    for (const k of [0, 1]) {
      const text = await (
        await fetch(`${servers[k].baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      const metric = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
      const paths = ['locked', 'unlocked', 'conflict'].map(
        (p) => `${p} ${metric(new RegExp(`workflow_command_batch_writes_total\\{path="${p}"\\} (\\d+)`))}`,
      );
      const size =
        metric(/workflow_command_batch_size_sum (\d+)/) /
        Math.max(1, metric(/workflow_command_batch_size_count (\d+)/));
      log(`${'AB'[k]}: batches written ${paths.join(', ')}; ${size.toFixed(1)} commands per batch`);
      // each a wait of deadlock_timeout (1 s) for the commands of the aborted batch; counters lag up to ~1 s
      const deadlocks = await contenders[k].deadlocks?.();
      if (deadlocks !== undefined) log(`${'AB'[k]}: deadlocks detected by PostgreSQL ${deadlocks}`);
    }
    const writesAfter = writesBefore && (await writesOf());
    if (writesBefore && writesAfter)
      process.stdout.write(
        `\nworkflow_instance writes over the rounds (sizes after the setup → after the rounds):\n\n${writesTable(
          [0, 1].map((k) => ({
            label: k ? 'B: working tree' : `A: ${ref}`,
            before: writesBefore[k],
            after: writesAfter[k],
          })),
        )}\n`,
      );
    for (const k of [0, 1]) {
      const url = contenders[k].databaseUrl;
      if (url && db.statStatements) process.stdout.write(await statementsPerCommand(db, url, allOps[k], 'AB'[k]));
    }
    const readRoutes = Object.keys(per[1].reads);
    const mb = (x: number | null) => (x === null ? '–' : x.toFixed(0));
    process.stdout.write(
      `\nload: ${loadKind}\n\n| build | commands/s (median) | CPU ms per command, server / PostgreSQL (medians) | POST p50 / p99 ms |${readRoutes.map((r) => ` ${r} p50 / p99 ms |`).join('')} server RSS MB, after setup / peak |\n|---|---|---|---|${readRoutes.map(() => '---|').join('')}---|\n`,
    );
    for (const k of [0, 1]) {
      const l = summarize(per[k].latencies);
      const reads = readRoutes.map((r) => {
        const s = summarize(per[k].reads[r] ?? []);
        return ` ${s.p50.toFixed(1)} / ${s.p99.toFixed(1)} |`;
      });
      process.stdout.write(
        `| ${k ? 'B: working tree' : `A: ${ref}`}${flags[k].length ? ` (${flags[k].join(' ')})` : ''} | ${median(per[k].perSecond).toFixed(0)} | ${median(per[k].cpuMs).toFixed(2)} / ${median(per[k].pgMs).toFixed(2)} | ${l.p50.toFixed(1)} / ${l.p99.toFixed(1)} |${reads.join('')} ${mb(setupRss[k])} / ${mb(servers[k].peakRssMb())} |\n`,
      );
    }
    process.stdout.write(
      `\nB / A: commands/s ${(median(per[1].perSecond) / median(per[0].perSecond)).toFixed(2)}, server CPU per command ${(median(per[1].cpuMs) / median(per[0].cpuMs)).toFixed(2)}, PostgreSQL CPU per command ${(median(per[1].pgMs) / median(per[0].pgMs)).toFixed(2)}; load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' / ')}\n`,
    );
  } finally {
    contenders.forEach((c) => c.close());
    for (const s of servers) await s.stop();
    for (const drop of drops) await drop().catch(() => undefined);
    await db.close();
    execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', worktree], { stdio: 'ignore' });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

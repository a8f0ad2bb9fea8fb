import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backgroundBetween, backgroundWork, describeBackground, openBenchDatabase, postmasterPid } from './lib/db';
import { LIFECYCLE } from './lib/clerk-load';
import { CommandLoad } from './lib/command-load';
import { InProcessEngine, PASSWORD, uuidFrom } from './lib/engine';
import { HttpClient } from './lib/http';
import { cpuSeconds, postgresCpuSeconds } from './lib/proc';
import { METRICS_TOKEN, ROOT, startServer, type ServerProcess } from './lib/server';
import { BURST, median, summarize, tailBursts } from './lib/stats';

/**
 * npm run bench:ab -- --ref=<git ref> [--rounds=8] [--seconds=4] [--rotation=300] [--node-a="<flags>"] [--node-b="<flags>"] [--keys]
 *
 * The command load of the throughput benchmark against two builds at once: A, the given commit (checked out and
 * built in a temporary worktree), and B, this working tree. Both servers run on one database, each on its own
 * cases, and the rounds alternate (A B, B A, …), so that both see the same machine: on a shared machine a
 * difference of 5–10 % between two separate runs is noise, within one run it is not. Reports commands/s and the
 * server's CPU milliseconds per command (from /proc) per round, and their medians after the first two rounds
 * (JIT warm-up); PostgreSQL's background work per round (autovacuum, checkpoints) and at the end how each build
 * wrote its batches. Prints only; docs/benchmarks.md cites its figures. `--node-a` / `--node-b` give either server
 * Node.js flags (e.g. `--ref=HEAD --node-b="--max-semi-space-size=32"` measures a flag on one build). `--keys`
 * sends each command with a fresh Idempotency-Key, as the UI does (the throughput benchmark sends none).
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

async function main() {
  const log = (m: string) => process.stdout.write(`[ab ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  const ref = arg('ref', '');
  if (!ref) throw new Error('--ref=<git ref> is required: the build to compare this working tree with');
  const rounds = Number(arg('rounds', '8'));
  const seconds = Number(arg('seconds', '4'));
  // the medians leave out the first two rounds (JIT warm-up): with fewer than three there would be nothing to print
  if (!Number.isInteger(rounds) || rounds < 3)
    throw new Error(
      `--rounds must be a whole number of at least 3 (the first two are warm-up), got ${arg('rounds', '8')}`,
    );
  if (!(seconds > 0)) throw new Error(`--seconds must be a positive number, got ${arg('seconds', '4')}`);
  const nodeArgs = ['a', 'b'].map((k) => arg(`node-${k}`, '').split(' ').filter(Boolean));
  const keys = process.argv.includes('--keys');
  const worktree = buildRef(ref, log);
  const logDir = mkdtempSync(join(tmpdir(), 'permits-ab-logs-'));
  const db = await openBenchDatabase(log);
  const servers: ServerProcess[] = [];
  try {
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

    const env = { LOG_LEVEL: 'info' };
    // one at a time, so that A is stopped in the `finally` below should B fail to start
    servers.push(
      await startServer({
        logDir,
        name: 'a',
        databaseUrl: db.url,
        env,
        nodeArgs: nodeArgs[0],
        main: join(worktree, 'dist', 'src', 'main.js'),
      }),
    );
    servers.push(await startServer({ logDir, name: 'b', databaseUrl: db.url, env, nodeArgs: nodeArgs[1] }));
    const clients = servers.map((s) => new HttpClient(s.baseUrl, 32));
    const tokens: { window: string; planning: string }[] = [];
    for (const c of clients) {
      const login = async (username: string) =>
        (await c.json<{ accessToken: string }>('POST', '/api/auth/login', { body: { username, password: PASSWORD } }))
          .accessToken;
      tokens.push({ window: await login('bench-window'), planning: await login('bench-planning') });
    }
    // The throughput benchmark's load (bench/lib/command-load.ts), one load process per build.
    const loads = await Promise.all(
      servers.map((s, k) =>
        CommandLoad.start({ baseUrl: s.baseUrl, ids: cases[k], rotation, tokens: tokens[k], concurrency: 16, keys }),
      ),
    );

    const postmaster = postmasterPid(db.dataDir);
    const per = [0, 1].map(() => ({
      perSecond: [] as number[],
      cpuMs: [] as number[],
      pgMs: [] as number[],
      latencies: [] as number[],
    }));
    // PostgreSQL's background work (autovacuum, autoanalyze, checkpoints) counts in its CPU too: a round that
    // carried some says so, lest one build's PostgreSQL figure be read as its own doing (autovacuum comes after
    // the same number of writes in each run, so it tends to fall into the same round).
    const background = () => backgroundWork(db.url);
    const warmupMs = 500;
    for (let round = 0; round < rounds; round++) {
      for (const k of round % 2 ? [1, 0] : [0, 1]) {
        const b0 = await background();
        const c0 = cpuSeconds(servers[k].pid);
        const p0 = postgresCpuSeconds(postmaster);
        const r = await loads[k].round(warmupMs, seconds * 1000);
        const c1 = cpuSeconds(servers[k].pid);
        const p1 = postgresCpuSeconds(postmaster);
        const b1 = await background();
        if (r.errors) throw new Error(`${'AB'[k]}: ${r.errors} failed commands; first: ${r.firstError}`);
        // CPU is read over warm-up + measurement: divide by every command of that window
        const cpuMs = ((c1 - c0) * 1000) / r.allOps;
        const pgMs = ((p1 - p0) * 1000) / r.allOps;
        const tail = tailBursts(r.latencies.map((latency, i) => ({ latency, end: r.ends[i] })));
        const bg = describeBackground(backgroundBetween(b0, b1));
        log(
          `round ${round + 1} ${'AB'[k]}: ${(r.ops / r.seconds).toFixed(0)} cmd/s, server ${cpuMs.toFixed(2)} ms/cmd, PostgreSQL ${pgMs.toFixed(2)} ms/cmd, over ${BURST.thresholdMs} ms ${tail.slow} (${tail.inBursts} in ${tail.bursts} bursts)${bg ? `, ${bg}` : ''}`,
        );
        if (round >= 2) {
          per[k].perSecond.push(r.ops / r.seconds);
          per[k].cpuMs.push(cpuMs);
          per[k].pgMs.push(pgMs);
          per[k].latencies.push(...r.latencies);
        }
      }
    }
    // how each build wrote its batches (workflow_command_batch_writes_total) and how large they were
    for (const k of [0, 1]) {
      const text = await (
        await fetch(`${servers[k].baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })
      ).text();
      const metric = (re: RegExp) => Number(re.exec(text)?.[1] ?? 0);
      const paths = ['unlocked', 'locked', 'conflict'].map(
        (p) => `${p} ${metric(new RegExp(`workflow_command_batch_writes_total\\{path="${p}"\\} (\\d+)`))}`,
      );
      const size =
        metric(/workflow_command_batch_size_sum (\d+)/) /
        Math.max(1, metric(/workflow_command_batch_size_count (\d+)/));
      log(`${'AB'[k]}: batches written ${paths.join(', ')}; ${size.toFixed(1)} commands per batch`);
    }
    clients.forEach((c) => c.close());
    loads.forEach((l) => l.close());
    process.stdout.write(
      `\n| build | commands/s (median) | CPU ms per command, server / PostgreSQL (medians) | p50 / p99 ms |\n|---|---|---|---|\n`,
    );
    for (const k of [0, 1]) {
      const l = summarize(per[k].latencies);
      process.stdout.write(
        `| ${k ? 'B: working tree' : `A: ${ref}`}${nodeArgs[k].length ? ` (${nodeArgs[k].join(' ')})` : ''} | ${median(per[k].perSecond).toFixed(0)} | ${median(per[k].cpuMs).toFixed(2)} / ${median(per[k].pgMs).toFixed(2)} | ${l.p50.toFixed(1)} / ${l.p99.toFixed(1)} |\n`,
      );
    }
    process.stdout.write(
      `\nB / A: commands/s ${(median(per[1].perSecond) / median(per[0].perSecond)).toFixed(2)}, server CPU per command ${(median(per[1].cpuMs) / median(per[0].cpuMs)).toFixed(2)}, PostgreSQL CPU per command ${(median(per[1].pgMs) / median(per[0].pgMs)).toFixed(2)}\n`,
    );
  } finally {
    for (const s of servers) await s.stop();
    await db.close();
    execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', worktree], { stdio: 'ignore' });
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

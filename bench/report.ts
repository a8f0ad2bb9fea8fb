import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { splitLabel, type ClerkLoopResult } from './clerk-loop';
import type { ReplayResult } from './replay';
import type { ScaleResult, QueryFigure } from './scale';
import type { StartupResult } from './startup';
import type { StatementStat, ThroughputResult } from './throughput';
import { describeBackground } from './lib/db';
import type { ProfileSummary } from './lib/profile';
import { ROOT } from './lib/server';
import { BURST, fmt, median, type Summary } from './lib/stats';

export interface BenchResults {
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string;
  loadBefore: number[];
  loadAfter: number[];
  serverVersion: string;
  pgbenchVersion: string;
  clerkLoop?: ClerkLoopResult;
  throughput?: ThroughputResult;
  replay?: ReplayResult;
  scale?: ScaleResult;
  startup?: StartupResult;
}

export const TARGETS = {
  /** The clerk loop (issue #24): commands/s against pgbench's tx/s, POST p99, the reads' p99. */
  loopRatio: 0.3,
  loopPostP99: 50,
  loopReadP99: 20,
  ratio: 0.5,
  commandP99: 50,
  replayPerSecond: 20000,
  asOfP50: 50,
  readP99: 20,
  peakRssMb: 300,
  warmStartMs: 10000,
};

function pkg(name: string): string {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return '?';
  }
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    return '?';
  }
}

const lat = (s: Summary) => `${fmt(s.p50, 2)} / ${fmt(s.p90, 2)} / ${fmt(s.p99, 2)} / ${fmt(s.max, 1)}`;
const yes = (ok: boolean) => (ok ? '✅ met' : '❌ missed');

/** One line per target: [what, target, measured, met]. */
export function verdicts(r: BenchResults): [string, string, string, boolean][] {
  const out: [string, string, string, boolean][] = [];
  const c = r.clerkLoop;
  if (c) {
    out.push([
      'clerk loop: commands/s vs pgbench tx/s (ratio)',
      `≥ ${TARGETS.loopRatio}`,
      fmt(c.ratio, 2),
      c.ratio >= TARGETS.loopRatio,
    ]);
    const post = c.app.routes['POST /api/cases/{id}/events'].p99;
    out.push([
      'clerk loop: POST p99',
      `≤ ${TARGETS.loopPostP99} ms`,
      `${fmt(post, 1)} ms`,
      post <= TARGETS.loopPostP99,
    ]);
    for (const route of ['GET /api/cases/{id}', 'GET /api/tasks'] as const) {
      const p99 = c.app.routes[route].p99;
      out.push([
        `clerk loop: ${route} p99`,
        `≤ ${TARGETS.loopReadP99} ms`,
        `${fmt(p99, 1)} ms`,
        p99 <= TARGETS.loopReadP99,
      ]);
    }
    out.push([
      'clerk loop: server peak RSS',
      `≤ ${TARGETS.peakRssMb} MB`,
      `${fmt(c.server.peakRssMb ?? NaN, 0)} MB`,
      (c.server.peakRssMb ?? Infinity) <= TARGETS.peakRssMb,
    ]);
  }
  const t = r.throughput;
  if (t) {
    out.push([
      'write-only loop: commands/s vs pgbench (ratio)',
      `≥ ${TARGETS.ratio}`,
      fmt(t.ratio, 2),
      t.ratio >= TARGETS.ratio,
    ]);
    out.push([
      'write-only loop: command p99 (16 clients)',
      `≤ ${TARGETS.commandP99} ms`,
      `${fmt(t.app.p99, 1)} ms`,
      t.app.p99 <= TARGETS.commandP99,
    ]);
    out.push([
      'write-only loop: server peak RSS',
      `≤ ${TARGETS.peakRssMb} MB`,
      `${fmt(t.server.peakRssMb ?? NaN, 0)} MB`,
      (t.server.peakRssMb ?? Infinity) <= TARGETS.peakRssMb,
    ]);
  }
  const rp = r.replay;
  if (rp) {
    for (const f of rp.fold)
      out.push([
        `replay: ${f.label}`,
        `≥ ${TARGETS.replayPerSecond} events/s`,
        `${fmt(f.perSecond, 0)} events/s`,
        f.perSecond >= TARGETS.replayPerSecond,
      ]);
    out.push([
      `as-of state, case with ${rp.historyEvents} events, p50`,
      `≤ ${TARGETS.asOfP50} ms`,
      `${fmt(rp.asOf.randomSeq.p50, 2)} ms`,
      rp.asOf.randomSeq.p50 <= TARGETS.asOfP50,
    ]);
  }
  const s = r.scale;
  if (s) {
    for (const q of s.sql.filter((q) => !q.name.startsWith('baseline'))) {
      const ok = q.latency.p99 <= TARGETS.readP99 && q.seqScans.length === 0;
      out.push([
        `at scale (SQL): ${q.name}`,
        `p99 ≤ ${TARGETS.readP99} ms, indexed`,
        `${fmt(q.latency.p99, 2)} ms${q.seqScans.length ? `, Seq Scan on ${[...new Set(q.seqScans)].join(', ')}` : ''}`,
        ok,
      ]);
    }
    for (const h of s.http.filter((h) => h.latency && !h.route.includes('baseline'))) {
      out.push([
        `at scale (HTTP): ${h.route}`,
        `p99 ≤ ${TARGETS.readP99} ms`,
        `${fmt(h.latency!.p99, 2)} ms`,
        h.latency!.p99 <= TARGETS.readP99,
      ]);
    }
  }
  const st = r.startup;
  if (st)
    out.push([
      'start-up on a warm data folder (median)',
      `≤ ${TARGETS.warmStartMs / 1000} s`,
      `${fmt(st.warmMedianMs / 1000, 2)} s`,
      st.warmMedianMs <= TARGETS.warmStartMs,
    ]);
  return out;
}

function queryTable(figs: QueryFigure[]): string[] {
  return [
    '| query | p50 / p90 / p99 / max (ms) | n | sequential scans |',
    '|---|---|---|---|',
    ...figs.map(
      (q) =>
        `| ${q.name} | ${lat(q.latency)} | ${q.latency.n} | ${q.seqScans.length ? [...new Set(q.seqScans)].join(', ') : 'none'} |`,
    ),
  ];
}

/** The statements of a round, per command: calls and execution time. */
function statementTable(title: string, stats: StatementStat[]): string[] {
  return [
    `${title} (per command: calls and server execution time; planning and protocol time are not included):`,
    '',
    '| statement | calls per command | mean exec ms | share of exec time |',
    '|---|---|---|---|',
    ...stats.map(
      (s) =>
        `| \`${s.query.replace(/\|/g, '\\|')}\` | ${fmt(s.callsPerOp, 2)} | ${fmt(s.meanMs, 3)} | ${fmt(s.share * 100, 1)} % |`,
    ),
    '',
  ];
}

/** A profile's self time by component, function and project file. */
function profileTables(title: string, p: ProfileSummary): string[] {
  const L = [
    `${title} (\`node --cpu-prof\`, ${fmt(p.wallMs / 1000, 1)} s of load, main thread busy ${fmt((p.busyMs / Math.max(1, p.wallMs)) * 100, 0)} % of it). Self time by component:`,
    '',
    '| component | self ms | share of busy time |',
    '|---|---|---|',
  ];
  for (const c of p.byComponent.slice(0, 16))
    L.push(`| ${c.component} | ${fmt(c.ms, 0)} | ${fmt(c.share * 100, 1)} % |`);
  L.push('', 'Top functions by self time:', '', '| function | where | self ms | share |', '|---|---|---|---|');
  for (const f of p.byFunction)
    L.push(`| \`${f.fn}\` | ${f.where || '(native)'} | ${fmt(f.ms, 0)} | ${fmt(f.share * 100, 1)} % |`);
  L.push('', 'Project code by file (self time):', '', '| file | self ms | share |', '|---|---|---|');
  for (const f of p.byProjectFile) L.push(`| ${f.file} | ${fmt(f.ms, 0)} | ${fmt(f.share * 100, 1)} % |`);
  L.push('');
  return L;
}

/**
 * The headline table and what stands behind it: the clerk loop against pgbench; with `perRequest`, the table of
 * the single-request phases too (the full report; docs/benchmarks.md keeps the split only).
 */
export function clerkLoopSection(c: ClerkLoopResult, perRequest = false): string[] {
  const L: string[] = [];
  const routes = Object.keys(c.app.routes) as (keyof ClerkLoopResult['app']['routes'])[];
  L.push('### Clerk loop against pgbench (headline)', '');
  L.push(
    `${c.concurrency} clerks; ${c.projects} projects filed through the API (${c.freshPerRound} more before each round); the enterprise reads its project's status once per ${c.statusEvery} commands. commands/s counts POSTs answered 200.`,
    '',
  );
  L.push(
    `| round | commands/s | pgbench tx/s | ratio | p50 / p99 ms: ${routes.join(' · ')} | CPU ms per command: server / PostgreSQL / load | 409 / idle loops |`,
    '|---|---|---|---|---|---|---|',
  );
  for (const p of c.phases) {
    const pgb = c.pgbench.find((x) => x.round === p.round);
    const lat = routes.map((k) => `${fmt(p.routes[k].p50, 1)} / ${fmt(p.routes[k].p99, 1)}`).join(' · ');
    L.push(
      `| ${p.round || '0 (warm-up)'} | ${fmt(p.perSecond, 0)} | ${pgb ? fmt(pgb.perSecond, 0) : '–'} | ${pgb ? fmt(p.perSecond / pgb.perSecond, 2) : '–'} | ${lat} | ${fmt(p.cpuMsPerCommand.server, 2)} / ${fmt(p.cpuMsPerCommand.postgres, 2)} / ${fmt(p.cpuMsPerCommand.client, 2)} | ${p.conflicts} / ${p.idle} |`,
    );
  }
  const last = c.phases[c.phases.length - 1];
  L.push(
    '',
    `**Median: ${fmt(c.app.perSecond, 0)} commands/s against pgbench ${fmt(c.pgbenchPerSecond, 0)} tx/s: ratio ${fmt(c.ratio, 2)}** (per round ${c.ratios.map((x) => fmt(x, 2)).join(', ')}). Server RSS ${fmt(c.server.idleRssMb ?? NaN, 0)} MB idle, peak ${fmt(c.server.peakRssMb ?? NaN, 0)} MB. Mean response sizes: ${routes.map((k) => `${k} ${fmt(last.bytes[k] / 1024, 1)} KiB`).join(', ')}. POSTs over ${BURST.thresholdMs} ms in the last round: ${last.postTail.slow} (${last.postTail.inBursts} in ${last.postTail.bursts} bursts).`,
    '',
  );
  if (c.batches) {
    L.push(
      `Batches written (group commit, whole run): ${c.batches.count}, ${fmt(c.batches.meanSize, 1)} commands per batch on average.`,
      '',
    );
  }
  if (c.split.length) {
    L.push(
      "CPU per loop command by part, measured: after the rounds, 16 clients send one kind of request only on the same data (table below); each part is that request's CPU × how many of it a command of the loop takes:",
      '',
      '| part | derived from | server ms | PostgreSQL ms |',
      '|---|---|---|---|',
    );
    for (const s of c.split) L.push(`| ${s.part} | ${s.how} | ${fmt(s.server, 2)} | ${fmt(s.postgres, 2)} |`);
    L.push('');
  }
  if (perRequest && c.phasesByKind.length) {
    L.push(
      '| one kind of request only | requests/s | p50 / p99 ms | CPU ms per request: server / PostgreSQL | targets / 409 |',
      '|---|---|---|---|---|',
    );
    for (const k of c.phasesByKind)
      L.push(
        `| ${splitLabel(k.kind)} | ${fmt(k.perSecond, 0)} | ${fmt(k.latency.p50, 1)} / ${fmt(k.latency.p99, 1)} | ${fmt(k.cpuMsPerRequest.server, 2)} / ${fmt(k.cpuMsPerRequest.postgres, 2)} | ${k.targets || '–'} / ${k.conflicts} |`,
      );
    L.push('');
  }
  const idleSeen = c.phases.flatMap((p) => (p.idle ? [{ round: p.round, seen: p.idleSeen }] : []));
  if (idleSeen.some((x) => x.seen.length))
    L.push(
      `What the queues' pages held when a clerk found nothing to do: ${idleSeen
        .map((x) => `round ${x.round}: ${x.seen.map((s) => `${s.what} ×${s.rows}`).join(', ')}`)
        .join('; ')}.`,
      '',
    );
  return L;
}

export function renderMarkdown(r: BenchResults): string {
  const L: string[] = [];
  const cpu = cpus();
  L.push(`## Results (${r.mode} run, ${r.finishedAt})`, '');
  L.push('### Machine and versions', '');
  L.push(
    `- CPU: ${cpu[0]?.model ?? '?'} × ${cpu.length} cores; memory ${(totalmem() / 2 ** 30).toFixed(1)} GiB; Linux ${release()}`,
  );
  L.push(
    `- load average (1/5/15 min) before: ${r.loadBefore.map((x) => x.toFixed(2)).join(' / ')}, after: ${r.loadAfter.map((x) => x.toFixed(2)).join(' / ')} — other work shares the machine; figures are medians of repeats in one run`,
  );
  L.push(`- Node.js ${process.version}; ${r.serverVersion.split(',')[0]}; ${r.pgbenchVersion}`);
  L.push(
    `- @nestjs/core ${pkg('@nestjs/core')}, express ${pkg('express')}, typeorm ${pkg('typeorm')}, pg ${pkg('pg')}, xstate ${pkg('xstate')}, jsonwebtoken ${pkg('jsonwebtoken')}, pino ${pkg('pino')}`,
  );
  L.push(
    `- commit ${git(['rev-parse', '--short', 'HEAD'])} (${git(['log', '-1', '--format=%s']).slice(0, 80)}); run from ${r.startedAt} to ${r.finishedAt}`,
  );
  L.push('');
  L.push('### Targets', '', '| benchmark | target | measured (median) | |', '|---|---|---|---|');
  for (const [what, target, got, ok] of verdicts(r)) L.push(`| ${what} | ${target} | ${got} | ${yes(ok)} |`);
  L.push('');

  if (r.clerkLoop) {
    const c = r.clerkLoop;
    L.push(...clerkLoopSection(c, true));
    if (c.statements.length)
      L.push(...statementTable('Clerk loop: pg_stat_statements during its last measured round', c.statements));
    if (c.profile) L.push(...profileTables('Clerk loop: CPU profile of the server under the clerk loop', c.profile));
  }

  const t = r.throughput;
  if (t) {
    L.push('### Write-only loop (secondary figure: HTTP vs pgbench, same database, same run)', '');
    L.push(
      `${t.concurrency} concurrent clients, keep-alive; the server's pool has ${t.poolSize} connections (default). Each app command is a clerk event on the next of ${t.cases} approval items in rotation, which go through their life — WINDOW_ACCEPT, DEPARTMENT_ACCEPT, START_SPECIAL_PROCEDURE, END_SPECIAL_PROCEDURE, APPROVE — and are then replaced by fresh ones (${t.approved ?? '–'} of ${t.items ?? '–'} created items approved in this run); pgbench works on ${t.cases} items of its own, in the state after START_SPECIAL_PROCEDURE; pgbench runs the script below (the app's own lock query, one event insert, one row update) with -M extended (unnamed statements, as node-postgres sends them).`,
      '',
    );
    L.push(
      `| round | kind | commands/s | p50 / p90 / p99 / max (ms) | n | over ${BURST.thresholdMs} ms: all / in bursts (bursts) | CPU ms per command: server / PostgreSQL / load generator | PostgreSQL's background work |`,
      '|---|---|---|---|---|---|---|---|',
    );
    for (const p of t.phases) {
      const tail = `${p.tail.slow} / ${p.tail.inBursts} (${p.tail.bursts})`;
      L.push(
        `| ${p.round || '0 (warm-up, not counted)'} | ${p.kind === 'app' ? 'app (HTTP)' : 'pgbench'} | ${fmt(p.perSecond, 0)} | ${lat(p.latency)} | ${p.ops} | ${tail} | ${fmt(p.cpuMsPerOp.server, 2)} / ${fmt(p.cpuMsPerOp.postgres, 2)} / ${fmt(p.cpuMsPerOp.client, 2)} | ${p.background ? describeBackground(p.background) || 'none' : '–'} |`,
      );
    }
    L.push(
      '',
      `A burst: at least ${BURST.minBurst} commands over ${BURST.thresholdMs} ms (of ${t.concurrency} clients), each finishing within ${BURST.gapMs} ms of the one before — most clients held up by one pause at once (the server, PostgreSQL or the machine); pgbench's count shows how often PostgreSQL and the machine alone pause. PostgreSQL's background work: autovacuum and autoanalyze runs on the benchmark's database and checkpoints begun during the round (a checkpoint's writes and fsyncs hold up commits, the app's and pgbench's alike).`,
      '',
    );
    L.push(
      `**Median: app ${fmt(t.app.perSecond, 0)} commands/s (p50 ${fmt(t.app.p50, 1)} ms, p99 ${fmt(t.app.p99, 1)} ms); pgbench ${fmt(t.pgbench.perSecond, 0)} tps (p50 ${fmt(t.pgbench.p50, 1)} ms, p99 ${fmt(t.pgbench.p99, 1)} ms); ratio ${fmt(t.ratio, 2)}** (per round: ${t.ratios.map((x) => fmt(x, 2)).join(', ')}).`,
      '',
    );
    L.push(
      `Server memory: RSS ${fmt(t.server.idleRssMb ?? NaN, 0)} MB idle after start (baseline), peak ${fmt(t.server.peakRssMb ?? NaN, 0)} MB (VmHWM) after the throughput rounds.`,
      '',
    );
    if (t.statements.app.length) {
      L.push(...statementTable('Write-only loop: pg_stat_statements during the last app round', t.statements.app));
      L.push('and during the last pgbench round:', '');
      L.push('| statement | calls per transaction | mean exec ms | share |', '|---|---|---|---|');
      for (const s of t.statements.pgbench.slice(0, 6))
        L.push(
          `| \`${s.query.replace(/\|/g, '\\|')}\` | ${fmt(s.callsPerOp, 2)} | ${fmt(s.meanMs, 3)} | ${fmt(s.share * 100, 1)} % |`,
        );
      L.push('');
    }
    if (t.profile)
      L.push(...profileTables('Write-only loop: CPU profile of the server under the same load', t.profile));
    L.push(
      '<details><summary>pgbench script</summary>',
      '',
      '```sql',
      t.pgbenchScript.trim(),
      '```',
      '',
      '</details>',
      '',
    );
  }

  const rp = r.replay;
  if (rp) {
    L.push('### Replay', '');
    L.push(
      '| fold (in-process, `replay()` of src/audit/replay.ts through the registry) | events | events/s per repeat | median events/s |',
      '|---|---|---|---|',
    );
    for (const f of [...rp.fold, rp.baseline])
      L.push(
        `| ${f === rp.baseline ? `baseline: ${f.label}` : f.label} | ${f.events} | ${f.runs.map((x) => fmt(x, 0)).join(', ')} | ${fmt(f.perSecond, 0)} |`,
      );
    L.push('');
    L.push(
      `As-of route \`GET /api/cases/:id/state?seq=\` on a case with ${rp.historyEvents} events (checkpoints every 50), one client, auditor token:`,
      '',
    );
    L.push('| request | p50 / p90 / p99 / max (ms) | n |', '|---|---|---|');
    L.push(`| as-of a random seq in 1…${rp.historyEvents} | ${lat(rp.asOf.randomSeq)} | ${rp.asOf.randomSeq.n} |`);
    L.push(
      `| as-of seq ${rp.asOf.worstSeq.seq} (longest fold after a checkpoint) | ${lat(rp.asOf.worstSeq.latency)} | ${rp.asOf.worstSeq.latency.n} |`,
    );
    L.push(
      `| baseline: \`GET /api/cases/:id\` (case view) | ${lat(rp.asOf.baselineCaseView)} | ${rp.asOf.baselineCaseView.n} |`,
    );
    L.push('');
  }

  const s = r.scale;
  if (s) {
    L.push('### Reads at scale', '');
    L.push(
      `Loaded ${s.load.projects} projects, ${s.load.instances} instances and ${s.load.events} events in ${fmt(s.load.seconds, 0)} s: ${s.templates.length} template projects driven through the real engine (CommandService, ${s.templates.map((t) => t.events).join('/')} events each), cloned with new ids and hash chains recomputed with src/audit/hash-chain.ts. Verified ${s.verified.ok}/${s.verified.checked} sampled cloned projects with \`verifyTree\` (hash chain and replay).`,
      '',
    );
    L.push('| table | rows | size |', '|---|---|---|');
    for (const tb of s.tables) L.push(`| ${tb.table} | ${tb.rows} | ${tb.size} |`);
    L.push(
      '',
      'SQL of the routes (sequential, one connection; the statements of src/projects/projects.repository.ts and src/tasks/tasks.service.ts, counts capped at 1,000 as the routes do):',
      '',
    );
    L.push(...queryTable(s.sql), '');
    for (const q of s.sql.filter((f) => f.byParam)) {
      L.push(
        `${q.name}, per term (p50 / p99 ms): ` +
          (q.byParam ?? [])
            .map((b) => `${b.param.replace(/%/g, '')} ${b.latency.p50.toFixed(1)} / ${b.latency.p99.toFixed(1)}`)
            .join('; '),
        '',
      );
    }
    L.push(
      "HTTP routes (one keep-alive client; the routes interleaved request by request; in the full run 3 rounds, each figure the median of the rounds'):",
      '',
      '| route | status | p50 / p90 / p99 / max (ms) |',
      '|---|---|---|',
    );
    for (const h of s.http) L.push(`| ${h.route} | ${h.status} | ${h.latency ? lat(h.latency) : '–'} |`);
    if (s.calendarLoad?.length) {
      L.push(
        '',
        "Loading a year's holiday arrangement (`PUT /api/calendar/years/{year}`, admin, once each, after the routes above): the server answers at once and then, in the background, brings the stored deadline instants the new days can move — pending timers, the active instances' due and warning columns, due from 60 days before the changed year — to the new calendar (the run's time and rows from the server's metrics: workflow_deadline_recompute_seconds, workflow_deadline_instants_read_total, workflow_deadline_instants_moved_total).",
        '',
        '| request | request ms | run after it, s | rows read: timers / instances | rows moved: timers / instances |',
        '|---|---|---|---|---|',
      );
      for (const c of s.calendarLoad)
        L.push(
          `| ${c.request} | ${fmt(c.ms, 0)} | ${c.runSeconds === null ? '–' : fmt(c.runSeconds, 2)} | ${c.read.timers} / ${c.read.instances} | ${c.moved.timers} / ${c.moved.instances} |`,
        );
    }
    L.push('', '<details><summary>EXPLAIN (ANALYZE, BUFFERS) of each query</summary>', '');
    for (const q of s.sql) {
      L.push(`**${q.name}**`, '', '```', q.plan, '```', '');
    }
    L.push('</details>', '');
  }

  const st = r.startup;
  if (st) {
    L.push('### Start-up and memory', '');
    L.push(
      `\`node dist/src/main.js\` with its own DATA_DIR (embedded PostgreSQL, demo mode as \`npm start\`), timed from spawn to the first 200 of /api/health.`,
      '',
    );
    L.push('| | ms |', '|---|---|');
    L.push(`| first start (initdb, migrations, seeding) | ${fmt(st.coldMs, 0)} |`);
    L.push(`| warm starts | ${st.warmMs.map((x) => fmt(x, 0)).join(', ')} (median ${fmt(st.warmMedianMs, 0)}) |`);
    L.push(
      `| baseline: the embedded PostgreSQL alone on the same folder | ${st.postgresOnlyMs.map((x) => fmt(x, 0)).join(', ')} (median ${fmt(st.postgresOnlyMedianMs, 0)}) |`,
    );
    L.push(`| RSS of the server when ready (MB) | ${st.idleRssMb.map((x) => fmt(x, 0)).join(', ')} |`);
    L.push('');
  }
  return L.join('\n');
}

/**
 * The part of a run docs/benchmarks.md keeps (the full tables, statements, profiles and plans stay in the run's
 * results.md): the machine and its load, the targets, the clerk loop, and one line per other benchmark.
 */
export function renderSummary(r: BenchResults): string {
  const L: string[] = [];
  const cpu = cpus();
  L.push(`### Latest recorded run (${r.mode}, ${r.finishedAt.slice(0, 16).replace('T', ' ')} UTC)`, '');
  L.push(
    `${cpu[0]?.model ?? '?'} × ${cpu.length} cores, Linux ${release()}; Node.js ${process.version}; ${r.serverVersion.split(',')[0]}; ${r.pgbenchVersion}. Commit ${git(['rev-parse', '--short', 'HEAD'])}. **Load average before / after: ${r.loadBefore.map((x) => x.toFixed(1)).join(' / ')} → ${r.loadAfter.map((x) => x.toFixed(1)).join(' / ')}** (other work shared the machine).`,
    '',
  );
  L.push('| target | goal | measured (median) | |', '|---|---|---|---|');
  for (const [what, target, got, ok] of verdicts(r)) L.push(`| ${what} | ${target} | ${got} | ${yes(ok)} |`);
  L.push('');
  if (r.clerkLoop) L.push(...clerkLoopSection(r.clerkLoop));
  const t = r.throughput;
  if (t) {
    L.push(
      `**Write-only loop (secondary):** ${fmt(t.app.perSecond, 0)} commands/s against pgbench ${fmt(t.pgbench.perSecond, 0)} tx/s, ratio ${fmt(t.ratio, 2)} (rounds ${t.ratios.map((x) => fmt(x, 2)).join(', ')}); p50 ${fmt(t.app.p50, 1)} ms, p99 ${fmt(t.app.p99, 1)} ms; server CPU ${fmt(median(t.phases.filter((p) => p.kind === 'app' && p.round > 0).map((p) => p.cpuMsPerOp.server)), 2)} ms per command.`,
      '',
    );
  }
  return L.join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** Replaces the generated part of docs/benchmarks.md; the hand-written analysis around it stays. */
export function writeReport(file: string, markdown: string): void {
  const block = `${START}\n\n${markdown}\n\n${END}`;
  if (!existsSync(file)) {
    writeFileSync(
      file,
      `# Benchmarks\n\nRun with \`npm run bench\` (\`-- --quick\` for the CI smoke run).\n\n${block}\n`,
    );
    return;
  }
  const text = readFileSync(file, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  writeFileSync(
    file,
    a >= 0 && b > a ? `${text.slice(0, a)}${block}${text.slice(b + END.length)}` : `${text.trimEnd()}\n\n${block}\n`,
  );
}

export { loadavg };

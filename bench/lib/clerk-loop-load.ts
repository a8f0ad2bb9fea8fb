import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoadProcess, serveLoad } from './load-process';
import { cpuSeconds, postgresCpuSeconds } from './proc';
import { RawHttpConnection } from './raw-http';

/** The routes the clerk loop times, in the order of the report. */
export const LOOP_ROUTES = [
  'GET /api/tasks',
  'GET /api/cases/{id}',
  'POST /api/cases/{id}/events',
  'GET /api/projects/{id}',
] as const;
export type LoopRoute = (typeof LOOP_ROUTES)[number];

/** The progressing events a clerk sends, in the order an item takes them. */
export const PROGRESSING = ['WINDOW_ACCEPT', 'DEPARTMENT_ACCEPT', 'APPROVE'] as const;

export interface ClerkLoopSetup {
  baseUrl: string;
  /** Bearer tokens of one clerk per department, the window first. */
  clerks: { department: string; token: string }[];
  /** The enterprise that filed the projects: reads a project's status once per `statusEvery` commands. */
  enterpriseToken: string;
  statusEvery: number;
  concurrency: number;
}

export interface ClerkLoopRound {
  seconds: number;
  /** Commands answered 200 in the measured window. */
  commands: number;
  /** Every 200 command, the warm-up's included (the denominator of CPU per command). */
  allCommands: number;
  /** Latency samples per route (ms), measured window only. */
  routes: Record<LoopRoute, number[]>;
  /** Mean response body size per route, in bytes. */
  bytes: Record<LoopRoute, number>;
  /** When each measured POST ended (performance.now() of the load process), in the order of its samples. */
  postEnds: number[];
  /** 409s: the case moved between the read and the write (If-Match); expected now and then, not an error. */
  conflicts: number;
  /** Loops that found nothing to do in any queue (the clerk waits 20 ms, as after a 409 or a failure). */
  idle: number;
  /** What the queues' pages held when a pass found nothing to do: "definition state" → rows (not busy). */
  idleSeen: Record<string, number>;
  /** Commands answered 200 in the measured window, by event type. */
  events: Record<string, number>;
  errors: number;
  firstError?: string;
}

/**
 * The single-request phases that measure what each part of the loop costs (docs/benchmarks.md, "CPU per loop"):
 * the queue read as the loop sends it, the case read, the project status read, the non-cascading writes
 * (WINDOW_ACCEPT, DEPARTMENT_ACCEPT) and the approvals (which cascade into the project case).
 */
export const SPLIT_KINDS = ['tasks', 'case', 'project', 'accept', 'approve'] as const;
export type SplitKind = (typeof SPLIT_KINDS)[number];

export interface SplitPhaseRequest {
  kind: SplitKind;
  durationMs: number;
  /** The server's and the postmaster's pids: the child reads their CPU around the phase, not around its set-up. */
  serverPid: number;
  postmasterPid: number | null;
}

export interface SplitPhaseResult {
  kind: SplitKind;
  /** Requests answered 200 (the writes: commands). */
  requests: number;
  seconds: number;
  latencies: number[];
  /** Targets found before the phase (reads: ids to read; writes: items offering the event); 0 for the queue. */
  targets: number;
  conflicts: number;
  errors: number;
  firstError?: string;
  /** CPU ms over the phase: the Node server and PostgreSQL (all its processes). */
  cpuMs: { server: number; postgres: number };
}

interface TaskRow {
  instanceId: string;
  seq: number;
  definitionId: string;
  state: string;
  project: { id: string };
  allowedEvents: { type: string; disabledReason?: string }[];
}

/** The parent's handle on a clerk loop process (see LoadProcess for why a process of its own). */
export type ClerkLoopLoad = LoadProcess<ClerkLoopSetup, ClerkLoopRound, SplitPhaseRequest, SplitPhaseResult>;

/**
 * The clerk loop of issue #24 in a process of its own: `concurrency` clerks, each on a keep-alive connection,
 * each doing what the UI does — list their department's queue (GET /api/tasks), open a case (GET
 * /api/cases/{id}), send its progressing event with Idempotency-Key and If-Match — and, once per `statusEvery`
 * commands, the enterprise reads its project's status. A clerk whose queue offers nothing looks at the next
 * department's queue (so the loop stays closed as the stages move on).
 */
export const startClerkLoop = (setup: ClerkLoopSetup): Promise<ClerkLoopLoad> =>
  LoadProcess.start<ClerkLoopSetup, ClerkLoopRound, SplitPhaseRequest, SplitPhaseResult>(
    join(__dirname, 'clerk-loop-load.js'),
    'clerk loop',
    setup,
  );

/** How many pages of 20 a clerk reads of one queue, at most, before looking at the next department's. */
const QUEUE_PAGES = 10;

/** What a task offers, for the idle passes' record (a disabled event marked). */
const offeredKey = (offered: readonly { type: string; disabledReason?: string }[]): string =>
  offered.map((e) => `${e.type}${e.disabledReason ? ' (disabled)' : ''}`).join('/') || 'nothing';

/** The progressing event among those offered, or null. */
export function progressingEvent(offered: readonly { type: string }[]): (typeof PROGRESSING)[number] | null {
  return PROGRESSING.find((type) => offered.some((e) => e.type === type)) ?? null;
}

async function runRound(
  setup: ClerkLoopSetup,
  connections: RawHttpConnection[],
  busy: Set<string>,
  warmupMs: number,
  durationMs: number,
): Promise<ClerkLoopRound> {
  const routes = Object.fromEntries(LOOP_ROUTES.map((r) => [r, [] as number[]])) as Record<LoopRoute, number[]>;
  const postEnds: number[] = [];
  const bytes = Object.fromEntries(LOOP_ROUTES.map((r) => [r, 0])) as Record<LoopRoute, number>;
  const round: ClerkLoopRound = {
    seconds: 0,
    commands: 0,
    allCommands: 0,
    routes,
    bytes,
    postEnds,
    conflicts: 0,
    idle: 0,
    idleSeen: {},
    events: {},
    errors: 0,
  };
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  let sinceStatus = 0;
  const timed = async (
    route: LoopRoute,
    c: RawHttpConnection,
    method: string,
    path: string,
    opts: Parameters<RawHttpConnection['send']>[2],
  ) => {
    const t0 = performance.now();
    const r = await c.send(method, path, opts);
    const t1 = performance.now();
    if (t0 >= measureFrom && t1 <= end) {
      routes[route].push(t1 - t0);
      bytes[route] += r.bytes ?? 0;
      if (route === 'POST /api/cases/{id}/events') postEnds.push(t1);
    }
    return r;
  };
  const fail = (message: string) => {
    round.errors++;
    round.firstError ??= message;
    if (round.errors > 50) throw new Error(`too many errors in the clerk loop; first: ${round.firstError}`);
  };

  /**
   * One pass of a clerk: a command sent, a 409, a failure, or nothing to do in any queue (an idle loop; only those
   * count as idle).
   */
  const pass = async (w: number, c: RawHttpConnection): Promise<'command' | 'conflict' | 'failed' | 'idle'> => {
    const seen: string[] = [];
    for (let k = 0; k < setup.clerks.length; k++) {
      const clerk = setup.clerks[(w + k) % setup.clerks.length];
      // A clerk whose page offers nothing scrolls on (up to QUEUE_PAGES pages) before looking at the next queue:
      // items that wait on another item of their project (engineeringPlanningPermit, 5 working days, waits on
      // designPlanReview, 10) come first by due time, and once a page of them was accepted the first page alone
      // hid everything behind it (the 2026-12-05 run: 20 items accepted and never approved, 1,580 window-accepted
      // and never accepted, 250 idle loops in round 3).
      let items: TaskRow[] = [];
      for (let page = 0; page < QUEUE_PAGES && !items.length; page++) {
        const list = await timed('GET /api/tasks', c, 'GET', `/api/tasks?limit=20&offset=${page * 20}`, {
          token: clerk.token,
        });
        if (list.status !== 200) {
          fail(`GET /api/tasks → ${list.status}`);
          break;
        }
        const rows = (list.body as { items: TaskRow[] }).items;
        items = rows.filter(
          (t) => t.definitionId === 'approval-item' && !busy.has(t.instanceId) && progressingEvent(t.allowedEvents),
        );
        if (!items.length)
          for (const t of rows)
            if (!busy.has(t.instanceId))
              seen.push(`${clerk.department}: ${t.definitionId} ${t.state} offers ${offeredKey(t.allowedEvents)}`);
        if (rows.length < 20) break;
      }
      if (!items.length) continue;
      const task = items[Math.floor(Math.random() * items.length)];
      busy.add(task.instanceId);
      let sent: string;
      try {
        const view = await timed('GET /api/cases/{id}', c, 'GET', `/api/cases/${task.instanceId}`, {
          token: clerk.token,
        });
        if (view.status !== 200) {
          fail(`GET /api/cases/${task.instanceId} → ${view.status}`);
          return 'failed';
        }
        const kase = view.body as { seq: number; allowedEvents: { type: string }[] };
        const type = progressingEvent(kase.allowedEvents);
        if (!type) continue; // moved on since the list was read
        sent = type;
        const post = await timed('POST /api/cases/{id}/events', c, 'POST', `/api/cases/${task.instanceId}/events`, {
          token: clerk.token,
          body: { type, payload: type === 'APPROVE' ? { opinion: '同意' } : {} },
          headers: { 'Idempotency-Key': randomUUID(), 'If-Match': `"${kase.seq}"` },
          skipBody: true,
        });
        if (post.status === 409) {
          round.conflicts++;
          return 'conflict';
        }
        if (post.status !== 200) {
          fail(`${type} on ${task.instanceId} → ${post.status} ${JSON.stringify(post.body).slice(0, 200)}`);
          return 'failed';
        }
      } finally {
        busy.delete(task.instanceId);
      }
      const now = performance.now();
      round.allCommands++;
      if (now >= measureFrom && now <= end) {
        round.commands++;
        round.events[sent] = (round.events[sent] ?? 0) + 1;
      }
      if (++sinceStatus >= setup.statusEvery) {
        sinceStatus = 0;
        const status = await timed('GET /api/projects/{id}', c, 'GET', `/api/projects/${task.project.id}`, {
          token: setup.enterpriseToken,
        });
        if (status.status !== 200) fail(`GET /api/projects/${task.project.id} → ${status.status}`);
      }
      return 'command';
    }
    for (const key of seen) round.idleSeen[key] = (round.idleSeen[key] ?? 0) + 1;
    return 'idle';
  };

  const worker = async (w: number) => {
    while (performance.now() < end) {
      try {
        const outcome = await pass(w, connections[w]);
        if (outcome === 'idle') round.idle++;
        if (outcome !== 'command') await new Promise((r) => setTimeout(r, 20));
      } catch (e) {
        fail(e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(connections.map((_, w) => worker(w)));
  round.seconds = (Math.min(performance.now(), end) - measureFrom) / 1000;
  for (const r of LOOP_ROUTES) bytes[r] = routes[r].length ? bytes[r] / routes[r].length : 0;
  return round;
}

/** The items of every clerk's queue (its first `pages` pages of 100), each with the clerk whose queue holds it. */
async function queueRows(setup: ClerkLoopSetup, c: RawHttpConnection, pages: number) {
  const rows: { clerk: number; task: TaskRow }[] = [];
  for (let k = 0; k < setup.clerks.length; k++) {
    for (let page = 0; page < pages; page++) {
      const r = await c.send('GET', `/api/tasks?limit=100&offset=${page * 100}`, { token: setup.clerks[k].token });
      if (r.status !== 200) throw new Error(`GET /api/tasks (set-up of a phase) → ${r.status}`);
      const items = (r.body as { items: TaskRow[] }).items.filter((t) => t.definitionId === 'approval-item');
      rows.push(...items.map((task) => ({ clerk: k, task })));
      if (items.length < 100) break;
    }
  }
  return rows;
}

/**
 * One kind of request only, from every connection, for `durationMs` (or until the targets run out): the phase's
 * requests, latencies and the server's and PostgreSQL's CPU over it. The targets are read before the clock starts.
 */
async function runPhase(
  setup: ClerkLoopSetup,
  connections: RawHttpConnection[],
  p: SplitPhaseRequest,
): Promise<SplitPhaseResult> {
  const rows = p.kind === 'tasks' ? [] : await queueRows(setup, connections[0], 10);
  // The items the loop would work on (the pgbench baseline's items share the queues but are no project's).
  const wanted = (t: TaskRow): boolean => {
    const type = progressingEvent(t.allowedEvents);
    if (p.kind === 'accept') return type === 'WINDOW_ACCEPT' || type === 'DEPARTMENT_ACCEPT';
    if (p.kind === 'approve') return type === 'APPROVE';
    return type !== null;
  };
  const targets = rows.filter((r) => wanted(r.task)).sort(() => Math.random() - 0.5);
  const projects = [...new Set(targets.map((r) => r.task.project.id))];
  const writes = p.kind === 'accept' || p.kind === 'approve';
  const result: SplitPhaseResult = {
    kind: p.kind,
    requests: 0,
    seconds: 0,
    latencies: [],
    targets: p.kind === 'project' ? projects.length : targets.length,
    conflicts: 0,
    errors: 0,
    cpuMs: { server: 0, postgres: 0 },
  };
  if (p.kind !== 'tasks' && !result.targets) return result;
  let next = 0;
  /** The next request of the phase on connection w, or null when a write phase has used up its targets. */
  const request = (w: number): Parameters<RawHttpConnection['send']> | null => {
    const i = next++;
    if (p.kind === 'tasks') {
      return ['GET', '/api/tasks?limit=20', { token: setup.clerks[(w + i) % setup.clerks.length].token }];
    }
    if (p.kind === 'project')
      return ['GET', `/api/projects/${projects[i % projects.length]}`, { token: setup.enterpriseToken }];
    if (p.kind === 'case') {
      const { clerk, task } = targets[i % targets.length];
      return ['GET', `/api/cases/${task.instanceId}`, { token: setup.clerks[clerk].token }];
    }
    if (i >= targets.length) return null;
    const { clerk, task } = targets[i];
    const type = progressingEvent(task.allowedEvents) ?? 'APPROVE';
    return [
      'POST',
      `/api/cases/${task.instanceId}/events`,
      {
        token: setup.clerks[clerk].token,
        body: { type, payload: type === 'APPROVE' ? { opinion: '同意' } : {} },
        headers: { 'Idempotency-Key': randomUUID(), 'If-Match': `"${task.seq}"` },
        skipBody: true,
      },
    ];
  };
  const cpu = () => ({ server: cpuSeconds(p.serverPid), postgres: postgresCpuSeconds(p.postmasterPid) });
  const c0 = cpu();
  const start = performance.now();
  const end = start + p.durationMs;
  const worker = async (w: number) => {
    while (performance.now() < end) {
      const args = request(w);
      if (!args) return;
      const t0 = performance.now();
      const r = await connections[w].send(...args);
      if (r.status === 200) {
        result.requests++;
        result.latencies.push(performance.now() - t0);
      } else if (writes && r.status === 409) result.conflicts++;
      else {
        result.errors++;
        result.firstError ??= `${args[0]} ${args[1]} → ${r.status}`;
        if (result.errors > 50) return;
      }
    }
  };
  await Promise.all(connections.map((_, w) => worker(w)));
  result.seconds = (performance.now() - start) / 1000;
  const c1 = cpu();
  result.cpuMs = { server: (c1.server - c0.server) * 1000, postgres: (c1.postgres - c0.postgres) * 1000 };
  return result;
}

/** The child: `setup` once, then rounds and phases. */
function child(): void {
  let setup: ClerkLoopSetup;
  let connections: RawHttpConnection[] = [];
  const busy = new Set<string>();
  const open = (baseUrl: string) => {
    connections.forEach((c) => c.close());
    connections = Array.from({ length: setup.concurrency }, () => RawHttpConnection.fromBaseUrl(baseUrl));
  };
  serveLoad<ClerkLoopSetup, ClerkLoopRound, SplitPhaseRequest, SplitPhaseResult>({
    setup(s) {
      setup = s;
      open(setup.baseUrl);
    },
    connect: open,
    close: () => connections.forEach((c) => c.close()),
    round: (warmupMs, durationMs) => runRound(setup, connections, busy, warmupMs, durationMs),
    phase: (p) => runPhase(setup, connections, p),
  });
}

if (require.main === module && process.argv.includes('--child')) child();

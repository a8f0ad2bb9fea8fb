import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { LoadProcess, serveLoad } from './load-process';
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
  /** Loops that found nothing to do in any queue (the clerk waits 20 ms). */
  idle: number;
  errors: number;
  firstError?: string;
}

interface TaskRow {
  instanceId: string;
  definitionId: string;
  project: { id: string };
  allowedEvents: { type: string }[];
}

/** The parent's handle on a clerk loop process (see LoadProcess for why a process of its own). */
export type ClerkLoopLoad = LoadProcess<ClerkLoopSetup, ClerkLoopRound>;

/**
 * The clerk loop of issue #24 in a process of its own: `concurrency` clerks, each on a keep-alive connection,
 * each doing what the UI does — list their department's queue (GET /api/tasks), open a case (GET
 * /api/cases/{id}), send its progressing event with Idempotency-Key and If-Match — and, once per `statusEvery`
 * commands, the enterprise reads its project's status. A clerk whose queue offers nothing looks at the next
 * department's queue (so the loop stays closed as the stages move on).
 */
export const startClerkLoop = (setup: ClerkLoopSetup): Promise<ClerkLoopLoad> =>
  LoadProcess.start(join(__dirname, 'clerk-loop-load.js'), 'clerk loop', setup);

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

  /** One pass of a clerk: true if it sent a command. */
  const pass = async (w: number, c: RawHttpConnection): Promise<boolean> => {
    for (let k = 0; k < setup.clerks.length; k++) {
      const clerk = setup.clerks[(w + k) % setup.clerks.length];
      const list = await timed('GET /api/tasks', c, 'GET', '/api/tasks?limit=20', { token: clerk.token });
      if (list.status !== 200) {
        fail(`GET /api/tasks → ${list.status}`);
        continue;
      }
      const items = (list.body as { items: TaskRow[] }).items.filter(
        (t) => t.definitionId === 'approval-item' && !busy.has(t.instanceId) && progressingEvent(t.allowedEvents),
      );
      if (!items.length) continue;
      const task = items[Math.floor(Math.random() * items.length)];
      busy.add(task.instanceId);
      try {
        const view = await timed('GET /api/cases/{id}', c, 'GET', `/api/cases/${task.instanceId}`, {
          token: clerk.token,
        });
        if (view.status !== 200) {
          fail(`GET /api/cases/${task.instanceId} → ${view.status}`);
          return false;
        }
        const kase = view.body as { seq: number; allowedEvents: { type: string }[] };
        const type = progressingEvent(kase.allowedEvents);
        if (!type) continue; // moved on since the list was read
        const post = await timed('POST /api/cases/{id}/events', c, 'POST', `/api/cases/${task.instanceId}/events`, {
          token: clerk.token,
          body: { type, payload: type === 'APPROVE' ? { opinion: '同意' } : {} },
          headers: { 'Idempotency-Key': randomUUID(), 'If-Match': `"${kase.seq}"` },
          skipBody: true,
        });
        if (post.status === 409) {
          round.conflicts++;
          return false;
        }
        if (post.status !== 200) {
          fail(`${type} on ${task.instanceId} → ${post.status} ${JSON.stringify(post.body).slice(0, 200)}`);
          return false;
        }
      } finally {
        busy.delete(task.instanceId);
      }
      const now = performance.now();
      round.allCommands++;
      if (now >= measureFrom && now <= end) round.commands++;
      if (++sinceStatus >= setup.statusEvery) {
        sinceStatus = 0;
        const status = await timed('GET /api/projects/{id}', c, 'GET', `/api/projects/${task.project.id}`, {
          token: setup.enterpriseToken,
        });
        if (status.status !== 200) fail(`GET /api/projects/${task.project.id} → ${status.status}`);
      }
      return true;
    }
    return false;
  };

  const worker = async (w: number) => {
    while (performance.now() < end) {
      try {
        if (!(await pass(w, connections[w]))) {
          round.idle++;
          await new Promise((r) => setTimeout(r, 20));
        }
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

/** The child: `setup` once, then rounds. */
function child(): void {
  let setup: ClerkLoopSetup;
  let connections: RawHttpConnection[] = [];
  const busy = new Set<string>();
  const open = (baseUrl: string) => {
    connections.forEach((c) => c.close());
    connections = Array.from({ length: setup.concurrency }, () => RawHttpConnection.fromBaseUrl(baseUrl));
  };
  serveLoad<ClerkLoopSetup, ClerkLoopRound>({
    setup(s) {
      setup = s;
      open(setup.baseUrl);
    },
    connect: open,
    close: () => connections.forEach((c) => c.close()),
    round: (warmupMs, durationMs) => runRound(setup, connections, busy, warmupMs, durationMs),
  });
}

if (require.main === module && process.argv.includes('--child')) child();

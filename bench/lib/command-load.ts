import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { ClerkLoad, type ClerkTokens } from './clerk-load';
import { closedLoop, type ClosedLoopResult } from './http';
import { RawHttpConnection } from './raw-http';

/** What a load process drives: the server, the items and who sends the commands. */
export interface LoadSetup {
  baseUrl: string;
  ids: string[];
  /** Items in rotation at a time. */
  rotation: number;
  tokens: ClerkTokens;
  concurrency: number;
  /** Send each command with a fresh Idempotency-Key (as the UI does). */
  keys?: boolean;
}

export interface LoadRound extends ClosedLoopResult {
  /** Items approved so far, over all rounds. */
  completed: number;
}

type Request =
  | { type: 'setup'; setup: LoadSetup }
  | { type: 'connect'; baseUrl: string }
  | { type: 'round'; warmupMs: number; durationMs: number };
type Reply = { type: 'ready' } | { type: 'round'; round: LoadRound } | { type: 'error'; message: string };

/**
 * The clerk command load of the throughput benchmark and `bench:ab`, in a process of its own: a closed loop of
 * `concurrency` clients, one keep-alive connection each, over items in rotation (ClerkLoad).
 *
 * Why a process of its own: the load generator times each command, so its own pauses count as the server's
 * latency. Run inside the benchmark's process, it shared a heap with everything the set-up had loaded (the
 * in-process engine that creates the items, TypeORM, Nest); traced under the load (a PerformanceObserver for
 * GC, a timer for stalls), that process had frequent full mark-sweeps, and such pauses fell into the bursts of
 * slow commands (git log of docs/benchmarks.md). pgbench, the baseline,
 * is a C client. This process loads only the loop, the connections and the rotation.
 *
 * This class is the parent's handle on such a process.
 */
export class CommandLoad {
  private constructor(private readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  static async start(setup: LoadSetup): Promise<CommandLoad> {
    const child = fork(join(__dirname, 'command-load.js'), ['--child'], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    const load = new CommandLoad(child);
    await load.ask({ type: 'setup', setup });
    return load;
  }

  /** The same rotation, from now on against another server (the connections are replaced). */
  async connect(baseUrl: string): Promise<void> {
    await this.ask({ type: 'connect', baseUrl });
  }

  async round(warmupMs: number, durationMs: number): Promise<LoadRound> {
    const reply = await this.ask({ type: 'round', warmupMs, durationMs });
    return (reply as Extract<Reply, { type: 'round' }>).round;
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }

  private ask(request: Request): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        cleanup();
        if (reply.type === 'error') reject(new Error(`command load: ${reply.message}`));
        else resolve(reply);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`the command load process exited (${code})`));
      };
      const cleanup = () => {
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      this.child.on('message', onMessage);
      this.child.on('exit', onExit);
      this.child.send(request);
    });
  }
}

/** The child: answers `setup` once, then one `round` after the other. */
function child(): void {
  let load: ClerkLoad;
  let setup: LoadSetup;
  let connections: RawHttpConnection[] = [];
  const reply = (r: Reply) => process.send!(r);
  process.on('disconnect', () => {
    connections.forEach((c) => c.close());
    process.exit(0);
  });
  process.on('message', (request: Request) => {
    void (async () => {
      try {
        if (request.type === 'setup') {
          setup = request.setup;
          load = new ClerkLoad(setup.ids, setup.rotation);
          connections = Array.from({ length: setup.concurrency }, () => RawHttpConnection.fromBaseUrl(setup.baseUrl));
          return reply({ type: 'ready' });
        }
        if (request.type === 'connect') {
          connections.forEach((c) => c.close());
          connections = Array.from({ length: setup.concurrency }, () => RawHttpConnection.fromBaseUrl(request.baseUrl));
          return reply({ type: 'ready' });
        }
        const command = async (w: number) => {
          const { id, command: c } = load.next(setup.tokens);
          let ok = false;
          try {
            const r = await connections[w].send('POST', `/api/cases/${id}/events`, {
              token: c.token,
              body: { type: c.type, payload: c.payload },
              skipBody: true,
              ...(setup.keys ? { headers: { 'Idempotency-Key': randomUUID() } } : {}),
            });
            if (r.status !== 200) {
              throw new Error(`${c.type} on ${id} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
            }
            ok = true;
          } finally {
            load.settle(id, ok);
          }
        };
        const r = await closedLoop({
          concurrency: setup.concurrency,
          warmupMs: request.warmupMs,
          durationMs: request.durationMs,
          op: command,
        });
        reply({ type: 'round', round: { ...r, completed: load.completed } });
      } catch (e) {
        reply({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}

if (require.main === module && process.argv.includes('--child')) child();

import { fork, type ChildProcess } from 'node:child_process';

/** What the parent asks a load process: its setup once, another server to talk to, a measured round. */
type Request<S> =
  | { type: 'setup'; setup: S }
  | { type: 'connect'; baseUrl: string }
  | { type: 'round'; warmupMs: number; durationMs: number };
type Reply<R> = { type: 'ready' } | { type: 'round'; round: R } | { type: 'error'; message: string };

/**
 * A load generator in a process of its own, and the parent's handle on it (the command load of the throughput
 * benchmark and `bench:ab`, the clerk loop).
 *
 * Why a process of its own: the load generator times each request, so its own pauses count as the server's
 * latency. Run inside the benchmark's process, it shared a heap with everything the set-up had loaded (the
 * in-process engine, TypeORM, Nest); traced under the load, that process had frequent full mark-sweeps, and such
 * pauses fell into the bursts of slow commands (git log of docs/benchmarks.md). pgbench, the baseline, is a C
 * client. The child loads only its loop and its connections.
 */
export class LoadProcess<S, R> {
  private constructor(
    private readonly child: ChildProcess,
    private readonly name: string,
  ) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Forks `script` (a module that calls serveLoad when run with --child) and sends it `setup`. */
  static async start<S, R>(script: string, name: string, setup: S): Promise<LoadProcess<S, R>> {
    const child = fork(script, ['--child'], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    const load = new LoadProcess<S, R>(child, name);
    await load.ask({ type: 'setup', setup });
    return load;
  }

  /** The same load, from now on against another server (the connections are replaced). */
  async connect(baseUrl: string): Promise<void> {
    await this.ask({ type: 'connect', baseUrl });
  }

  async round(warmupMs: number, durationMs: number): Promise<R> {
    const reply = await this.ask({ type: 'round', warmupMs, durationMs });
    if (reply.type !== 'round') throw new Error(`${this.name}: a round was answered with ${reply.type}`);
    return reply.round;
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }

  private ask(request: Request<S>): Promise<Reply<R>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply<R>) => {
        cleanup();
        if (reply.type === 'error') reject(new Error(`${this.name}: ${reply.message}`));
        else resolve(reply);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`the ${this.name} process exited (${code})`));
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

/** The child's side of a load: what it does on setup, on a new server, for a round, and on disconnect. */
export interface LoadHandlers<S, R> {
  setup(setup: S): void;
  connect(baseUrl: string): void;
  round(warmupMs: number, durationMs: number): Promise<R>;
  close(): void;
}

/** Runs in the child: answers `setup` once, then `connect` and `round` requests, one after the other. */
export function serveLoad<S, R>(handlers: LoadHandlers<S, R>): void {
  const reply = (r: Reply<R>) => process.send!(r);
  process.on('disconnect', () => {
    handlers.close();
    process.exit(0);
  });
  process.on('message', (request: Request<S>) => {
    void (async () => {
      try {
        if (request.type === 'setup') handlers.setup(request.setup);
        else if (request.type === 'connect') handlers.connect(request.baseUrl);
        else return reply({ type: 'round', round: await handlers.round(request.warmupMs, request.durationMs) });
        reply({ type: 'ready' });
      } catch (e) {
        reply({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}

import { fork, type ChildProcess } from 'node:child_process';

/** What the parent asks a load process: its setup once, another server to talk to, a measured round. */
type Request<S, P> =
  | { type: 'setup'; setup: S }
  | { type: 'connect'; baseUrl: string }
  | { type: 'round'; warmupMs: number; durationMs: number }
  | { type: 'phase'; phase: P };
type Reply<R, Q> =
  { type: 'ready' } | { type: 'round'; round: R } | { type: 'phase'; result: Q } | { type: 'error'; message: string };

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
export class LoadProcess<S, R, P = never, Q = never> {
  private constructor(
    private readonly child: ChildProcess,
    private readonly name: string,
  ) {}

  get pid(): number {
    return this.child.pid ?? 0;
  }

  /** Forks `script` (a module that calls serveLoad when run with --child) and sends it `setup`. */
  static async start<S, R, P = never, Q = never>(
    script: string,
    name: string,
    setup: S,
  ): Promise<LoadProcess<S, R, P, Q>> {
    const child = fork(script, ['--child'], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    const load = new LoadProcess<S, R, P, Q>(child, name);
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

  /** A phase of the load's own kind (the clerk loop's single-request phases), answered with its result. */
  async phase(phase: P): Promise<Q> {
    const reply = await this.ask({ type: 'phase', phase });
    if (reply.type !== 'phase') throw new Error(`${this.name}: a phase was answered with ${reply.type}`);
    return reply.result;
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
    this.child.kill();
  }

  private ask(request: Request<S, P>): Promise<Reply<R, Q>> {
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply<R, Q>) => {
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
export interface LoadHandlers<S, R, P = never, Q = never> {
  setup(setup: S): void;
  connect(baseUrl: string): void;
  round(warmupMs: number, durationMs: number): Promise<R>;
  /** Loads without phases of their own leave this out. */
  phase?(phase: P): Promise<Q>;
  close(): void;
}

/** Runs in the child: answers `setup` once, then `connect` and `round` requests, one after the other. */
export function serveLoad<S, R, P = never, Q = never>(handlers: LoadHandlers<S, R, P, Q>): void {
  const reply = (r: Reply<R, Q>) => process.send!(r);
  process.on('disconnect', () => {
    handlers.close();
    process.exit(0);
  });
  process.on('message', (request: Request<S, P>) => {
    void (async () => {
      try {
        if (request.type === 'setup') handlers.setup(request.setup);
        else if (request.type === 'connect') handlers.connect(request.baseUrl);
        else if (request.type === 'phase') {
          if (!handlers.phase) throw new Error('this load has no phases');
          return reply({ type: 'phase', result: await handlers.phase(request.phase) });
        } else return reply({ type: 'round', round: await handlers.round(request.warmupMs, request.durationMs) });
        reply({ type: 'ready' });
      } catch (e) {
        reply({ type: 'error', message: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
}

import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** A small keep-alive HTTP/1.1 JSON client for 127.0.0.1 (the load generator of the benchmarks). */
export class HttpClient {
  private readonly agent: Agent;

  constructor(
    readonly baseUrl: string,
    maxSockets = 64,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  send(
    method: string,
    path: string,
    /** skipBody: a 2xx body is read but not parsed (a load generator must not spend the measured machine's CPU). */
    opts: { token?: string; body?: unknown; skipBody?: boolean } = {},
  ): Promise<{ status: number; body: unknown; ms: number }> {
    const url = new URL(path, this.baseUrl);
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string | number> = { accept: 'application/json' };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = request(
        { hostname: url.hostname, port: url.port, path: url.pathname + url.search, method, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const status = res.statusCode ?? 0;
            if (opts.skipBody && status >= 200 && status < 300) return resolve({ status, body: null, ms });
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = text ? JSON.parse(text) : null;
            } catch {
              // not JSON: keep the text
            }
            resolve({ status, body, ms });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(30000, () => req.destroy(new Error(`timeout: ${method} ${path}`)));
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  async json<T>(method: string, path: string, opts: { token?: string; body?: unknown } = {}): Promise<T> {
    const r = await this.send(method, path, opts);
    if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body as T;
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface ClosedLoopResult {
  latencies: number[];
  /** When each measured op finished (performance.now(), ms), in the order of `latencies`. */
  ends: number[];
  ops: number;
  /**
   * Every op that succeeded, the warm-up's included: the denominator of anything read over the whole loop (the
   * CPU a process spent in it).
   */
  allOps: number;
  errors: number;
  seconds: number;
  firstError?: string;
}

/**
 * A closed loop: `concurrency` workers each call `op` back to back until the time is up. Latencies of the
 * operations that started after the warm-up are kept. Bounded by time and, as a safety, by `maxOps`.
 */
export async function closedLoop(opts: {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  maxOps?: number;
  op: (worker: number) => Promise<void>;
}): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  const ends: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let ops = 0;
  let allOps = 0;
  const start = performance.now();
  const measureFrom = start + opts.warmupMs;
  const end = measureFrom + opts.durationMs;
  const maxOps = opts.maxOps ?? 10_000_000;
  let measuredStart = Infinity;
  let measuredEnd = 0;
  const worker = async (w: number) => {
    for (;;) {
      const t0 = performance.now();
      if (t0 >= end || ops >= maxOps) return;
      try {
        await opts.op(w);
        const t1 = performance.now();
        allOps++;
        if (t0 >= measureFrom) {
          latencies.push(t1 - t0);
          ends.push(t1);
          ops++;
          measuredStart = Math.min(measuredStart, t0);
          measuredEnd = Math.max(measuredEnd, t1);
        }
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
        if (errors > 50) throw new Error(`too many errors in the load loop; first: ${firstError}`);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, i) => worker(i)));
  const seconds = Math.max(0.001, (measuredEnd - measuredStart) / 1000);
  return { latencies, ends, ops, allOps, errors, seconds, firstError };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort } from '../../src/database/embedded-postgres';
import { productionNodeFlags } from './node-flags';
import { peakRssMb, rssMb } from './proc';

export const ROOT = resolve(__dirname, '..', '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');
export const JWT_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
/** The servers' METRICS_TOKEN: /metrics answers only with it. */
export const METRICS_TOKEN = 'bench-metrics-token-bench-metrics-token-01';

/** The real server (`node dist/src/main.js`) as a child process, with its own PORT and DATA_DIR or DATABASE_URL. */
export interface ServerProcess {
  pid: number;
  baseUrl: string;
  /** From spawn to the first 200 of /api/health. */
  readyMs: number;
  /** performance.now() at spawn. */
  spawnedAt: number;
  logFile: string;
  rssMb(): number | null;
  peakRssMb(): number | null;
  stop(): Promise<number | null>;
}

async function healthy(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

export async function startServer(opts: {
  logDir: string;
  name: string;
  databaseUrl?: string;
  dataDir?: string;
  env?: Record<string, string>;
  nodeArgs?: string[];
  timeoutMs?: number;
  /** Another build's dist/src/main.js (an A/B comparison of two commits on the same database). */
  main?: string;
}): Promise<ServerProcess> {
  const port = await freePort();
  const logFile = join(opts.logDir, `${opts.name}.log`);
  const out = openSync(logFile, 'a');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    NODE_ENV: 'development',
    PORT: String(port),
    HOST: '127.0.0.1',
    JWT_SECRET,
    METRICS_TOKEN,
    LOG_FORMAT: 'json',
    ...(opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { DATA_DIR: opts.dataDir } : {}),
    ...opts.env,
  };
  const started = performance.now();
  const main = opts.main ?? MAIN;
  // production's flags of that build (its package.json, beside dist/), then the caller's, which override them
  const flags = [...productionNodeFlags(dirname(dirname(dirname(main)))), ...(opts.nodeArgs ?? [])];
  const child: ChildProcess = spawn(process.execPath, [...flags, main], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  let exited: number | null | undefined;
  const exit = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      exited = code;
      r(code);
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = started + (opts.timeoutMs ?? 90000);
  for (;;) {
    if (exited !== undefined) {
      throw new Error(`server ${opts.name} exited with ${exited} before it was ready:\n${tail(logFile)}`);
    }
    if (await healthy(`${baseUrl}/api/health`)) break;
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server ${opts.name} not healthy within ${opts.timeoutMs ?? 90000} ms:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  const readyMs = performance.now() - started;
  const pid = child.pid as number;
  return {
    pid,
    baseUrl,
    readyMs,
    spawnedAt: started,
    logFile,
    rssMb: () => rssMb(pid),
    peakRssMb: () => peakRssMb(pid),
    async stop() {
      if (exited !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
  };
}

function tail(file: string): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '';
  }
}

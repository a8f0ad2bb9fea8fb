/* Helpers of the operations tests: the service and its tools as an administrator runs them, as child processes
 * on a data folder of the test's own. */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, call, ROOT } from '../reliability/harness';

/** A data folder PostgreSQL (running as the `postgres` user under root) can enter; removed by `remove()`. */
export function tempDataDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return {
    dir,
    remove() {
      // A postmaster a failed test left behind would keep the files busy: stop it first.
      const pid = postmasterPid(join(dir, 'pg'));
      if (pid && alive(pid)) process.kill(pid, 'SIGQUIT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postmasterPid(pgDir: string): number | null {
  const file = join(pgDir, 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : null;
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `<build>/<script>` (the compiled main.js or a script under scripts/) to its end with `env` on top of a bare
 * environment, feeding `stdin`; killed after `timeoutMs`.
 */
export function runToExit(
  script: string,
  args: string[],
  env: Record<string, string>,
  opts: { stdin?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  const child = spawn(process.execPath, [join(buildOnce(), script), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), LOG_LEVEL: 'warn', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdin.end(opts.stdin ?? '');
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.once('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Polls GET /api/health until it answers `status` or `timeoutMs` passes; answers the statuses seen. */
export async function waitForHealth(base: string, status: number, timeoutMs: number): Promise<number[]> {
  const seen: number[] = [];
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const r = await call(base, 'GET', '/api/health', { timeoutMs: 2000 });
    seen.push(r.status);
    if (r.status === status) return seen;
    await new Promise((r) => setTimeout(r, 250));
  }
  return seen;
}

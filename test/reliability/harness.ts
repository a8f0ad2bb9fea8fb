/* Shared machinery of the reliability suite: the real server as a child process (`node <build>/src/main.js`, built as scripts/build.js builds dist/), a
 * bounded HTTP client, users and items seeded into a test database, chain checks and the figures each run
 * reports. Traffic goes to 127.0.0.1 only; every child process started here is stopped by stopAllServers()
 * (and killed on exit if a test forgot). */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { canonicalJson } from '../../src/audit/hash-chain';
import { CommandService } from '../../src/cases/command.service';
import { freePort } from '../../src/database/embedded-postgres';
import { hashPassword } from '../../src/users/password';
import { actors, createItem, ENTERPRISE_ID } from '../support/engine-fixtures';
import { startTestApp } from '../support/test-app';
import { renderReport } from './report';

export const ROOT = resolve(__dirname, '..', '..');
export const JWT_SECRET = 'reliability-secret-reliability-secret-42';
export const PASSWORD = 'reliability-password-1';
/** METRICS_TOKEN of every server started here: send it as `token` to read /metrics. */
export const METRICS_TOKEN = 'reliability-metrics-token-reliability-42';
export { freePort };

const T0 = Date.now();
/** Progress lines on stderr when RELIABILITY_DEBUG=1. */
export function debug(msg: string): void {
  if (process.env.RELIABILITY_DEBUG === '1')
    process.stderr.write(`[rel +${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}\n`);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------------------
// build

let builtDir: string | undefined;

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Compiles src/, workflows/ and scripts/ with the project's swc configuration (what `node scripts/build.js`
 * does) into a folder private to this jest worker, once, and answers that folder; the servers run
 * `<folder>/src/main.js`. Private because scripts/build.js empties the shared dist/ before it rebuilds: a build
 * started elsewhere while a test runs would pull the code from under the test's servers. The folder sits under
 * node_modules/.cache so that node_modules still resolves, and is removed when the worker exits.
 */
export function buildOnce(): string {
  if (builtDir) return builtDir;
  const parent = join(ROOT, 'node_modules', '.cache', 'fasttrack-reliability');
  // builds of workers that are gone (jest may end a worker without its exit hook running)
  for (const name of existsSync(parent) ? readdirSync(parent) : []) {
    const pid = Number(/^build-(\d+)$/.exec(name)?.[1]);
    if (pid && pid !== process.pid && !pidAlive(pid)) rmSync(join(parent, name), { recursive: true, force: true });
  }
  const dir = join(parent, `build-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const dirs = ['src', 'workflows', 'scripts'].filter((d) => existsSync(join(ROOT, d)));
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'swc'),
    [...dirs, '-d', dir, '--config-file', '.swcrc', '--ignore', '**/*.spec.ts', '--copy-files', '--quiet'],
    { cwd: ROOT, stdio: 'pipe', timeout: 120_000 },
  );
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  builtDir = dir;
  return dir;
}

// ---------------------------------------------------------------------------------------------------------
// the server as a child process

export interface ServerProcess {
  readonly port: number;
  readonly base: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** stdout+stderr, last lines */
  readonly output: string[];
  /** every log line about an INTERNAL_ERROR (500), kept whole */
  readonly internalErrors: string[];
  readonly exited: Promise<number | null>;
  /** SIGKILL: no shutdown hook runs. */
  kill(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
/** stop functions of the PostgreSQL controllers; if the test process dies they stop PostgreSQL on disconnect */
const pgControllers = new Set<() => Promise<void>>();
process.once('exit', () => {
  for (const c of running) c.kill('SIGKILL');
});

export interface ServerOptions {
  databaseUrl: string;
  port?: number;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export async function startServer(opts: ServerOptions): Promise<ServerProcess> {
  const port = opts.port ?? (await freePort());
  const child = spawn(process.execPath, [join(buildOnce(), 'src', 'main.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? tmpdir(),
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: opts.databaseUrl,
      JWT_SECRET,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      SCHEDULER_ENABLED: 'false',
      METRICS_TOKEN,
      // The run's signing key (test/support/test-app.ts), not one created in the repository's .data folder.
      SIGNING_KEY_FILE: join(tmpdir(), 'fasttrack-test-signing-key.pem'),
      // Production refuses to create a missing key; the first process of a run on a clean machine creates it.
      SIGNING_KEY_CREATE: 'true',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const output: string[] = [];
  const internalErrors: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) {
      if (line.trim()) output.push(line.slice(0, 2000));
      if (line.includes('INTERNAL_ERROR')) internalErrors.push(line);
    }
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((r) =>
    child.once('exit', (code) => {
      running.delete(child);
      r(code);
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    port,
    base,
    pid: child.pid ?? -1,
    child,
    output,
    internalErrors,
    exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(t);
    },
  };
  const until = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < until && !gone) {
    const r = await call(base, 'GET', '/api/health', { timeoutMs: 1000 });
    if (r.status === 200) {
      debug(`server ${child.pid} ready on ${port}`);
      return server;
    }
    await sleep(100);
  }
  await server.kill();
  throw new Error(`server on port ${port} did not become ready:\n${output.slice(-30).join('\n')}`);
}

/** Kills every app server still running, then stops every PostgreSQL started by startPostgres (cleanly). */
export async function stopAllServers(): Promise<void> {
  await Promise.all(
    [...running].map(
      (c) =>
        new Promise<void>((r) => {
          if (c.exitCode !== null || c.signalCode !== null) return r();
          c.once('exit', () => r());
          c.kill('SIGKILL');
        }),
    ),
  );
  await Promise.all([...pgControllers].map((stop) => stop()));
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

export interface HttpResult {
  /** HTTP status; 0 = connection failed, -1 = no answer within the client timeout */
  status: number;

  body: any;
  text: string;
  headers: Headers | null;
  ms: number;
  error?: string;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** sent as is (no JSON encoding) */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function call(base: string, method: string, path: string, o: CallOptions = {}): Promise<HttpResult> {
  const started = Date.now();
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | Buffer | undefined;
  if (o.raw !== undefined) body = o.raw;
  else if (o.body !== undefined) {
    body = JSON.stringify(o.body);
    headers['content-type'] ??= 'application/json';
  }
  try {
    const res = await fetch(base + path, {
      method,
      headers,
      body,
      signal: AbortSignal.timeout(o.timeoutMs ?? 5000),
      redirect: 'manual',
    });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, text, headers: res.headers, ms: Date.now() - started };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    const timeout = err.name === 'TimeoutError' || err.name === 'AbortError';
    return {
      status: timeout ? -1 : 0,
      body: undefined,
      text: '',
      headers: null,
      ms: Date.now() - started,
      error: `${err.name}: ${err.cause?.code ?? err.message}`,
    };
  }
}

/** The one error shape (DESIGN.md): { statusCode, code, message, details?, requestId }. */
export function errorShapeProblem(r: HttpResult): string | null {
  const b = r.body as Record<string, unknown> | undefined;
  if (!b || typeof b !== 'object') return `status ${r.status} without a JSON error body: ${r.text.slice(0, 120)}`;
  if (b.statusCode !== r.status) return `statusCode ${String(b.statusCode)} differs from HTTP ${r.status}`;
  if (typeof b.code !== 'string' || !/^[A-Z_]+$/.test(b.code)) return `code ${String(b.code)}`;
  if (typeof b.message !== 'string' || !b.message) return 'message missing';
  if (typeof b.requestId !== 'string' || !b.requestId) return 'requestId missing';
  const extra = Object.keys(b).filter((k) => !['statusCode', 'code', 'message', 'details', 'requestId'].includes(k));
  if (extra.length) return `unexpected fields ${extra.join(',')}`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// database: users, items, counts

export async function withPg<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface SeedUser {
  username: string;
  role: 'clerk' | 'steward' | 'enterprise' | 'auditor' | 'admin';
  department?: string;
  enterpriseId?: string;
}

export const USERS = {
  window: { username: 'rel-window', role: 'clerk', department: 'window' },
  planning: { username: 'rel-planning', role: 'clerk', department: 'planning' },
  auditor: { username: 'rel-auditor', role: 'auditor' },
  enterprise: { username: 'rel-ent', role: 'enterprise', enterpriseId: ENTERPRISE_ID },
} satisfies Record<string, SeedUser>;

let passwordHash: Promise<string> | undefined;

/** app_user rows (scrypt hash of PASSWORD); enterprises referenced must exist. */
export async function insertUsers(url: string, users: SeedUser[]): Promise<void> {
  passwordHash ??= hashPassword(PASSWORD);
  const hash = await passwordHash;
  await withPg(url, async (c) => {
    await c.query(`INSERT INTO enterprise (id, name) VALUES ($1, '测试企业') ON CONFLICT DO NOTHING`, [ENTERPRISE_ID]);
    for (const u of users) {
      await c.query(
        `INSERT INTO app_user (id, username, display_name, password_hash, role, department, enterprise_id)
         VALUES ($1, $2, $2, $3, $4, $5, $6) ON CONFLICT (username) DO NOTHING`,
        [randomUUID(), u.username, hash, u.role, u.department ?? null, u.enterpriseId ?? null],
      );
    }
  });
}

export async function login(base: string, username: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const r = await call(base, 'POST', '/api/auth/login', { body: { username, password: PASSWORD } });
    if (r.status === 200) return r.body.accessToken as string;
    if (r.status === 401 || r.status === 400) throw new Error(`login ${username}: ${r.status} ${r.text}`);
    await sleep(250);
  }
  throw new Error(`login ${username} failed`);
}

export async function loginAll<K extends string>(base: string, users: Record<K, SeedUser>): Promise<Record<K, string>> {
  const tokens = {} as Record<K, string>;
  for (const k of Object.keys(users) as K[]) tokens[k] = await login(base, users[k].username);
  return tokens;
}

/**
 * Approval items (engineeringPlanningPermit, enterprise 'ent-test') created through the real engine in an
 * in-process app on `url` (scheduler off), then closed. 'department': window- and department-accepted, ready
 * for the START/END_SPECIAL_PROCEDURE loop; 'window': window-accepted at `acceptedAt` (timers due when long ago).
 */
export async function seedItems(
  url: string,
  n: number,
  opts: { stage?: 'department' | 'window' | 'created'; acceptedAt?: string } = {},
): Promise<string[]> {
  const app = await startTestApp({ JWT_SECRET, SCHEDULER_ENABLED: 'false' }, { url, drop: async () => undefined });
  try {
    return await seedItemsWith(app.app.get(CommandService), app.dataSource, n, opts);
  } finally {
    await app.close();
  }
}

export async function seedItemsWith(
  commands: CommandService,
  ds: Parameters<typeof createItem>[0],
  n: number,
  opts: { stage?: 'department' | 'window' | 'created'; acceptedAt?: string } = {},
): Promise<string[]> {
  const stage = opts.stage ?? 'department';
  const at = opts.acceptedAt ?? new Date().toISOString();
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await createItem(ds, commands, 'engineeringPlanningPermit', at);
    const send = (type: string, actor: (typeof actors)[keyof typeof actors]) =>
      commands.execute({ instanceId: id, type, payload: {}, actor, occurredAt: at }, type, async () => ({}));
    if (stage !== 'created') await send('WINDOW_ACCEPT', actors.window);
    if (stage === 'department') await send('DEPARTMENT_ACCEPT', actors.planning);
    ids.push(id);
  }
  return ids;
}

export const TRACKED_TABLES = ['workflow_event', 'workflow_instance', 'project', 'idempotency_record', 'app_user'];

export async function rowCounts(url: string, tables = TRACKED_TABLES): Promise<Record<string, number>> {
  return withPg(url, async (c) => {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------------
// the special-procedure loop: an unbounded stream of valid commands on one item

export const START = { type: 'START_SPECIAL_PROCEDURE', payload: { procedure: 'expertReview', reason: '专家评审' } };
export const END = { type: 'END_SPECIAL_PROCEDURE', payload: { note: '评审结束' } };
/** The i-th command of the loop on an item that starts department-accepted (i from 0). */
export const loopCommand = (i: number) => (i % 2 === 0 ? START : END);

// ---------------------------------------------------------------------------------------------------------
// chain checks

export interface ChainCheck {
  id: string;
  events: number;
  verifyOk: boolean;
  replayEqualsSnapshot: boolean;
  gapFree: boolean;
  problem?: string;
}

/** GET /verify (chain + replay) and GET /state (replay to the head) against the stored snapshot and seqs. */
export async function checkChains(base: string, token: string, dbUrl: string, ids: string[]): Promise<ChainCheck[]> {
  const out: ChainCheck[] = [];
  await withPg(dbUrl, async (c) => {
    for (const id of ids) {
      const v = await call(base, 'GET', `/api/cases/${id}/verify`, { token, timeoutMs: 15_000 });
      const s = await call(base, 'GET', `/api/cases/${id}/state`, { token, timeoutMs: 15_000 });
      const inst = (await c.query('SELECT seq, snapshot FROM workflow_instance WHERE id = $1', [id])).rows[0];
      const seqs = (await c.query('SELECT seq FROM workflow_event WHERE instance_id = $1 ORDER BY seq', [id])).rows.map(
        (r: { seq: number }) => r.seq,
      );
      const gapFree = seqs.every((q: number, i: number) => q === i + 1) && seqs.length === inst?.seq;
      const replayEqualsSnapshot =
        s.status === 200 && !!inst && canonicalJson(s.body.snapshot) === canonicalJson(inst.snapshot);
      const verifyOk = v.status === 200 && v.body?.ok === true;
      out.push({
        id,
        events: seqs.length,
        verifyOk,
        replayEqualsSnapshot,
        gapFree,
        ...(verifyOk && replayEqualsSnapshot && gapFree
          ? {}
          : { problem: `verify ${v.status} ${v.text.slice(0, 300)}; state ${s.status}` }),
      });
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// figures

export const FIGURES_DIR = process.env.RELIABILITY_FIGURES_DIR ?? join(tmpdir(), 'fasttrack-reliability');

/**
 * Writes this run's figures to FIGURES_DIR/<suite>.json and prints them; with RELIABILITY_REPORT=1 also
 * regenerates docs/reliability.md from every figures file there (CI never sets it: tracked files stay untouched).
 */
export function recordFigures(suite: string, figures: Record<string, unknown>): void {
  mkdirSync(FIGURES_DIR, { recursive: true });
  const entry = { suite, recordedAt: new Date().toISOString(), ...figures };
  writeFileSync(join(FIGURES_DIR, `${suite}.json`), `${JSON.stringify(entry, null, 2)}\n`);
  process.stdout.write(`[reliability] ${suite}: ${JSON.stringify(figures)}\n`);
  if (process.env.RELIABILITY_REPORT === '1') {
    const all = readdirSync(FIGURES_DIR)
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(join(FIGURES_DIR, f), 'utf8')) as Record<string, unknown>);
    writeFileSync(join(ROOT, 'docs', 'reliability.md'), renderReport(all));
  }
}

// ---------------------------------------------------------------------------------------------------------
// a client streaming loop commands with idempotency keys, retrying unacknowledged ones with the same key

export interface Ack {
  id: string;
  key: string;
  seq: number;
  /** answered from the idempotency record: the first attempt had been applied, its answer lost */
  replayed: boolean;
}

export interface StreamStats {
  commands: number;
  requests: number;
  /** commands that needed more than one attempt */
  retriedCommands: number;
  /** acknowledged on a retry by the idempotency record (applied before, answer lost) */
  replayedAcks: number;
  /** an acknowledged command sent again with the same key on purpose: must answer the same, write nothing */
  duplicateDeliveries: number;
  duplicateProblems: string[];
  statuses: Record<string, number>;
  unexpected: string[];
  maxMs: number;
}

export function newStats(): StreamStats {
  return {
    commands: 0,
    requests: 0,
    retriedCommands: 0,
    replayedAcks: 0,
    duplicateDeliveries: 0,
    duplicateProblems: [],
    statuses: {},
    unexpected: [],
    maxMs: 0,
  };
}

export const RETRYABLE = new Set([0, -1, 502, 503]);

export interface StreamOptions {
  id: string;
  token: string;
  /** the server to talk to now (it may change between attempts) */
  base: () => string;
  stop: () => boolean;
  keyPrefix: string;
  stats: StreamStats;
  /** seq of the item before the stream (3 for a department-accepted item) */
  startSeq?: number;
  /** share of acknowledged commands delivered a second time with the same key */
  duplicateShare?: number;
  timeoutMs?: number;
  retryDelayMs?: number;
  /** called with every answer (to check 503 shapes etc.) */
  observe?: (r: HttpResult) => void;
  /** give up a command after this long without an acknowledgement */
  commandDeadlineMs?: number;
  /** statuses retried besides RETRYABLE (counted by `observe`, e.g. a 500 the test reports as a bug) */
  alsoRetry?: number[];
}

const bump = (s: StreamStats, r: HttpResult) => {
  s.requests++;
  s.statuses[r.status] = (s.statuses[r.status] ?? 0) + 1;
  s.maxMs = Math.max(s.maxMs, r.ms);
};

/** Streams START/END_SPECIAL_PROCEDURE commands on one item until stop(); every command is retried until acknowledged. */
export async function streamCommands(o: StreamOptions): Promise<Ack[]> {
  const acks: Ack[] = [];
  const startSeq = o.startSeq ?? 3;
  for (let i = 0; !o.stop(); i++) {
    const cmd = loopCommand(i);
    const key = `${o.keyPrefix}-${i}-${randomUUID()}`;
    const send = () =>
      call(o.base(), 'POST', `/api/cases/${o.id}/events`, {
        token: o.token,
        body: cmd,
        headers: { 'idempotency-key': key },
        timeoutMs: o.timeoutMs ?? 5000,
      });
    o.stats.commands++;
    let attempts = 0;
    const deadline = Date.now() + (o.commandDeadlineMs ?? 60_000);
    for (;;) {
      const r = await send();
      attempts++;
      bump(o.stats, r);
      o.observe?.(r);
      if (r.status === 200) {
        const replayed = r.headers?.get('idempotent-replayed') === 'true';
        const seq = r.body?.event?.seq as number;
        if (seq !== startSeq + i + 1)
          o.stats.unexpected.push(`${o.id} ${key}: seq ${seq}, expected ${startSeq + i + 1}`);
        acks.push({ id: o.id, key, seq, replayed });
        if (attempts > 1) o.stats.retriedCommands++;
        if (replayed) o.stats.replayedAcks++;
        if (Math.random() < (o.duplicateShare ?? 0)) {
          const again = await send();
          bump(o.stats, again);
          if (again.status === 200) {
            o.stats.duplicateDeliveries++;
            if (again.headers?.get('idempotent-replayed') !== 'true' || again.body?.event?.seq !== seq)
              o.stats.duplicateProblems.push(`${key}: ${again.text.slice(0, 200)}`);
          }
        }
        break;
      }
      if ((!RETRYABLE.has(r.status) && !o.alsoRetry?.includes(r.status)) || Date.now() > deadline) {
        o.stats.unexpected.push(`${o.id} ${key}: ${r.status} ${r.error ?? r.text.slice(0, 300)}`);
        return acks;
      }
      await sleep(o.retryDelayMs ?? 100);
    }
  }
  return acks;
}

export interface LedgerCheck {
  /** acknowledged commands whose event is missing */
  lost: string[];
  /** keys with more than one event */
  doubled: string[];
  /** events carrying a key nobody was acknowledged for */
  unacknowledged: string[];
  events: number;
}

/** Every acknowledged key present exactly once in workflow_event, nothing else keyed on these items. */
export async function checkLedger(dbUrl: string, ids: string[], acks: Ack[]): Promise<LedgerCheck> {
  return withPg(dbUrl, async (c) => {
    const rows = (
      await c.query(
        `SELECT instance_id, seq, idempotency_key FROM workflow_event WHERE instance_id = ANY($1) AND idempotency_key IS NOT NULL`,
        [ids],
      )
    ).rows as { instance_id: string; seq: number; idempotency_key: string }[];
    const byKey = new Map<string, { instance_id: string; seq: number }[]>();
    for (const r of rows) byKey.set(r.idempotency_key, [...(byKey.get(r.idempotency_key) ?? []), r]);
    const acked = new Set(acks.map((a) => a.key));
    const lost = acks
      .filter((a) => {
        const hit = byKey.get(a.key);
        return !hit || hit[0].instance_id !== a.id || hit[0].seq !== a.seq;
      })
      .map((a) => a.key);
    const doubled = [...byKey].filter(([, v]) => v.length > 1).map(([k]) => k);
    const unacknowledged = [...byKey.keys()].filter((k) => !acked.has(k));
    return { lost, doubled, unacknowledged, events: rows.length };
  });
}

// ---------------------------------------------------------------------------------------------------------
// a PostgreSQL of a test's own, which the test can stop and start again

export interface StoppablePostgres {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const PG_CONTROLLER = `
const { startEmbeddedPostgres } = require(process.argv[1]);
(async () => {
  const pg = await startEmbeddedPostgres({ dataDir: process.argv[2], port: process.argv[3] ? Number(process.argv[3]) : undefined });
  const stop = async () => { await pg.stop(); process.exit(0); };
  process.on('message', (m) => { if (m === 'stop') void stop(); });
  process.on('disconnect', () => void stop());
  process.send({ url: pg.url, port: pg.port });
})().catch((e) => { console.error(e); process.exit(1); });
`;

/**
 * startEmbeddedPostgres (src/database/embedded-postgres.ts) in a controller process of its own: the package is
 * an ES module that jest's module system cannot load, and a separate process is what production looks like.
 * Pass the port of an earlier start to come back on the same address.
 */
export async function startPostgres(dataDir: string, port?: number): Promise<StoppablePostgres> {
  const child = spawn(
    process.execPath,
    ['-e', PG_CONTROLLER, join(buildOnce(), 'src', 'database', 'embedded-postgres.js'), dataDir, String(port ?? '')],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] },
  );
  const errors: string[] = [];
  child.stderr?.on('data', (b: Buffer) => errors.push(b.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const started = await new Promise<{ url: string; port: number }>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`PostgreSQL did not start: ${errors.join('')}`)), 60_000);
    child.once('message', (m) => {
      clearTimeout(t);
      res(m as { url: string; port: number });
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      rej(new Error(`PostgreSQL controller exited ${code}: ${errors.join('')}`));
    });
  });
  debug(`PostgreSQL up on ${started.port}`);
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.connected) child.send('stop');
      const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(t);
      pgControllers.delete(stop);
    })());
  pgControllers.add(stop);
  return { ...started, stop };
}

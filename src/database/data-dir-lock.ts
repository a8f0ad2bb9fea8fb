import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * One service per data folder. The service that owns DATA_DIR holds `DATA_DIR/service.lock` (created with O_EXCL,
 * so two starts at the same moment cannot both win) naming its pid, its HTTP port and its PostgreSQL port. A second
 * start finds the owner alive and refuses; a lock whose owner is gone (kill -9, power cut) is taken over, and only
 * then is a PostgreSQL still running in the folder an orphan to shut down.
 */
export const LOCK_FILE = 'service.lock';

export interface DataDirOwner {
  pid: number;
  /** HTTP port of the owning service (null for a tool such as backup, which serves no HTTP) */
  port: number | null;
  /** port of the embedded PostgreSQL, once started */
  pgPort: number | null;
  /** 'service', or the tool that holds the folder ('backup', 'restore') */
  role: string;
  startedAt: string;
  /** The owner's start time as the kernel counts it (Linux), so that a pid reused after a reboot is no owner. */
  processStart: string | null;
}

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly owner: DataDirOwner,
  ) {
    const by =
      owner.role === 'service'
        ? `the service with pid ${owner.pid} on port ${owner.port ?? '?'}`
        : `'${owner.role}' with pid ${owner.pid}`;
    super(
      `DATA_DIR ${dataDir} is in use by ${by} (数据目录正被 pid ${owner.pid} 的进程使用); ` +
        'stop that one first, or give this start another DATA_DIR',
    );
  }
}

/** The code of a system error (not `instanceof Error` here: an error from another realm, e.g. under jest, is not). */
function errorCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errorCode(e) === 'EPERM';
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot), or null where there is no /proc. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name (field 2) may hold spaces: count from after its closing parenthesis
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Alive and (where /proc tells) the same process that wrote the lock: a pid reused by another is no owner. */
function ownerAlive(owner: DataDirOwner): boolean {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0 || !processAlive(owner.pid)) return false;
  const started = processStart(owner.pid);
  return owner.processStart === null || started === null || started === owner.processStart;
}

function parseOwner(text: string): DataDirOwner | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const fields = new Map(Object.entries(parsed));
  const num = (k: string) => {
    const n = fields.get(k);
    return typeof n === 'number' ? n : null;
  };
  const str = (k: string, fallback: string) => {
    const s = fields.get(k);
    return typeof s === 'string' ? s : fallback;
  };
  const pid = num('pid');
  if (pid === null) return null;
  return {
    pid,
    port: num('port'),
    pgPort: num('pgPort'),
    role: str('role', 'service'),
    startedAt: str('startedAt', ''),
    processStart: typeof fields.get('processStart') === 'string' ? str('processStart', '') : null,
  };
}

/** The live owner of `dataDir`, or null when nobody holds it (no lock, unreadable lock, or its owner gone). */
export function dataDirOwner(dataDir: string): DataDirOwner | null {
  const file = resolve(dataDir, LOCK_FILE);
  if (!existsSync(file)) return null;
  const owner = parseOwner(readFileSync(file, 'utf8'));
  return owner && owner.pid !== process.pid && ownerAlive(owner) ? owner : null;
}

export interface DataDirLock {
  /** Records the PostgreSQL port, for tools (backup) that connect to the running service's database. */
  setPgPort(port: number): void;
  release(): void;
}

/** Takes `dataDir` for this process or throws DataDirInUseError naming the live owner. */
export function acquireDataDirLock(dataDir: string, who: { port: number | null; role: string }): DataDirLock {
  const dir = resolve(dataDir);
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, LOCK_FILE);
  const owner: DataDirOwner = {
    pid: process.pid,
    port: who.port,
    pgPort: null,
    role: who.role,
    startedAt: new Date().toISOString(),
    processStart: processStart(process.pid),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx', 0o644);
      writeFileSync(fd, JSON.stringify(owner));
      closeSync(fd);
      break;
    } catch (e) {
      if (errorCode(e) !== 'EEXIST' || attempt >= 3) throw e;
      const live = dataDirOwner(dir);
      if (live) throw new DataDirInUseError(dir, live);
      // The owner is gone: its lock is stale. Removing it and retrying the exclusive create keeps the race fair.
      rmSync(file, { force: true });
    }
  }
  const mine = () => parseOwner(existsSync(file) ? readFileSync(file, 'utf8') : '')?.pid === process.pid;
  return {
    setPgPort(port: number) {
      owner.pgPort = port;
      if (mine()) writeFileSync(file, JSON.stringify(owner));
    },
    release() {
      if (mine()) rmSync(file, { force: true });
    },
  };
}

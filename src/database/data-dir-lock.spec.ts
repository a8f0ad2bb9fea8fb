import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireDataDirLock, DataDirInUseError, dataDirOwner, LOCK_FILE } from './data-dir-lock';

describe('the data folder lock', () => {
  let dir: string;
  let other: ChildProcess | undefined;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'permits-lock-'))));
  afterEach(() => {
    other?.kill('SIGKILL');
    other = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A live Node.js process that is not this one, writing its own lock as a service on port 3000 would. */
  const liveOwner = async () => {
    other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((r) => other!.once('spawn', r));
    const stat = readFileSync(`/proc/${other.pid}/stat`, 'utf8');
    const processStart = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    return { pid: other.pid!, port: 3000, pgPort: 5555, role: 'service', startedAt: '', processStart };
  };

  it('names the live owner and leaves its lock alone', async () => {
    const owner = await liveOwner();
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(owner));
    expect(() => acquireDataDirLock(dir, { port: 3001, role: 'service' })).toThrow(DataDirInUseError);
    expect(() => acquireDataDirLock(dir, { port: 3001, role: 'service' })).toThrow(
      `DATA_DIR ${dir} is in use by the service with pid ${owner.pid} on port 3000`,
    );
    expect(dataDirOwner(dir)).toMatchObject({ pid: owner.pid, pgPort: 5555 });
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid).toBe(owner.pid);
  });

  it('takes over the lock of an owner that is gone, or of a pid now used by another process', async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((r) => gone.once('exit', r));
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: gone.pid, port: 3000, processStart: null }));
    acquireDataDirLock(dir, { port: 3001, role: 'service' }).release();

    const reused = { ...(await liveOwner()), processStart: '1' };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(reused));
    const lock = acquireDataDirLock(dir, { port: 3001, role: 'service' });
    lock.setPgPort(4444);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({
      pid: process.pid,
      port: 3001,
      pgPort: 4444,
    });
    lock.release();
    expect(dataDirOwner(dir)).toBeNull();
  });
});

import { DataSource, type EntityManager } from 'typeorm';
import { CommandService } from '../src/cases/command.service';
import { clerk, ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue #24's one-second tail, second cause: notices were numbered in the middle of a transaction, each under
 * its (department, kind, year) sequence row's lock until commit. Two transactions approving items of two
 * departments in opposite orders each held one sequence row and waited for the other's: a deadlock that
 * PostgreSQL finds only after deadlock_timeout (1 s). Notices (and certificates) are now numbered at commit,
 * sequence rows taken in one order.
 */
describe('notice numbers are taken at commit, in one order', () => {
  let t: TestApp;
  let commands: CommandService;
  let d: ProjectDriver;

  beforeAll(async () => {
    t = await startTestApp();
    commands = t.app.get(CommandService);
    d = new ProjectDriver(t.dataSource, commands);
  });
  afterAll(() => t.close());

  const approve = (m: EntityManager, instanceId: string, department: string) =>
    commands
      .apply(m, { instanceId, type: 'APPROVE', payload: { opinion: '同意' }, actor: clerk(department) })
      .then((r) => expect(r.ok).toBe(true));

  /** Resolves once `p` settled or a backend of the test's database waits for a lock. */
  const settledOrBlocked = async (p: Promise<unknown>) => {
    let settled = false;
    void p.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      if (settled) return;
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
      );
      if (n > 0) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const serials = async (department: string, kind: string): Promise<number[]> =>
    (
      await t.dataSource.query('SELECT serial FROM notice WHERE department = $1 AND kind = $2 ORDER BY year, serial', [
        department,
        kind,
      ])
    ).map((r: { serial: number }) => r.serial);

  it('two transactions approving items of two departments in opposite orders both commit, numbers gapless', async () => {
    // four projects, so that no project lock is shared: only the numbering could make them wait for each other
    const projects = await Promise.all([1, 2, 3, 4].map(() => d.create(1, {})));
    const [a1, a2, b1, b2] = await Promise.all([
      d.accept(projects[0], 'item:projectFiling', 'development'),
      d.accept(projects[1], 'item:landUsePlanningPermit', 'planning'),
      d.accept(projects[2], 'item:landUsePlanningPermit', 'planning'),
      d.accept(projects[3], 'item:projectFiling', 'development'),
    ]);
    const ds = t.app.get(DataSource);
    let firstDone!: () => void;
    const first = new Promise<void>((r) => (firstDone = r));
    let secondWaiting!: () => void;
    const second = new Promise<void>((r) => (secondWaiting = r));

    // Not the retrying CommandService.transaction: a deadlock must show, not be retried away.
    const t1 = ds.transaction(async (m) => {
      await approve(m, a1, 'development');
      firstDone();
      await second;
      await approve(m, a2, 'planning');
    });
    const t2 = (async () => {
      await first;
      await ds.transaction(async (m) => {
        await approve(m, b1, 'planning');
        const next = approve(m, b2, 'development');
        await settledOrBlocked(next);
        secondWaiting();
        await next;
      });
    })();
    const outcomes = await Promise.allSettled([t1, t2]);
    expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'committed'))).toEqual([
      'committed',
      'committed',
    ]);

    for (const [item, department] of [
      [a1, 'development'],
      [a2, 'planning'],
      [b1, 'planning'],
      [b2, 'development'],
    ]) {
      const rows = await t.dataSource.query('SELECT department FROM notice WHERE instance_id = $1 AND kind = $2', [
        item,
        'approval',
      ]);
      expect(rows).toEqual([{ department }]);
    }
    for (const department of ['development', 'planning']) {
      const s = await serials(department, 'approval');
      expect(s.length).toBeGreaterThanOrEqual(2);
      expect(s).toEqual(s.map((_, i) => i + 1));
    }
  });

  it('many approvals of several departments sent at once, cascading into their projects: every notice numbered once, gapless', async () => {
    const projects = await Promise.all(Array.from({ length: 8 }, () => d.create(1, {})));
    const items: [string, string][] = [];
    for (const p of projects) {
      items.push([await d.accept(p, 'item:projectFiling', 'development'), 'development']);
      items.push([await d.accept(p, 'item:landUsePlanningPermit', 'planning'), 'planning']);
    }
    // ordered by id: the departments interleave at random, so batches meet them in either order
    items.sort((a, b) => a[0].localeCompare(b[0]));
    const results = await Promise.allSettled(
      items.map(([id, department]) => d.send(id, 'APPROVE', clerk(department), { opinion: '同意' })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    for (const department of ['development', 'planning']) {
      const s = await serials(department, 'approval');
      expect(s).toEqual(s.map((_, i) => i + 1));
    }
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM notice WHERE kind = 'approval' AND instance_id = ANY($1)`,
      [items.map(([id]) => id)],
    );
    expect(n).toBe(items.length);
  });
});

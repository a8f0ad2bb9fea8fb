import { DataSource } from 'typeorm';
import { CommandService } from '../src/cases/command.service';
import { clerk, ProjectDriver, STAGES } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue #24's one-second tail: an item's first decision in a stage cascades into its project case, which tells
 * the stage's other open items (APPLICATION_DECIDED). Two batches in flight, each holding the row of one item of
 * the same project and approving it, locked the project case and the sibling rows in opposite orders: PostgreSQL
 * found the deadlock only after deadlock_timeout (1 s), one batch was aborted and retried — a POST of ~1.05 s.
 * Commands on one project now queue at the project's lock before any of its rows is locked.
 */
describe('commands on items of one project never deadlock', () => {
  let t: TestApp;
  let commands: CommandService;
  let driver: ProjectDriver;
  let deadlocks = 0;

  beforeAll(async () => {
    t = await startTestApp();
    commands = t.app.get(CommandService);
    driver = new ProjectDriver(t.dataSource, commands);
    const ds = t.app.get(DataSource);
    const original = ds.transaction.bind(ds) as (fn: unknown) => Promise<unknown>;
    // every transaction of the write path goes through DataSource.transaction (IdempotentTransaction retries it)
    jest.spyOn(ds, 'transaction').mockImplementation((async (fn: unknown) => {
      try {
        return await original(fn);
      } catch (e) {
        if ((e as { driverError?: { code?: string } }).driverError?.code === '40P01') deadlocks++;
        throw e;
      }
    }) as never);
  });
  afterAll(() => t.close());

  it('the first decisions of a stage, sent together on many projects, are applied without a deadlock', async () => {
    // The lock order is the write path's, whatever the version; v2 opens a stage's items all at once (v3 orders
    // them by dependency), which is what made two batches lock one project's rows in opposite orders.
    const version = 2;
    const projects = await Promise.all(Array.from({ length: 12 }, () => driver.create(version, {})));
    const items: { id: string; department: string }[] = [];
    for (const projectId of projects) {
      for (const [key, department] of STAGES.landPlanning) {
        items.push({ id: await driver.accept(projectId, key, department), department });
      }
    }
    // interleave the projects so that every batch holds items of many projects, and each project's items fall
    // into different batches
    items.sort((a, b) => a.id.localeCompare(b.id));
    const results = await Promise.allSettled(
      items.map(({ id, department }) => driver.send(id, 'APPROVE', clerk(department), { opinion: '同意' })),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(deadlocks).toBe(0);
    for (const projectId of projects) {
      expect((await driver.context(projectId)).applicationDecided?.landPlanning).toBeTruthy();
    }
  });
});

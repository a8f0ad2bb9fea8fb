import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { as, type Http } from './projects-support';
import { NO_PRACTICES } from '../workflows/testing/project-fixture';

/**
 * The clerk loop's requests (bench/clerk-loop.ts) in database round trips: on a 2-core machine every statement
 * costs a context switch of both processes, so a round trip added to one of these routes shows in the loop's CPU
 * per command. Counted on the pg client of this process (the scheduler is off in test apps: nothing else runs).
 */
describe('round trips per request of the clerk loop (real PostgreSQL)', () => {
  let t: TestApp;
  let ent: Http;
  let windowClerk: Http;
  let projectId: string;
  const statements: string[] = [];
  const original = Client.prototype.query;

  beforeAll(async () => {
    t = await startTestApp();
    await t.dataSource.query(`INSERT INTO enterprise (id, name) VALUES ('ent-cost', '计数公司')`);
    ent = as(t, await userToken(t, { username: 'ent-cost-1', role: 'enterprise', enterpriseId: 'ent-cost' }));
    windowClerk = as(t, await userToken(t, { username: 'window-cost-1', role: 'clerk', department: 'window' }));
    const filed = await ent
      .post('/api/projects', {
        name: '计数项目',
        category: 'socialInvestment',
        investorType: 'socialCapital',
        landSupplyMode: 'tenderAuctionListing',
        investmentAmount: 10000,
        practices: { ...NO_PRACTICES },
      })
      .expect(201);
    projectId = filed.body.id;
    // A counting wrapper around the driver's query: every statement the app sends passes here.
    Client.prototype.query = function (this: Client, ...args: unknown[]) {
      const first = args[0];
      statements.push(typeof first === 'string' ? first : String((first as { text?: string })?.text ?? first));
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query;
  });
  afterAll(async () => {
    Client.prototype.query = original;
    await t?.close();
  });

  /** The statements one request sends (after a first, uncounted one warms the user cache as the loop's would). */
  async function roundTrips(request: () => Promise<unknown>): Promise<string[]> {
    statements.length = 0;
    await request();
    return statements.splice(0);
  }

  it('the loop: queue, case, command, project status each in a fixed, small number of statements', async () => {
    await windowClerk.get('/api/tasks?limit=20').expect(200);
    await ent.get(`/api/projects/${projectId}`).expect(200);

    let task: { instanceId: string } | undefined;
    const queue = await roundTrips(async () => {
      const res = await windowClerk.get('/api/tasks?limit=20').expect(200);
      task = res.body.items[0];
    });
    let seq = 0;
    const caseRead = await roundTrips(async () => {
      seq = (await windowClerk.get(`/api/cases/${task!.instanceId}`).expect(200)).body.seq;
    });
    const command = await roundTrips(() =>
      windowClerk
        .post(
          `/api/cases/${task!.instanceId}/events`,
          { type: 'WINDOW_ACCEPT', payload: {} },
          { 'Idempotency-Key': randomUUID(), 'If-Match': `"${seq}"` },
        )
        .expect(200),
    );
    const status = await roundTrips(() => ent.get(`/api/projects/${projectId}`).expect(200));

    expect({
      queue: queue.length,
      caseRead: caseRead.length,
      command: command.length,
      status: status.length,
    }).toEqual({
      // The page and its credit facts: a first page shorter than the limit is the whole queue, so no count; the
      // upload gates read nothing for a window's offers.
      queue: 2,
      // Access (with the clerk's visibility rule) riding on the case with its children and credit facts.
      caseRead: 1,
      // BEGIN, the key's lock and record, the project lock, the locked read, the write, the record, COMMIT.
      command: 8,
      // The project (once), its instances, the credit facts, the steward.
      status: 4,
    });
  });

  it('a full first page (or a later one) adds the count; the totals agree with those of a page holding the queue', async () => {
    const whole = (await windowClerk.get('/api/tasks?limit=20').expect(200)).body;
    expect(whole.total).toBeGreaterThan(1);
    expect(whole.total).toBeLessThan(20);
    let first: { total: number; counts: unknown; items: unknown[] } | undefined;
    const full = await roundTrips(async () => {
      first = (await windowClerk.get('/api/tasks?limit=1').expect(200)).body;
    });
    let later: { total: number; counts: unknown; items: unknown[] } | undefined;
    const next = await roundTrips(async () => {
      later = (await windowClerk.get(`/api/tasks?limit=20&offset=${whole.total - 1}`).expect(200)).body;
    });
    // The page, its count, the page's credit facts.
    expect({ full: full.length, next: next.length }).toEqual({ full: 3, next: 3 });
    for (const page of [first!, later!]) {
      expect(page.items).toHaveLength(1);
      expect({ total: page.total, counts: page.counts }).toEqual({ total: whole.total, counts: whole.counts });
    }
  });

  it("a queue's task carries the clock as its column shows it; the case view has the whole clock", async () => {
    const accepted = (await windowClerk.get(`/api/tasks?limit=20&projectId=${projectId}`).expect(200)).body.items;
    for (const task of accepted) {
      const seq = (await windowClerk.get(`/api/cases/${task.instanceId}`).expect(200)).body.seq;
      await windowClerk
        .post(
          `/api/cases/${task.instanceId}/events`,
          { type: 'WINDOW_ACCEPT', payload: {} },
          { 'If-Match': `"${seq}"` },
        )
        .expect(200);
    }
    const view = (await windowClerk.get(`/api/cases/${accepted[0].instanceId}`).expect(200)).body;
    const clerk = as(
      t,
      await userToken(t, { username: 'dept-cost-1', role: 'clerk', department: view.departmentQueue }),
    );
    const res = await clerk.get(`/api/tasks?limit=20&projectId=${projectId}`).expect(200);
    const task = res.body.items.find((x: { instanceId: string }) => x.instanceId === view.id);
    expect(Object.keys(task.deadline).sort()).toEqual(
      ['dueAt', 'dueDate', 'paused', 'remaining', 'remainingUnit', 'uncoveredYears', 'unit'].sort(),
    );
    expect(task.deadline).toMatchObject({ dueDate: view.deadline.dueDate, remaining: view.deadline.remaining });
    expect(task).not.toHaveProperty('receivedAt');
    expect(task).not.toHaveProperty('warnAt');
    expect(view.deadline).toHaveProperty('startedAt');
  });
});

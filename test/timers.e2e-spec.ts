import type { DataSource } from 'typeorm';
import { CommandService } from '../src/cases/command.service';
import { TimerScheduler } from '../src/timers/timer.scheduler';
import { actors, createItem } from './support/engine-fixtures';
import { METRICS_AUTH, startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

const FAST = { SCHEDULER_ENABLED: 'true', SCHEDULER_INTERVAL_MS: '50' };

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not reached in time');
}

/** An item window-accepted long ago: both its warning and its overdue timer are already due. */
async function itemWithDueTimers(t: TestApp, acceptedAt = '2026-01-05T02:00:00.000Z'): Promise<string> {
  const commands = t.app.get(CommandService);
  const { id } = await createItem(t.dataSource, commands, 'engineeringPlanningPermit', acceptedAt);
  await commands.execute(
    { instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window, occurredAt: acceptedAt },
    'h',
    async () => ({}),
  );
  return id;
}

const pendingDue = async (ds: DataSource) =>
  (await ds.query(`SELECT count(*)::int AS n FROM workflow_timer WHERE status = 'pending' AND due_at <= now()`))[0]
    .n as number;

describe('durable deadlines', () => {
  it('two app processes on one database: every due timer fires exactly once', async () => {
    const db = await createTestDatabase();
    const seeding = await startTestApp({ SCHEDULER_ENABLED: 'false' }, db);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push(await itemWithDueTimers(seeding));
    await seeding.close();

    const a = await startTestApp(FAST, db);
    const b = await startTestApp(FAST, db);
    try {
      await waitFor(async () => (await pendingDue(a.dataSource)) === 0);
      await Promise.all([a.app.get(TimerScheduler).runOnce(), b.app.get(TimerScheduler).runOnce()]);
      const counts = await a.dataSource.query(
        `SELECT instance_id, type, count(*)::int AS n FROM workflow_event
          WHERE instance_id = ANY($1) AND type IN ('PROMISED_TIME_WARNING', 'PROMISED_TIME_OVERDUE')
          GROUP BY instance_id, type`,
        [ids],
      );
      expect(counts).toHaveLength(24);
      expect(counts.every((c: { n: number }) => c.n === 1)).toBe(true);
      const timers = await a.dataSource.query(
        `SELECT status, outcome, count(*)::int AS n FROM workflow_timer WHERE instance_id = ANY($1) GROUP BY status, outcome`,
        [ids],
      );
      expect(timers).toEqual([{ status: 'fired', outcome: 'applied', n: 24 }]);
      const states = await a.dataSource.query('SELECT DISTINCT timer_state FROM workflow_instance WHERE id = ANY($1)', [
        ids,
      ]);
      expect(states).toEqual([{ timer_state: 'overdue' }]);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  it('a timer that fell due while the service was stopped fires after start', async () => {
    const db = await createTestDatabase();
    const first = await startTestApp({ SCHEDULER_ENABLED: 'false' }, db);
    const id = await itemWithDueTimers(first);
    expect(await pendingDue(first.dataSource)).toBe(2);
    await first.close();

    const second = await startTestApp(FAST, db);
    try {
      await waitFor(async () => (await pendingDue(second.dataSource)) === 0);
      const [row] = await second.dataSource.query('SELECT timer_state FROM workflow_instance WHERE id = $1', [id]);
      expect(row.timer_state).toBe('overdue');
      const metrics = await second.http().get('/metrics').set('Authorization', METRICS_AUTH).expect(200);
      expect(metrics.text).toMatch(/workflow_timers_fired_total\{outcome="applied"\} 2/);
      expect(metrics.text).toMatch(/workflow_timers_late_total 2/);
    } finally {
      await second.close();
      await db.drop();
    }
  });

  it('a deadline across the Spring Festival and a 调休 Saturday lands on the right working day', async () => {
    const t = await startTestApp();
    try {
      // Accepted Tue 2026-02-10 10:00 CST; 建设工程规划许可证 promises 5 working days. Counted days:
      // 02-11, 02-12, 02-13, Sat 02-14 (make-up working day), then 春节 02-15..02-23 off, Tue 02-24 = day 5.
      const id = await itemWithDueTimers(t, '2026-02-10T02:00:00.000Z');
      const [row] = await t.dataSource.query('SELECT due_at, warn_at FROM workflow_instance WHERE id = $1', [id]);
      expect(new Date(row.due_at).toISOString()).toBe('2026-02-24T16:00:00.000Z'); // overdue from 02-25 00:00 CST
      expect(new Date(row.warn_at).toISOString()).toBe('2026-02-14T16:00:00.000Z'); // 4 of 5 days gone after Sat 02-14
      const timers = await t.dataSource.query(
        `SELECT timer_key, due_at FROM workflow_timer WHERE instance_id = $1 AND status = 'pending' ORDER BY due_at`,
        [id],
      );
      expect(
        timers.map((x: { timer_key: string; due_at: Date }) => [x.timer_key, new Date(x.due_at).toISOString()]),
      ).toEqual([
        ['promised:warning', '2026-02-14T16:00:00.000Z'],
        ['promised:due', '2026-02-24T16:00:00.000Z'],
      ]);
    } finally {
      await t.close();
    }
  });

  it('leaving the state cancels its timers in the same transaction', async () => {
    const t = await startTestApp();
    try {
      const commands = t.app.get(CommandService);
      const id = await itemWithDueTimers(t, '2026-02-10T02:00:00.000Z');
      await commands.execute(
        { instanceId: id, type: 'DEPARTMENT_ACCEPT', payload: {}, actor: actors.planning },
        'a',
        async () => ({}),
      );
      await commands.execute(
        { instanceId: id, type: 'APPROVE', payload: {}, actor: actors.planning },
        'b',
        async () => ({}),
      );
      const pending = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM workflow_timer WHERE instance_id = $1 AND status = 'pending'`,
        [id],
      );
      expect(pending[0].n).toBe(0);
    } finally {
      await t.close();
    }
  });
});

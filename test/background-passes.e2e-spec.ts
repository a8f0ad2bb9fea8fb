import { CommandService } from '../src/cases/command.service';
import { NotificationDispatcher } from '../src/notifications/notification-dispatcher';
import { RULE_EVENT_TYPES } from '../src/notifications/notification-rules';
import { TimerScheduler } from '../src/timers/timer.scheduler';
import { actors, createItem } from './support/engine-fixtures';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The two background loops (timer scheduler, notification dispatcher) on the shared Poller: an idle tick opens
 * no transaction, a tick with work does it. And the outbox trigger in the migrated database enqueues exactly
 * the event types the notification rules read (RULE_EVENT_TYPES is the one list; released migrations are
 * history, so the check is against the database they built, not against their source).
 */
describe('background passes (real PostgreSQL)', () => {
  let t: TestApp;
  let transactions: jest.SpyInstance;

  beforeAll(async () => {
    t = await startTestApp();
    // DataSource.transaction and CommandService.transaction both end in the manager's transaction().
    transactions = jest.spyOn(t.dataSource.manager, 'transaction');
  });
  afterAll(() => t?.close());
  beforeEach(() => transactions.mockClear());

  it('the outbox trigger enqueues exactly the event types the notification rules read', async () => {
    const [{ def }] = await t.dataSource.query(
      `SELECT pg_get_triggerdef(oid) AS def FROM pg_trigger WHERE tgname = 'workflow_event_notification_outbox'`,
    );
    const types = [...String(def).matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
    expect(types.sort()).toEqual([...RULE_EVENT_TYPES].sort());
  });

  it('an idle tick of either loop opens no transaction', async () => {
    await t.dataSource.query(`DELETE FROM notification_outbox`);
    await t.dataSource.query(`UPDATE notification SET delivered_at = now() WHERE delivered_at IS NULL`);
    expect(await t.app.get(NotificationDispatcher).runOnce()).toBe(0);
    expect(await t.app.get(TimerScheduler).runOnce()).toBe(0);
    expect(transactions).not.toHaveBeenCalled();
  });

  it('a tick with work does it: the acceptance’s outbox entry is handled, the overdue timers fire', async () => {
    const commands = t.app.get(CommandService);
    const acceptedAt = '2026-01-05T02:00:00.000Z';
    const { id } = await createItem(t.dataSource, commands, 'engineeringPlanningPermit', acceptedAt);
    await commands.execute(
      { instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window, occurredAt: acceptedAt },
      'background-passes',
      async () => ({}),
    );
    transactions.mockClear();
    expect(await t.app.get(NotificationDispatcher).runOnce()).toBe(1);
    expect(transactions).toHaveBeenCalled();
    transactions.mockClear();
    // Its promised-time warning and overdue timers fell due long ago.
    expect(await t.app.get(TimerScheduler).runOnce()).toBe(2);
    expect(transactions).toHaveBeenCalled();
  });
});

import type { DeadlineSpec } from '../workflows/contract';
import { CalendarService, calendarSignature } from '../src/calendar/calendar.service';
import { CommandService } from '../src/cases/command.service';
import { Clock, type SystemClock } from '../src/common/clock';
import { TimerScheduler } from '../src/timers/timer.scheduler';
import { actors, createItem } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { METRICS_AUTH, startTestApp, type TestApp } from './support/test-app';

/** Illustrative only: the real 2027 arrangement is whatever the State Council publishes. */
const YEAR_2027 = {
  year: 2027,
  holidays: [
    { date: '2027-01-01', name: '元旦' },
    { date: '2027-02-05', name: '春节' },
    { date: '2027-02-08', name: '春节' },
  ],
  workdays: [{ date: '2027-02-13', name: '春节' }],
  source: 'test fixture',
};

describe('working-day calendar administration', () => {
  let t: TestApp;
  let admin: string;
  let clerk: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await userToken(t, { username: 'cal-admin', role: 'admin' });
    clerk = await userToken(t, { username: 'cal-clerk', role: 'clerk', department: 'planning' });
  });
  afterAll(() => t.close());

  it('flags a deadline in a year without data, and counts it properly once the year is loaded', async () => {
    const years = await t.http().get('/api/calendar/years').set('Authorization', clerk).expect(200);
    expect(years.body.map((y: { year: number }) => y.year)).toEqual([2023, 2024, 2025, 2026]);

    // The same deadline spec (resolutions are remembered per spec object and calendar) before and after the load.
    const calendar = t.app.get(CalendarService);
    const spec: DeadlineSpec = {
      kind: 'promisedTimeLimit',
      label: '承诺时限',
      startedAt: '2027-02-04T02:00:00.000Z',
      amount: 2,
      unit: 'workingDays',
      pauses: [],
    };
    expect(calendar.resolve(spec)).toMatchObject({ dueDate: '2027-02-08', uncoveredYears: [2027] });
    expect(calendar.fireAt(spec, 'due')).toBe('2027-02-08T16:00:00.000Z');

    const before = await t
      .http()
      .get('/api/calendar/working-days?from=2027-02-04&days=2')
      .set('Authorization', clerk)
      .expect(200);
    expect(before.body).toEqual({ from: '2027-02-04', days: 2, date: '2027-02-08', uncoveredYears: [2027] });

    await t.http().put('/api/calendar/years/2027').set('Authorization', admin).send(YEAR_2027).expect(200);
    const after = await t
      .http()
      .get('/api/calendar/working-days?from=2027-02-04&days=2')
      .set('Authorization', clerk)
      .expect(200);
    // 02-05 and 02-08 are now holidays: the 2nd working day after Thu 02-04 is Wed 02-10.
    expect(after.body).toEqual({ from: '2027-02-04', days: 2, date: '2027-02-10', uncoveredYears: [] });
    expect(calendar.resolve(spec)).toMatchObject({ dueDate: '2027-02-10', uncoveredYears: [] });
    expect(calendar.fireAt(spec, 'due')).toBe('2027-02-10T16:00:00.000Z');
    const stored = await t.dataSource.query('SELECT year, loaded_by FROM calendar_year');
    expect(stored).toEqual([{ year: 2027, loaded_by: 'cal-admin' }]);
  });

  it('refuses an invalid arrangement naming the problem, and non-admins', async () => {
    const bad = await t
      .http()
      .put('/api/calendar/years/2028')
      .set('Authorization', admin)
      .send({ ...YEAR_2027, year: 2028, holidays: [], workdays: [{ date: '2028-03-01', name: '调休' }] })
      .expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(bad.body.message).toMatch(/[\u4e00-\u9fff]/);
    expect(JSON.stringify(bad.body.details)).toMatch(/2028-03-01/);
    const wrongField = await t
      .http()
      .put('/api/calendar/years/2028')
      .set('Authorization', admin)
      .send({ year: '2028' })
      .expect(400);
    expect(wrongField.body.message).toMatch(/年份/);
    await t.http().put('/api/calendar/years/2027').set('Authorization', clerk).send(YEAR_2027).expect(403);
    await t.http().get('/api/calendar/working-days?from=bad&days=2').set('Authorization', clerk).expect(400);
  });
});

describe('stored deadline instants follow the calendar in force', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ SCHEDULER_ENABLED: 'false' });
  });
  afterAll(() => t.close());

  const utc = (d: Date | null) => (d === null ? null : new Date(d).toISOString());
  const stored = async (id: string) => {
    const [row] = await t.dataSource.query('SELECT seq, due_at, warn_at FROM workflow_instance WHERE id = $1', [id]);
    const timers = await t.dataSource.query(
      `SELECT timer_key, due_at, at FROM workflow_timer WHERE instance_id = $1 AND status = 'pending' ORDER BY timer_key`,
      [id],
    );
    return {
      seq: row.seq as number,
      dueAt: utc(row.due_at),
      warnAt: utc(row.warn_at),
      timers: timers.map((x: { timer_key: string; due_at: Date; at: unknown }) => [x.timer_key, utc(x.due_at), x.at]),
    };
  };

  it('loading a year moves the pending timers and the work-queue columns; a timer written before waits when claimed', async () => {
    // 建设工程规划许可证 (5 working days) window-accepted Thu 2027-02-04. Without 2027's data, Monday–Friday:
    // 02-05, 02-08, 02-09, 02-10 (warning: 4 of 5), 02-11 (due).
    const commands = t.app.get(CommandService);
    const acceptedAt = '2027-02-04T02:00:00.000Z';
    const { id } = await createItem(t.dataSource, commands, 'engineeringPlanningPermit', acceptedAt);
    await commands.execute(
      { instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window, occurredAt: acceptedAt },
      'h',
      async () => ({}),
    );
    const before = await stored(id);
    expect(before).toMatchObject({
      dueAt: '2027-02-11T16:00:00.000Z',
      warnAt: '2027-02-10T16:00:00.000Z',
      timers: [
        ['promised:due', '2027-02-11T16:00:00.000Z', 'due'],
        ['promised:warning', '2027-02-10T16:00:00.000Z', 'warning'],
      ],
    });

    // Another process on the same database, which has not seen the year yet when it is loaded.
    const lagging = await startTestApp({ SCHEDULER_ENABLED: 'false' }, { url: t.databaseUrl, drop: async () => {} });
    const metric = async (series: string) => {
      const { text } = await t.http().get('/metrics').set('Authorization', METRICS_AUTH).expect(200);
      return Number(
        text
          .split('\n')
          .find((l: string) => l.startsWith(`${series} `))
          ?.split(' ')[1] ?? 0,
      );
    };
    const counted = () =>
      Promise.all(
        ['read', 'moved'].flatMap((n) =>
          ['timer', 'instance'].map((k) => metric(`workflow_deadline_instants_${n}_total{kind="${k}"}`)),
        ),
      );
    const counted0 = await counted();

    // With the fixture's 2027 (02-05 and 02-08 off, Sat 02-13 worked): 02-09, 02-10, 02-11, 02-12 (warning),
    // Sat 02-13 (due). The load moves what was stored; the history (the event and its deadline spec) is untouched.
    const admin = await userToken(t, { username: 'cal-admin-2', role: 'admin' });
    await t.http().put('/api/calendar/years/2027').set('Authorization', admin).send(YEAR_2027).expect(200);
    // the load answers at once; the stored instants follow in the background
    await t.app.get(CalendarService).whenApplied();
    // read: the item's two timers and its row; moved: all three
    expect((await counted()).map((n, i) => n - counted0[i])).toEqual([2, 1, 2, 1]);
    const moved = {
      seq: before.seq,
      dueAt: '2027-02-13T16:00:00.000Z',
      warnAt: '2027-02-12T16:00:00.000Z',
      timers: [
        ['promised:due', '2027-02-13T16:00:00.000Z', 'due'],
        ['promised:warning', '2027-02-12T16:00:00.000Z', 'warning'],
      ],
    };
    expect(await stored(id)).toEqual(moved);
    expect((await t.dataSource.query('SELECT signature FROM calendar_applied'))[0].signature).toBe(
      calendarSignature(t.app.get(CalendarService).current),
    );

    // What the other process wrote meanwhile with the calendar before, it mends once it rereads the calendar (each
    // minute; here at once).
    await t.dataSource.query('UPDATE workflow_instance SET due_at = $2, warn_at = $3 WHERE id = $1', [
      id,
      before.dueAt,
      before.warnAt,
    ]);
    const laggingCalendar = lagging.app.get(CalendarService);
    await laggingCalendar.reload();
    await laggingCalendar.whenApplied();
    await lagging.close();
    expect(await stored(id)).toEqual(moved);

    // Timers written meanwhile by a process that has not seen the year yet (it rereads the calendar each minute):
    // claimed at their old instants, they are not fired but wait for the new ones.
    await t.dataSource.query(
      `UPDATE workflow_timer SET due_at = CASE timer_key WHEN 'promised:due' THEN $2::timestamptz ELSE $3::timestamptz END
        WHERE instance_id = $1 AND status = 'pending'`,
      [id, '2027-02-11T16:00:00.000Z', '2027-02-10T16:00:00.000Z'],
    );
    const clock = t.app.get(Clock) as SystemClock;
    clock.advance(Date.parse('2027-02-11T17:00:00.000Z') - clock.now().getTime());
    expect(await t.app.get(TimerScheduler).runOnce()).toBe(2);
    expect(await stored(id)).toEqual(moved);
    // once due by the calendar in force, it fires
    clock.advance(Date.parse('2027-02-12T17:00:00.000Z') - clock.now().getTime());
    expect(await t.app.get(TimerScheduler).runOnce()).toBe(1);
    const after = await stored(id);
    expect(after.seq).toBe(before.seq + 1);
    expect(after.timers).toEqual([['promised:due', '2027-02-13T16:00:00.000Z', 'due']]);

    // A process that starts on instants computed with another calendar (a release that ships a year) brings them
    // to its own; one that starts on its own calendar's instants leaves them alone.
    const wrong = '2027-03-01T16:00:00.000Z';
    const spoil = () =>
      Promise.all([
        t.dataSource.query(`UPDATE workflow_timer SET due_at = $2 WHERE instance_id = $1 AND status = 'pending'`, [
          id,
          wrong,
        ]),
        t.dataSource.query('UPDATE workflow_instance SET due_at = $2 WHERE id = $1', [id, wrong]),
      ]);
    await spoil();
    const same = await startTestApp({ SCHEDULER_ENABLED: 'false' }, { url: t.databaseUrl, drop: async () => {} });
    await same.app.get(CalendarService).whenApplied();
    await same.close();
    expect(await stored(id)).toMatchObject({ dueAt: wrong, timers: [['promised:due', wrong, 'due']] });
    await t.dataSource.query(`UPDATE calendar_applied SET signature = 'an older calendar'`);
    const other = await startTestApp({ SCHEDULER_ENABLED: 'false' }, { url: t.databaseUrl, drop: async () => {} });
    await other.app.get(CalendarService).whenApplied();
    await other.close();
    expect(await stored(id)).toMatchObject({
      dueAt: '2027-02-13T16:00:00.000Z',
      timers: [['promised:due', '2027-02-13T16:00:00.000Z', 'due']],
    });
  });
});

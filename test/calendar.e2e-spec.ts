import type { DeadlineSpec } from '../workflows/contract';
import { CalendarService } from '../src/calendar/calendar.service';
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';

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
    expect(bad.body.message).toMatch(/2028-03-01/);
    const wrongField = await t
      .http()
      .put('/api/calendar/years/2028')
      .set('Authorization', admin)
      .send({ year: '2028' })
      .expect(400);
    expect(wrongField.body.message).toMatch(/year/);
    await t.http().put('/api/calendar/years/2027').set('Authorization', clerk).send(YEAR_2027).expect(403);
    await t.http().get('/api/calendar/working-days?from=bad&days=2').set('Authorization', clerk).expect(400);
  });
});

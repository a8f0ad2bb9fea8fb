import fc from 'fast-check';
import { CalendarDataError, CalendarYear, WorkingDayCalendar, defaultCalendar, validateCalendarYear } from './index';
import { addNaturalDays, fromDayNumber, toDayNumber } from './dates';

const cal = defaultCalendar;

/** A 2027 arrangement as an admin might load it (illustrative data, not the State Council's). */
const y2027: CalendarYear = {
  year: 2027,
  holidays: [{ date: '2027-01-01', name: '元旦' }],
  workdays: [],
  source: 'admin test data',
};

describe('WorkingDayCalendar', () => {
  describe('addWorkingDays', () => {
    it('skips the 2024 Spring Festival and counts the make-up Sunday 2024-02-18', () => {
      // Tue 02-06 → Wed 07 (1), Thu 08 (2), Fri 09 (3), [10..17 off], Sun 18 make-up (4), Mon 19 (5)
      expect(cal.addWorkingDays('2024-02-06', 3)).toEqual({ date: '2024-02-09', uncoveredYears: [] });
      expect(cal.addWorkingDays('2024-02-06', 4)).toEqual({ date: '2024-02-18', uncoveredYears: [] });
      expect(cal.addWorkingDays('2024-02-06', 5)).toEqual({ date: '2024-02-19', uncoveredYears: [] });
    });

    it('lands on a 调休 Saturday', () => {
      // 2025-02-08 (Sat) is a make-up workday: Wed 02-05 → Thu 06 (1), Fri 07 (2), Sat 08 (3)
      expect(cal.addWorkingDays('2025-02-05', 3).date).toBe('2025-02-08');
      // 2025-10-11 (Sat): Fri 09-26 → Sun 28 (1), Mon 29 (2), Tue 30 (3), [10-01..08 off], Thu 09 (4), Fri 10 (5), Sat 11 (6)
      expect(cal.addWorkingDays('2025-09-26', 5).date).toBe('2025-10-10');
      expect(cal.addWorkingDays('2025-09-26', 6).date).toBe('2025-10-11');
      expect(cal.addWorkingDays('2025-09-26', 7).date).toBe('2025-10-13');
    });

    it('n = 0 is the day itself when working, else the next working day; n < 0 counts backwards', () => {
      expect(cal.addWorkingDays('2024-02-18', 0).date).toBe('2024-02-18'); // make-up Sunday
      expect(cal.addWorkingDays('2024-02-10', 0).date).toBe('2024-02-18');
      expect(cal.addWorkingDays('2024-02-19', -1).date).toBe('2024-02-18');
      expect(cal.addWorkingDays('2024-02-18', -1).date).toBe('2024-02-09');
      expect(() => cal.addWorkingDays('2024-02-18', 1.5)).toThrow(RangeError);
    });

    it('flags a result that relied on a year without data (2027) and stops flagging once it is loaded', () => {
      // Mon 2026-12-28 → Tue 29 (1), Wed 30 (2), Thu 31 (3), Fri 2027-01-01 (4: fallback weekday), Mon 01-04 (5)
      expect(cal.addWorkingDays('2026-12-28', 5)).toEqual({ date: '2027-01-04', uncoveredYears: [2027] });
      expect(cal.addWorkingDays('2026-12-28', 3)).toEqual({ date: '2026-12-31', uncoveredYears: [] });
      const with2027 = cal.withYear(y2027);
      expect(with2027.addWorkingDays('2026-12-28', 5)).toEqual({ date: '2027-01-05', uncoveredYears: [] });
      // Fri 2022-12-30 → Sat 12-31 (2022: no data, weekend by fallback), [2023-01-01..02 元旦], Tue 01-03
      expect(cal.addWorkingDays('2022-12-30', 1)).toEqual({ date: '2023-01-03', uncoveredYears: [2022] });
      expect(cal.addWorkingDays('2022-12-31', 1)).toEqual({ date: '2023-01-03', uncoveredYears: [] });
      expect(cal.addWorkingDays('2022-12-29', 1)).toEqual({ date: '2022-12-30', uncoveredYears: [2022] });
    });
  });

  it('workingDaysBetween counts working days in (a, b]', () => {
    expect(cal.workingDaysBetween('2024-02-06', '2024-02-19')).toEqual({ days: 5, uncoveredYears: [] });
    expect(cal.workingDaysBetween('2024-02-19', '2024-02-06')).toEqual({ days: -5, uncoveredYears: [] });
    expect(cal.workingDaysBetween('2024-02-10', '2024-02-17').days).toBe(0);
    expect(cal.workingDaysBetween('2024-02-10', '2024-02-10').days).toBe(0);
    // 2025: 261 weekdays − 18 weekday holidays (元旦 1, 春节 6, 清明 1, 劳动节 3, 端午 1, 国庆/中秋 6)
    //       + 5 make-up days (01-26, 02-08, 04-27, 09-28, 10-11) = 248
    expect(cal.workingDaysBetween('2024-12-31', '2025-12-31')).toEqual({ days: 248, uncoveredYears: [] });
    expect(cal.workingDaysBetween('2026-12-31', '2027-12-31')).toEqual({ days: 261, uncoveredYears: [2027] });
  });

  it('natural days and months do not depend on holiday data', () => {
    expect(cal.addNaturalDays('2024-02-09', 1)).toBe('2024-02-10');
    expect(cal.addMonths('2024-01-31', 1)).toBe('2024-02-29');
  });

  it('dayInfo explains each kind of day', () => {
    expect(cal.dayInfo('2025-10-06')).toMatchObject({ kind: 'holiday', working: false, covered: true });
    expect(cal.dayInfo('2025-10-11')).toMatchObject({ kind: 'makeUpWorkday', working: true, name: '国庆节' });
    expect(cal.dayInfo('2025-10-12')).toMatchObject({ kind: 'weekend', working: false, covered: true });
    expect(cal.dayInfo('2025-10-13')).toMatchObject({ kind: 'workday', working: true, covered: true });
  });

  describe('withYear (admin-loaded arrangements)', () => {
    it('returns a new calendar and leaves the original untouched', () => {
      const next = cal.withYear(y2027);
      expect(next.coveredYears()).toEqual([2023, 2024, 2025, 2026, 2027]);
      expect(cal.coveredYears()).toEqual([2023, 2024, 2025, 2026]);
      expect(next.isWorkingDay('2027-01-01')).toBe(false);
      expect(cal.isWorkingDay('2027-01-01')).toBe(true);
    });

    it('replaces a loaded year (e.g. to add late-December days moved by next year’s arrangement)', () => {
      const amended = cal.withYear({
        ...cal.calendarYears().find((y) => y.year === 2026)!,
        holidays: [...cal.calendarYears().find((y) => y.year === 2026)!.holidays, { date: '2026-12-31', name: '元旦' }],
        source: 'admin amendment',
      });
      expect(amended.isWorkingDay('2026-12-31')).toBe(false);
      expect(amended.isWorkingDay('2026-02-16')).toBe(false);
      expect(cal.isWorkingDay('2026-12-31')).toBe(true);
    });

    it('rejects invalid data with every issue listed', () => {
      const bad: CalendarYear = {
        year: 2027,
        holidays: [
          { date: '2027-02-06', name: '春节' },
          { date: '2027-02-06', name: '春节' }, // duplicated
          { date: '2026-12-31', name: '元旦' }, // outside the year
          { date: '2027-02-30', name: '春节' }, // not a date
          { date: '2027-02-20', name: '春节' }, // also a workday
        ],
        workdays: [
          { date: '2027-02-20', name: '春节' }, // Saturday, but also a holiday
          { date: '2027-02-17', name: '春节' }, // a Wednesday cannot be a make-up workday
        ],
        source: 'admin',
      };
      let error: unknown;
      try {
        cal.withYear(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CalendarDataError);
      expect((error as CalendarDataError).issues).toEqual([
        'holidays 2027-02-06: listed twice',
        'holidays 2026-12-31: outside year 2027',
        'holidays: not a valid date \'YYYY-MM-DD\': "2027-02-30"',
        '2027-02-20: both a holiday and a make-up workday',
        'workdays 2027-02-17: a make-up workday must be a Saturday or Sunday',
      ]);
    });

    it('rejects a malformed year, missing names and source', () => {
      expect(validateCalendarYear({ year: 2027.5, holidays: [], workdays: [], source: 'x' })).toEqual([
        'year must be an integer 1900..9999, got 2027.5',
      ]);
      expect(
        validateCalendarYear({ year: 2027, holidays: [{ date: '2027-01-01', name: '' }], workdays: [], source: '' }),
      ).toEqual(['source must be a non-empty string', 'holidays 2027-01-01: name must be a non-empty string']);
      expect(
        validateCalendarYear({ year: 2027, holidays: null, workdays: [], source: 'x' } as unknown as CalendarYear),
      ).toEqual(['holidays must be an array']);
      expect(() => new WorkingDayCalendar([y2027, y2027])).toThrow(/year given twice/);
    });
  });

  describe('properties', () => {
    // Days from 2021-06-01 to 2028-06-30: covered years and fallback years on both sides.
    const day = fc.integer({ min: toDayNumber('2021-06-01'), max: toDayNumber('2028-06-30') }).map(fromDayNumber);
    const n = fc.integer({ min: 1, max: 130 });
    const calendars = [cal, cal.withYear(y2027)];

    it('addWorkingDays(d, n) is a working day for n ≥ 1 (and n = 0)', () => {
      for (const c of calendars) {
        fc.assert(
          fc.property(day, fc.integer({ min: 0, max: 130 }), (d, k) => {
            expect(c.isWorkingDay(c.addWorkingDays(d, k).date)).toBe(true);
          }),
        );
      }
    });

    it('addWorkingDays is strictly increasing in n and always after d', () => {
      for (const c of calendars) {
        fc.assert(
          fc.property(day, n, n, (d, a, b) => {
            fc.pre(a !== b);
            const [lo, hi] = a < b ? [a, b] : [b, a];
            expect(c.addWorkingDays(d, lo).date < c.addWorkingDays(d, hi).date).toBe(true);
            expect(c.addWorkingDays(d, lo).date > d).toBe(true);
          }),
        );
      }
    });

    it('workingDaysBetween inverts addWorkingDays, and the other way round on working days', () => {
      for (const c of calendars) {
        fc.assert(
          fc.property(day, n, (d, k) => {
            expect(c.workingDaysBetween(d, c.addWorkingDays(d, k).date).days).toBe(k);
            // backwards: (k-th working day before d, d] holds k − 1 working days, plus d itself if working
            expect(c.workingDaysBetween(c.addWorkingDays(d, -k).date, d).days).toBe(c.isWorkingDay(d) ? k : k - 1);
          }),
        );
        fc.assert(
          fc.property(day, day, (a, b) => {
            fc.pre(a < b && c.isWorkingDay(b));
            expect(c.addWorkingDays(a, c.workingDaysBetween(a, b).days).date).toBe(b);
          }),
        );
      }
    });

    it('flags exactly the uncovered years the span touches', () => {
      fc.assert(
        fc.property(day, n, (d, k) => {
          const r = cal.addWorkingDays(d, k);
          // the days examined are (d, result]: the start day itself does not matter for k ≥ 1
          const years = new Set<number>();
          for (let x = addNaturalDays(d, 1); x <= r.date; x = addNaturalDays(x, 1)) years.add(Number(x.slice(0, 4)));
          const expected = [...years].filter((y) => y < 2023 || y > 2026).sort();
          expect(r.uncoveredYears).toEqual(expected);
        }),
      );
    });
  });
});

/**
 * The shipped holiday data: known facts, and a day-by-day comparison with chinese-days (test-time only; the
 * calendar itself never imports chinese-days).
 */
import chineseDays from 'chinese-days';
import { CN_HOLIDAY_YEARS, defaultCalendar, validateCalendarYear } from './index';
import { addNaturalDays } from './dates';

const year = (y: number) => {
  const found = CN_HOLIDAY_YEARS.find((c) => c.year === y);
  if (!found) throw new Error(`no data for ${y}`);
  return found;
};
const holidaysIn = (y: number, from: string, to: string) =>
  year(y)
    .holidays.map((d) => d.date)
    .filter((d) => d >= from && d <= to);
const workdaysIn = (y: number, from: string, to: string) =>
  year(y)
    .workdays.map((d) => d.date)
    .filter((d) => d >= from && d <= to);

describe('shipped holiday data (data/cn-holidays.ts)', () => {
  it('ships 2023, 2024, 2025 and 2026, each valid and sourced', () => {
    expect(CN_HOLIDAY_YEARS.map((y) => y.year)).toEqual([2023, 2024, 2025, 2026]);
    for (const y of CN_HOLIDAY_YEARS) {
      expect(validateCalendarYear(y)).toEqual([]);
      expect(y.source).toMatch(/^chinese-days@1\.5\.7; 国务院办公厅节假日安排通知 https?:\/\/www\.gov\.cn\//);
    }
    expect(defaultCalendar.coveredYears()).toEqual([2023, 2024, 2025, 2026]);
  });

  it('2024 Spring Festival: off 02-10..02-17, make-up workdays Sun 02-04 and Sun 02-18', () => {
    expect(holidaysIn(2024, '2024-02-01', '2024-02-29')).toEqual([
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-02-15',
      '2024-02-16',
      '2024-02-17',
    ]);
    expect(workdaysIn(2024, '2024-01-20', '2024-02-29')).toEqual(['2024-02-04', '2024-02-18']);
    expect(defaultCalendar.dayInfo('2024-02-04')).toEqual({
      date: '2024-02-04',
      working: true,
      kind: 'makeUpWorkday',
      name: '春节',
      covered: true,
    });
    expect(defaultCalendar.dayInfo('2024-02-12')).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    expect(defaultCalendar.isWorkingDay('2024-02-09')).toBe(true); // 除夕, a Friday, worked in 2024
  });

  it('2025 National Day and Mid-autumn: off 10-01..10-08, make-up Sun 09-28 and Sat 10-11', () => {
    expect(holidaysIn(2025, '2025-09-20', '2025-10-20')).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ]);
    expect(workdaysIn(2025, '2025-09-20', '2025-10-20')).toEqual(['2025-09-28', '2025-10-11']);
    expect(defaultCalendar.isWorkingDay('2025-10-11')).toBe(true);
    expect(defaultCalendar.isWorkingDay('2025-10-12')).toBe(false);
  });

  it('2026 Spring Festival as chinese-days has it: off 02-15..02-23, make-up Sat 02-14 and Sat 02-28', () => {
    expect(holidaysIn(2026, '2026-02-01', '2026-02-28')).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(workdaysIn(2026, '2026-02-01', '2026-03-31')).toEqual(['2026-02-14', '2026-02-28']);
    for (const d of ['2026-02-15', '2026-02-23']) expect(chineseDays.isHoliday(d)).toBe(true);
    for (const d of ['2026-02-14', '2026-02-28']) expect(chineseDays.isWorkday(d)).toBe(true);
  });

  it('keeps every date in its own year (the 2023 New Year block starts 2022-12-31, which is not shipped)', () => {
    for (const y of CN_HOLIDAY_YEARS) {
      for (const d of [...y.holidays, ...y.workdays]) expect(d.date.slice(0, 4)).toBe(String(y.year));
    }
    expect(defaultCalendar.dayInfo('2022-12-31')).toMatchObject({ working: false, kind: 'weekend', covered: false });
  });

  it('agrees with chinese-days on every day of 2023-2026', () => {
    const mismatches: string[] = [];
    for (let d = '2023-01-01'; d <= '2026-12-31'; d = addNaturalDays(d, 1)) {
      if (defaultCalendar.isWorkingDay(d) !== chineseDays.isWorkday(d)) mismatches.push(d);
    }
    expect(mismatches).toEqual([]);
  });

  it('chinese-days has no 2027: it reads 2027-01-01 (New Year) as a working day, so 2027 is not covered', () => {
    expect(chineseDays.isWorkday('2027-01-01')).toBe(true);
    expect(defaultCalendar.isCoveredYear(2027)).toBe(false);
    expect(defaultCalendar.dayInfo('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: true,
      kind: 'workday',
      covered: false,
    });
  });
});

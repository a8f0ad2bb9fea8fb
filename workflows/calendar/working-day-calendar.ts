/**
 * The working-day calendar (工作日历): public holidays off, make-up working days (调休) on, weekends off
 * otherwise. Built over CalendarYear data; immutable. A year without data falls back to "weekends off,
 * weekdays on" and is reported in `uncoveredYears` of every result that relied on it.
 */
import {
  IsoDate,
  addMonths as addCalendarMonths,
  addNaturalDays as addCalendarDays,
  assertInteger,
  fromDayNumber,
  isValidIsoDate,
  isWeekendDay,
  toDayNumber,
  yearOfDay,
} from './dates';
import type { CalendarYear, DayInfo, Flagged } from './types';

/** An admin-loaded year failed validation; `issues` lists every problem found. */
export class CalendarDataError extends Error {
  constructor(
    readonly year: unknown,
    readonly issues: string[],
  ) {
    super(`invalid calendar data for year ${String(year)}: ${issues.join('; ')}`);
    this.name = 'CalendarDataError';
  }
}

/**
 * Problems with one year's arrangement; empty when it is valid. Checks: integer year; every date a real
 * 'YYYY-MM-DD' inside the year; names present; no date listed twice (as holiday or as workday); no date both a
 * holiday and a workday; make-up workdays fall on a Saturday or Sunday.
 */
export function validateCalendarYear(data: CalendarYear): string[] {
  const issues: string[] = [];
  if (data === null || typeof data !== 'object') return ['not an object'];
  const { year } = data;
  if (!Number.isSafeInteger(year) || year < 1900 || year > 9999)
    issues.push(`year must be an integer 1900..9999, got ${String(year)}`);
  if (typeof data.source !== 'string' || data.source.trim() === '') issues.push('source must be a non-empty string');
  const lists: ['holidays' | 'workdays', unknown][] = [
    ['holidays', data.holidays],
    ['workdays', data.workdays],
  ];
  const seen = new Map<string, 'holidays' | 'workdays'>();
  for (const [list, entries] of lists) {
    if (!Array.isArray(entries)) {
      issues.push(`${list} must be an array`);
      continue;
    }
    for (const entry of entries as unknown[]) {
      const e = entry as { date?: unknown; name?: unknown } | null;
      const date = e && typeof e === 'object' ? e.date : undefined;
      if (!isValidIsoDate(date)) {
        issues.push(`${list}: not a valid date 'YYYY-MM-DD': ${JSON.stringify(date)}`);
        continue;
      }
      if (typeof e!.name !== 'string' || e!.name.trim() === '')
        issues.push(`${list} ${date}: name must be a non-empty string`);
      if (Number.isSafeInteger(year) && Number(date.slice(0, 4)) !== year)
        issues.push(`${list} ${date}: outside year ${year}`);
      const before = seen.get(date);
      if (before === list) issues.push(`${list} ${date}: listed twice`);
      else if (before) issues.push(`${date}: both a holiday and a make-up workday`);
      else seen.set(date, list);
      if (list === 'workdays' && !isWeekendDay(toDayNumber(date))) {
        issues.push(`workdays ${date}: a make-up workday must be a Saturday or Sunday`);
      }
    }
  }
  return issues;
}

interface YearIndex {
  holidays: Map<number, string>;
  workdays: Map<number, string>;
}

export type WorkingDaysResult = { date: IsoDate } & Flagged;
export type WorkingDaysCount = { days: number } & Flagged;

/** Weekend days d' ≤ d, up to a constant (differences count the weekend days of a range); d > −7,000,000. */
function weekendDaysUpTo(d: number): number {
  const k = d + 4 + 7_000_000; // k mod 7: 0 = Sunday … 6 = Saturday, as weekdayOfDay
  return Math.floor(k / 7) + Math.floor((k + 1) / 7);
}

/** How many of the ascending `days` are > a and ≤ b. */
function countIn(days: readonly number[], a: number, b: number): number {
  const upTo = (x: number) => {
    let lo = 0;
    let hi = days.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (days[mid] <= x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return upTo(b) - upTo(a);
}

export class WorkingDayCalendar {
  private readonly years: ReadonlyMap<number, YearIndex>;
  private readonly data: readonly CalendarYear[];
  /** Holidays on a weekday and make-up workdays on a weekend, ascending: what the data changes of Monday–Friday. */
  private readonly offWeekdays: readonly number[];
  private readonly onWeekends: readonly number[];

  /** Validates every year (throws CalendarDataError) and refuses two arrangements for one year. */
  constructor(years: readonly CalendarYear[] = []) {
    const index = new Map<number, YearIndex>();
    for (const y of years) {
      const issues = validateCalendarYear(y);
      if (issues.length) throw new CalendarDataError(y?.year, issues);
      if (index.has(y.year)) throw new CalendarDataError(y.year, ['year given twice']);
      index.set(y.year, {
        holidays: new Map(y.holidays.map((d) => [toDayNumber(d.date), d.name])),
        workdays: new Map(y.workdays.map((d) => [toDayNumber(d.date), d.name])),
      });
    }
    this.years = index;
    this.data = [...years].sort((a, b) => a.year - b.year).map(cloneYear);
    const off: number[] = [];
    const on: number[] = [];
    for (const idx of index.values()) {
      for (const dn of idx.holidays.keys()) if (!isWeekendDay(dn) && !idx.workdays.has(dn)) off.push(dn);
      for (const dn of idx.workdays.keys()) if (isWeekendDay(dn)) on.push(dn);
    }
    this.offWeekdays = off.sort((a, b) => a - b);
    this.onWeekends = on.sort((a, b) => a - b);
  }

  /** A new calendar with `year` added, or replacing the loaded arrangement for that year. Validates it. */
  withYear(year: CalendarYear): WorkingDayCalendar {
    const issues = validateCalendarYear(year);
    if (issues.length) throw new CalendarDataError(year?.year, issues);
    return new WorkingDayCalendar([...this.data.filter((y) => y.year !== year.year), year]);
  }

  /** The years with holiday data, ascending. */
  coveredYears(): number[] {
    return [...this.years.keys()].sort((a, b) => a - b);
  }

  isCoveredYear(year: number): boolean {
    return this.years.has(year);
  }

  /** The loaded data (copies), ascending by year. */
  calendarYears(): CalendarYear[] {
    return this.data.map(cloneYear);
  }

  /** Whether `date` is a working day (fallback for years without data: Monday–Friday). */
  isWorkingDay(date: IsoDate): boolean {
    return this.isWorkingDayNumber(toDayNumber(date));
  }

  /** What kind of day `date` is, and whether the answer rests on data. */
  dayInfo(date: IsoDate): DayInfo {
    const dn = toDayNumber(date);
    const idx = this.years.get(yearOfDay(dn));
    const weekend = isWeekendDay(dn);
    if (idx) {
      const made = idx.workdays.get(dn);
      if (made !== undefined) return { date, working: true, kind: 'makeUpWorkday', name: made, covered: true };
      const off = idx.holidays.get(dn);
      if (off !== undefined) return { date, working: false, kind: 'holiday', name: off, covered: true };
    }
    return { date, working: !weekend, kind: weekend ? 'weekend' : 'workday', covered: idx !== undefined };
  }

  /**
   * The nth working day after `date` (n ≥ 1); n = 0 → `date` itself if it is a working day, else the next
   * working day; n < 0 → the |n|th working day before `date`.
   */
  addWorkingDays(date: IsoDate, n: number): WorkingDaysResult {
    assertInteger(n, 'n');
    const touched = new Set<number>();
    const dn = this.addWorkingDayNumber(toDayNumber(date), n, touched);
    return { date: fromDayNumber(dn), uncoveredYears: this.uncovered(touched) };
  }

  /**
   * The number of working days d with a < d ≤ b (negative, counted the same way, when b < a). Inverts
   * addWorkingDays: workingDaysBetween(a, addWorkingDays(a, n).date).days === n for n ≥ 1.
   */
  workingDaysBetween(a: IsoDate, b: IsoDate): WorkingDaysCount {
    const touched = new Set<number>();
    const days = this.countWorkingDayNumbers(toDayNumber(a), toDayNumber(b), touched);
    return { days, uncoveredYears: this.uncovered(touched) };
  }

  /** date + n calendar days; does not depend on holiday data. */
  addNaturalDays(date: IsoDate, n: number): IsoDate {
    return addCalendarDays(date, n);
  }

  /** date + n calendar months, clamped to the end of a shorter month; does not depend on holiday data. */
  addMonths(date: IsoDate, n: number): IsoDate {
    return addCalendarMonths(date, n);
  }

  // ---- day-number primitives (used by the deadline resolver) ----

  /** @internal Working day? Records the year in `touched`. */
  isWorkingDayNumber(dn: number, touched?: Set<number>): boolean {
    const year = yearOfDay(dn);
    touched?.add(year);
    const idx = this.years.get(year);
    if (idx) {
      if (idx.workdays.has(dn)) return true;
      if (idx.holidays.has(dn)) return false;
    }
    return !isWeekendDay(dn);
  }

  /** @internal */
  addWorkingDayNumber(dn: number, n: number, touched?: Set<number>): number {
    let d = dn;
    if (n === 0) {
      while (!this.isWorkingDayNumber(d, touched)) d += 1;
      return d;
    }
    const step = n > 0 ? 1 : -1;
    let left = Math.abs(n);
    while (left > 0) {
      d += step;
      if (this.isWorkingDayNumber(d, touched)) left -= 1;
    }
    return d;
  }

  /**
   * @internal Working days in (a, b], negated when b < a, in logarithmic time: the weekdays of the range, less the
   * holidays on weekdays, plus the make-up workdays on weekends. Records the years of the range in `touched`.
   */
  countWorkingDayNumbers(a: number, b: number, touched?: Set<number>): number {
    if (b < a) return -this.countWorkingDayNumbers(b, a, touched);
    if (b === a) return 0;
    if (touched) for (let y = yearOfDay(a + 1); y <= yearOfDay(b); y += 1) touched.add(y);
    const weekdays = b - a - (weekendDaysUpTo(b) - weekendDaysUpTo(a));
    return weekdays - countIn(this.offWeekdays, a, b) + countIn(this.onWeekends, a, b);
  }

  /** @internal The touched years that have no data, ascending. */
  uncovered(touched: Iterable<number>): number[] {
    return [...new Set(touched)].filter((y) => !this.years.has(y)).sort((a, b) => a - b);
  }
}

function cloneYear(y: CalendarYear): CalendarYear {
  return {
    year: y.year,
    holidays: y.holidays.map((d) => ({ date: d.date, name: d.name })),
    workdays: y.workdays.map((d) => ({ date: d.date, name: d.name })),
    source: y.source,
  };
}

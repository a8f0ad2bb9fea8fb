/**
 * The working-day calendar (工作日历) and deadline resolution. Pure: no clock, no I/O, no chinese-days at run
 * time — holiday arrangements are data (CalendarYear); the shipped years come from data/cn-holidays.ts.
 */
export type { CalendarDay, CalendarYear, DayInfo, DayKind, Flagged } from './types';
export {
  CalendarDataError,
  WorkingDayCalendar,
  validateCalendarYear,
  type WorkingDaysCount,
  type WorkingDaysResult,
} from './working-day-calendar';
export {
  DEFAULT_WARNING_SHARE,
  reminderAt,
  resolveDeadline,
  timerFireAt,
  timerStateAt,
  type Reminder,
  type ResolvedDeadline,
  type TimerAt,
} from './deadline';
export {
  type IsoDate,
  addMonths,
  addNaturalDays,
  cstDateOf,
  cstStartOfDay,
  isValidIsoDate,
  naturalDaysBetween,
  normalizeInstant,
  weekdayOf,
} from './dates';
export { CN_HOLIDAY_YEARS } from './data/cn-holidays';

import { CN_HOLIDAY_YEARS } from './data/cn-holidays';
import { WorkingDayCalendar } from './working-day-calendar';

/** The calendar built from the shipped years (2023–2026). Extend with `defaultCalendar.withYear(...)`. */
export const defaultCalendar: WorkingDayCalendar = new WorkingDayCalendar(CN_HOLIDAY_YEARS);

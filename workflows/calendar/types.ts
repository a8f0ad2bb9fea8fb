import type { IsoDate } from './dates';

/** One named day of a year's holiday arrangement. */
export interface CalendarDay {
  date: IsoDate;
  /** zh-CN name of the holiday the day belongs to, e.g. '春节'. */
  name: string;
}

/**
 * One year's holiday arrangement (国务院办公厅 节假日安排) as data.
 *
 * `holidays` are the days off (weekend days inside a holiday block may be listed too); `workdays` are the
 * make-up working days (调休上班), always a Saturday or Sunday. Every date lies inside `year`: when next year's
 * arrangement moves late-December days of this year (it has happened, e.g. 2018-12-29 worked for the 2019
 * New Year), the admin reloads this year with those days added.
 */
export interface CalendarYear {
  year: number;
  holidays: CalendarDay[];
  workdays: CalendarDay[];
  /** Where the data came from (notice URL, package version, who loaded it). */
  source: string;
}

/** Why a day is (not) a working day. */
export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeUpWorkday';

export interface DayInfo {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** Holiday name for 'holiday' and 'makeUpWorkday'. */
  name?: string;
  /** False when the calendar has no data for the year: the weekend/weekday fallback was used. */
  covered: boolean;
}

/** Every calendar computation reports the years it touched that have no data (fallback used). */
export interface Flagged {
  /** Sorted, distinct years without holiday data that the computation relied on; empty when fully covered. */
  uncoveredYears: number[];
}

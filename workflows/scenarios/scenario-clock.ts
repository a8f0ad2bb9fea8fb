/** Working-day dates for scenarios (09:30 China time on the n-th working day after a start date). */
import { defaultCalendar } from '../calendar';

export function workingDay(startDate: string, n: number, hourUtc = '01:30'): string {
  const date = n === 0 ? startDate : defaultCalendar.addWorkingDays(startDate, n).date;
  return `${date}T${hourUtc}:00.000Z`;
}

export function naturalDay(date: string, n: number): string {
  return defaultCalendar.addNaturalDays(date, n);
}

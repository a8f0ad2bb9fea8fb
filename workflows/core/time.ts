/**
 * Time as data. Machines never read the clock; these helpers only transform instants they were given.
 */
import type { DeadlineSpec, TimeUnit } from '../contract';

/** Adds calendar months to an ISO instant (UTC fields), clamping the day to the target month's length. */
export function addMonthsIso(iso: string, months: number): string {
  const d = new Date(iso);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const targetYear = year + Math.floor(month / 12);
  const targetMonth = ((month % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(d.getUTCDate(), lastDay);
  return new Date(
    Date.UTC(
      targetYear,
      targetMonth,
      day,
      d.getUTCHours(),
      d.getUTCMinutes(),
      d.getUTCSeconds(),
      d.getUTCMilliseconds(),
    ),
  ).toISOString();
}

/** The calendar date of an instant in Beijing time, as people read it (2026年12月4日). */
export function beijingDate(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

/** True when instant a is strictly before b. */
export function isBefore(a: string, b: string): boolean {
  return new Date(a).getTime() < new Date(b).getTime();
}

export function deadline(
  kind: string,
  label: string,
  startedAt: string,
  amount: number,
  unit: TimeUnit,
  warningShare?: number,
): DeadlineSpec {
  const spec: DeadlineSpec = { kind, label, startedAt, amount, unit, pauses: [] };
  if (warningShare !== undefined) spec.warningShare = warningShare;
  return spec;
}

/** Opens a pause (特别程序): the clock is suspended until the pause is closed. */
export function pauseDeadline(spec: DeadlineSpec, at: string): DeadlineSpec {
  return { ...spec, pauses: [...spec.pauses, { from: at }] };
}

export function resumeDeadline(spec: DeadlineSpec, at: string): DeadlineSpec {
  return { ...spec, pauses: spec.pauses.map((p) => (p.to === undefined ? { from: p.from, to: at } : p)) };
}

export function isPaused(spec: DeadlineSpec | null | undefined): boolean {
  return !!spec && spec.pauses.some((p) => p.to === undefined);
}

/**
 * Resolving a DeadlineSpec (contract.ts) on a working-day calendar.
 *
 * Semantics (DOMAIN.md, 民法典 §201-style day counting):
 * - Day 0 is the CST date of `startedAt` (the day of receipt); counting starts the following day.
 * - workingDays: the due date is the `amount`-th working day after day 0. amount 0 → day 0 itself if it is a
 *   working day, else the next working day.
 * - naturalDays: the `amount`-th calendar day after day 0. months: the same day of the month `amount` months
 *   later, clamped to the month end; pauses and warnings of a months limit are counted in calendar days. When
 *   that last day is a statutory rest day, the period ends on the next working day (民法典 art. 203; 调休
 *   working days count).
 * - Pauses (特别程序): a pause from instant F to instant T takes the days from F's CST date up to, not
 *   including, T's CST date off the clock: the day it starts is given back, the day it ends counts again (a pause
 *   opened and closed on the same day costs nothing). So a closed pause extends the deadline by the working
 *   (workingDays) or calendar (naturalDays/months) days it covered. An open pause (no `to`) suspends the
 *   deadline: no due date. A pause that starts once the deadline has already passed changes nothing (the item
 *   stays overdue).
 * - The last day is `dueDate`; `dueAt` = 00:00 CST of the next calendar day, the moment it becomes overdue.
 * - Extensions (`extendedBy`): each amount is a further period of the same unit whose day 0 is the last day of
 *   the period before (after the art. 203 roll); the last one's last day is the due date. The limit, for the
 *   warning and `remaining`, is then every day counted up to that last period's end.
 * - Warning: W = floor(warningShare × limit) units (limit in days for months); `warnAt` = 00:00 CST of the
 *   calendar day after the W-th counted day, i.e. the start of the day during which the share is reached, so a
 *   warning always precedes `dueAt` when warningShare < 1 (a 1-day limit warns from the start).
 */
import type { DeadlineSpec, Effect, TimerState, TimeUnit } from '../contract';
import {
  IsoDate,
  addMonths,
  cstDayNumberOf,
  cstStartOfDayMs,
  epochMsToInstant,
  fromDayNumber,
  instantToEpochMs,
  toDayNumber,
} from './dates';
import type { Flagged } from './types';
import type { WorkingDayCalendar } from './working-day-calendar';

export const DEFAULT_WARNING_SHARE = 0.8;
/** No limit runs longer than this; protects against a malformed spec looping for ever. */
const MAX_SPAN_DAYS = 366 * 50;

export interface ResolvedDeadline extends Flagged {
  kind: string;
  label: string;
  unit: TimeUnit;
  amount: number;
  /** Day 0: the CST date of startedAt. */
  startDate: IsoDate;
  /** The last day (CST); null while an open pause suspends the deadline. */
  dueDate: IsoDate | null;
  /** 00:00 CST of the day after dueDate (UTC ISO): the moment the item becomes overdue. */
  dueAt: string | null;
  /** The day during which warningShare of the limit is reached (null if paused before it). */
  warnDate: IsoDate | null;
  /** 00:00 CST of the day after warnDate (UTC ISO): the moment W units have elapsed and the timer turns to warning. */
  warnAt: string | null;
  /** An open pause suspends the deadline. */
  paused: boolean;
  /** Start of the open pause (UTC ISO), when paused. */
  pausedSince: string | null;
  /** Days (in the counting unit: working days, or calendar days for naturalDays/months) added by closed pauses. */
  extension: number;
  /** Units counted as of `nowIso`: whole counted days strictly before now's CST date (paused days excluded). */
  elapsed(nowIso: string): number;
  /** limit − elapsed(now): counted days left including today; negative = days overdue. */
  remaining(nowIso: string): number;
  /**
   * Units the clock ran as of `nowIso`: as elapsed, but every pause taken off, also those after the due date. A clock
   * of government time only (the whole-process clock) does not count the enterprise's days once it is overdue.
   */
  ran(nowIso: string): number;
}

interface ClosedPause {
  fromMs: number;
  toMs: number;
  fromDay: number;
  toDay: number;
}

interface Plan {
  unit: TimeUnit;
  startMs: number;
  startDay: number;
  /** Counted days to reach the due date. */
  target: number;
  /** Counted days to reach the warning. */
  warnCount: number;
  closed: ClosedPause[];
  openFromMs: number | null;
  openFromDay: number | null;
  /** The extensions' amounts, each counted from the last day of the period before. */
  extendedBy: number[];
}

function plan(calendar: WorkingDayCalendar, spec: DeadlineSpec, touched: Set<number>): Plan {
  if (!spec || typeof spec !== 'object') throw new RangeError('deadline spec must be an object');
  const { amount, unit } = spec;
  if (!Number.isSafeInteger(amount) || amount < 0)
    throw new RangeError(`amount must be a non-negative integer, got ${amount}`);
  if (unit !== 'workingDays' && unit !== 'naturalDays' && unit !== 'months')
    throw new RangeError(`unknown unit ${String(unit)}`);
  const share = spec.warningShare ?? DEFAULT_WARNING_SHARE;
  if (typeof share !== 'number' || !(share >= 0 && share <= 1))
    throw new RangeError(`warningShare must be within 0..1, got ${share}`);
  const extendedBy = spec.extendedBy ?? [];
  if (!Array.isArray(extendedBy) || extendedBy.some((n) => !Number.isSafeInteger(n) || n < 0))
    throw new RangeError(`extendedBy must list non-negative integers, got ${JSON.stringify(spec.extendedBy)}`);
  const startMs = instantToEpochMs(spec.startedAt);
  const startDay = cstDayNumberOf(spec.startedAt);

  let limit = amount;
  if (unit === 'months') limit = toDayNumber(addMonths(fromDayNumber(startDay), amount)) - startDay;
  let target = limit;
  if (limit === 0 && unit === 'workingDays' && !calendar.isWorkingDayNumber(startDay, touched)) target = 1;

  const closed: ClosedPause[] = [];
  let openFromMs: number | null = null;
  for (const p of spec.pauses ?? []) {
    const fromMs = instantToEpochMs(p.from);
    if (p.to === undefined || p.to === null) {
      openFromMs = openFromMs === null ? fromMs : Math.min(openFromMs, fromMs);
      continue;
    }
    const toMs = instantToEpochMs(p.to);
    if (toMs < fromMs) throw new RangeError(`pause ends before it starts: ${p.from} → ${p.to}`);
    closed.push({ fromMs, toMs, fromDay: cstDayNumberOf(p.from), toDay: cstDayNumberOf(p.to) });
  }
  const openFromDay = openFromMs === null ? null : cstDayNumberOf(epochMsToInstant(openFromMs));
  return {
    unit,
    startMs,
    startDay,
    target,
    warnCount: Math.min(limit, Math.floor(limit * share + 1e-9)),
    closed,
    openFromMs,
    openFromDay,
    extendedBy,
  };
}

/** The paused days of a plan as disjoint ascending ranges [from, to], inclusive (an open pause runs on for ever). */
function pausedRanges(p: Plan): [number, number][] {
  const ranges: [number, number][] = p.closed
    .filter((c) => c.toDay > c.fromDay)
    .map((c): [number, number] => [c.fromDay, c.toDay - 1]);
  if (p.openFromDay !== null) ranges.push([p.openFromDay, Number.POSITIVE_INFINITY]);
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const top = merged[merged.length - 1];
    if (top && r[0] <= top[1] + 1) top[1] = Math.max(top[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

function pausedDay(p: Plan, d: number): boolean {
  if (p.openFromDay !== null && d >= p.openFromDay) return true;
  return p.closed.some((c) => d >= c.fromDay && d < c.toDay);
}

/** Does day d count towards the limit? Working status is always evaluated, so its year is recorded. */
function counts(
  calendar: WorkingDayCalendar,
  p: Plan,
  d: number,
  applyPauses: boolean,
  touched?: Set<number>,
): boolean {
  const unitDay = p.unit === 'workingDays' ? calendar.isWorkingDayNumber(d, touched) : true;
  return unitDay && !(applyPauses && pausedDay(p, d));
}

interface Walk {
  dueDay: number | null;
  warnDay: number | null;
  /** Counted days the closed pauses took off the clock before the due date. */
  extension: number;
  /** Days counted up to the end of the last period (the limit, extensions included); null while suspended. */
  counted: number | null;
}

/** The counted days of an extension of `amount` whose day 0 is `lastDay` (the end of the period before). */
function extensionTarget(calendar: WorkingDayCalendar, p: Plan, lastDay: number, amount: number): number {
  return p.unit === 'months' ? toDayNumber(addMonths(fromDayNumber(lastDay), amount)) - lastDay : amount;
}

function walk(calendar: WorkingDayCalendar, p: Plan, touched: Set<number>): Walk {
  const warnDay0 = p.warnCount === 0 ? p.startDay : null;
  if (p.openFromDay !== null && p.openFromDay <= p.startDay)
    return { dueDay: null, warnDay: warnDay0, extension: 0, counted: null };
  if (p.target === 0 && p.extendedBy.length === 0)
    return { dueDay: p.startDay, warnDay: p.startDay, extension: 0, counted: 0 };
  let total = 0;
  let count = 0;
  let target = p.target;
  let next = 0;
  let extension = 0;
  let warnDay = warnDay0;
  for (let d = p.startDay + 1; d <= p.startDay + MAX_SPAN_DAYS; d += 1) {
    if (p.openFromDay !== null && d >= p.openFromDay) return { dueDay: null, warnDay, extension, counted: null };
    if (counts(calendar, p, d, true, touched)) {
      count += 1;
      total += 1;
      if (warnDay === null && total === p.warnCount) warnDay = d;
    } else if (counts(calendar, p, d, false)) {
      extension += 1;
    }
    // A period ends (and the next extension starts from its rolled last day); zero-length periods end at once.
    while (count >= target) {
      const last = lastDayOfPeriod(calendar, p, Math.max(d, p.startDay), touched);
      if (next === p.extendedBy.length) return { dueDay: last, warnDay, extension, counted: total };
      total += last - d > 0 && p.unit !== 'workingDays' ? last - d : 0;
      d = last;
      count = 0;
      target = extensionTarget(calendar, p, last, p.extendedBy[next]);
      next += 1;
    }
  }
  throw new RangeError(`deadline runs beyond ${MAX_SPAN_DAYS} days`);
}

/**
 * 民法典 art. 203: when the last day of a natural-day or month period is a statutory rest day, the period ends
 * on the next working day (a 调休 working day counts). Working-day periods already end on a working day.
 */
function lastDayOfPeriod(calendar: WorkingDayCalendar, p: Plan, day: number, touched: Set<number>): number {
  if (p.unit === 'workingDays') return day;
  let d = day;
  while (!calendar.isWorkingDayNumber(d, touched)) d += 1;
  return d;
}

const startOfNextDay = (day: number): string => epochMsToInstant(cstStartOfDayMs(day + 1));

/** Resolve a deadline spec: due date and instant, warning instant, pause state, flags. */
export function resolveDeadline(calendar: WorkingDayCalendar, spec: DeadlineSpec): ResolvedDeadline {
  const touched = new Set<number>();
  const p = plan(calendar, spec, touched);
  let w = walk(calendar, p, touched);
  if (p.extendedBy.length > 0 && w.counted !== null) {
    // The warning is a share of the whole limit, known once the extensions' last days are resolved.
    const share = spec.warningShare ?? DEFAULT_WARNING_SHARE;
    w = walk(calendar, { ...p, warnCount: Math.floor(w.counted * share + 1e-9) }, touched);
  }
  // A natural-day or month period reads the calendar for its last day only (art. 203); a gap there is flagged too.
  const uncoveredYears = calendar.uncovered(touched);

  // Counted days in (a, b] without pauses, and the paused days as disjoint ranges [from, to] (inclusive).
  const unitDays = (a: number, b: number): number =>
    b <= a ? 0 : p.unit === 'workingDays' ? calendar.countWorkingDayNumbers(a, b) : b - a;
  const paused = pausedRanges(p);
  // The days d with day 0 < d < today that count: the unit days of that range, less those paused up to the due date
  // (after it the item is overdue and every unit day counts). Per pause, not per day: a deadline years old costs no
  // more than a new one.
  const counted = (nowIso: string, pausesAfterDue: boolean): number => {
    const nowMs = instantToEpochMs(nowIso);
    if (nowMs < p.startMs) return 0;
    const last = cstDayNumberOf(nowIso) - 1;
    let n = unitDays(p.startDay, last);
    const pausesUpTo = w.dueDay === null || pausesAfterDue ? last : Math.min(last, w.dueDay);
    for (const [from, to] of paused) {
      const lo = Math.max(from, p.startDay + 1);
      const hi = Math.min(to, pausesUpTo);
      if (hi >= lo) n -= unitDays(lo - 1, hi);
    }
    return n;
  };
  const elapsed = (nowIso: string): number => counted(nowIso, false);

  return {
    kind: spec.kind,
    label: spec.label,
    unit: spec.unit,
    amount: spec.amount,
    startDate: fromDayNumber(p.startDay),
    dueDate: w.dueDay === null ? null : fromDayNumber(w.dueDay),
    dueAt: w.dueDay === null ? null : startOfNextDay(w.dueDay),
    warnDate: w.warnDay === null ? null : fromDayNumber(w.warnDay),
    warnAt: w.warnDay === null ? null : startOfNextDay(w.warnDay),
    paused: w.dueDay === null,
    pausedSince: w.dueDay === null && p.openFromMs !== null ? epochMsToInstant(p.openFromMs) : null,
    extension: w.extension,
    uncoveredYears,
    elapsed,
    remaining: (nowIso: string) => (w.counted ?? p.target) - elapsed(nowIso),
    ran: (nowIso: string) => counted(nowIso, true),
  };
}

/**
 * The timer state (时限状态) at `nowIso`: overdue from dueAt on; paused while a pause that started before the
 * deadline passed is running (open, or closed and not yet ended at now); warning from warnAt on; else normal.
 * Never 'stopped' — stopping a clock is the machine's decision.
 */
export function timerStateAt(calendar: WorkingDayCalendar, spec: DeadlineSpec, nowIso: string): TimerState {
  const r = resolveDeadline(calendar, spec);
  const now = instantToEpochMs(nowIso);
  if (r.dueAt !== null && now >= instantToEpochMs(r.dueAt)) return 'overdue';
  const inPause = (spec.pauses ?? []).some((pause) => {
    const from = instantToEpochMs(pause.from);
    return from <= now && (pause.to === undefined || pause.to === null || now < instantToEpochMs(pause.to));
  });
  if (inPause) return 'paused';
  if (r.warnAt !== null && now >= instantToEpochMs(r.warnAt)) return 'warning';
  return 'normal';
}

export interface Reminder extends Flagged {
  /** 00:00 CST of the reminder day (UTC ISO), never before startedAt; null while the deadline is suspended. */
  at: string | null;
  /** The reminder day (CST). */
  date: IsoDate | null;
}

/**
 * When to remind `workingDaysBefore` working days before the deadline: 00:00 CST of the working day that many
 * working days before the last day (0 → the start of the last day itself), clamped to startedAt.
 */
export function reminderAt(calendar: WorkingDayCalendar, spec: DeadlineSpec, workingDaysBefore: number): Reminder {
  if (!Number.isSafeInteger(workingDaysBefore) || workingDaysBefore < 0) {
    throw new RangeError(`workingDaysBefore must be a non-negative integer, got ${workingDaysBefore}`);
  }
  const r = resolveDeadline(calendar, spec);
  if (r.dueDate === null) return { at: null, date: null, uncoveredYears: r.uncoveredYears };
  const touched = new Set<number>(r.uncoveredYears);
  const dueDay = toDayNumber(r.dueDate);
  const day = workingDaysBefore === 0 ? dueDay : calendar.addWorkingDayNumber(dueDay, -workingDaysBefore, touched);
  const startMs = instantToEpochMs(spec.startedAt);
  const atMs = Math.max(startMs, cstStartOfDayMs(day));
  return {
    at: epochMsToInstant(atMs),
    date: fromDayNumber(cstDayNumberOf(epochMsToInstant(atMs))),
    uncoveredYears: calendar.uncovered(touched),
  };
}

/** The `at` of a scheduleTimer effect. */
export type TimerAt = Extract<Effect, { kind: 'scheduleTimer' }>['at'];

/** The instant a scheduleTimer effect fires (UTC ISO), or null while the deadline is suspended. */
export function timerFireAt(calendar: WorkingDayCalendar, spec: DeadlineSpec, at: TimerAt): string | null {
  if (at === 'due') return resolveDeadline(calendar, spec).dueAt;
  if (at === 'warning') return resolveDeadline(calendar, spec).warnAt;
  return reminderAt(calendar, spec, at.reminderWorkingDaysBefore).at;
}

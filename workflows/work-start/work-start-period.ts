/**
 * The work-start period of a construction permit (建筑法 art. 9): work must be reported started within 3 months
 * of the permit; at most two extensions of 3 months each; otherwise the permit lapses. Shared by the 桩基先行
 * foundation permit and the ordinary construction permit (work-start). The month period ends as the calendar
 * resolves it (民法典 art. 203: a last day on a rest day rolls to the next working day).
 */
import type { DeadlineSpec, Effect } from '../contract';
import { deadline } from '../core/time';

export const WORK_START_TIMER = 'workStart:due';
export const WORK_START_DEADLINE_PASSED = 'WORK_START_DEADLINE_PASSED';

export interface WorkStartPeriod {
  deadline: DeadlineSpec | null;
  extensions: number;
  startedAt: string | null;
}

/** The period starting when the permit is issued. */
export function startWorkStartPeriod(label: string, issuedAt: string, months: number): WorkStartPeriod {
  return { deadline: deadline('workStart', label, issuedAt, months, 'months'), extensions: 0, startedAt: null };
}

/** One more extension: the same deadline, `months` longer. */
export function extendWorkStartPeriod(period: WorkStartPeriod, months: number): WorkStartPeriod {
  return {
    ...period,
    extensions: period.extensions + 1,
    deadline: { ...period.deadline!, amount: period.deadline!.amount + months },
  };
}

/**
 * One more extension (work-start v2): `months` counted from the last day of the period before, as the calendar
 * resolves it (建筑法 art. 9 每次不超过三个月 extends the period in force; 民法典 art. 203 rolls its last day off a
 * rest day), not from the issue date; `label` says so.
 */
export function extendWorkStartPeriodFromEnd(period: WorkStartPeriod, months: number, label: string): WorkStartPeriod {
  const current = period.deadline!;
  return {
    ...period,
    extensions: period.extensions + 1,
    deadline: { ...current, label, extendedBy: [...(current.extendedBy ?? []), months] },
  };
}

/** The timer that lapses the permit when the (extended) deadline passes; scheduling it again replaces it. */
export function workStartTimerEffect(deadlineSpec: DeadlineSpec): Effect {
  return {
    kind: 'scheduleTimer',
    timerKey: WORK_START_TIMER,
    deadline: deadlineSpec,
    at: 'due',
    event: { type: WORK_START_DEADLINE_PASSED, payload: {} },
  };
}

export const cancelWorkStartTimer: Effect = { kind: 'cancelTimer', timerKey: WORK_START_TIMER };

/**
 * What the 容缺受理 asks of the engine: the supplement deadline's timers, the department's review clock, the
 * notices to its item and the credit record of a breach. Pure functions of the context; the machine emits them.
 */
import type { DeadlineSpec, Effect } from '../contract';
import { cancelClock, notifyParent, scheduleClock, type ClockTimers } from '../core/kit';
import { TOLERANCE_ACCEPTED, TOLERANCE_BREACHED, TOLERANCE_FULFILLED, TOLERANCE_REJECTED } from '../protocol';
import {
  REVIEW_TIME_OVERDUE,
  REVIEW_TIME_WARNING,
  SUPPLEMENT_DEADLINE_PASSED,
  SUPPLEMENT_REMINDER,
  TIMERS,
  type ToleranceCommitmentContext,
} from './tolerance-commitment.types';

/** v2: the department's review clock. */
const REVIEW_CLOCK: ClockTimers = {
  warning: { key: TIMERS.reviewWarning, event: REVIEW_TIME_WARNING },
  due: { key: TIMERS.reviewDue, event: REVIEW_TIME_OVERDUE },
};
export const reviewTimers = (spec: DeadlineSpec): Effect[] => scheduleClock(REVIEW_CLOCK, spec);
export const cancelReview: Effect[] = cancelClock(REVIEW_CLOCK);

/** The supplement deadline's reminder and due timers. */
export const supplementTimers = (spec: DeadlineSpec, reminderDays: number): Effect[] => [
  {
    kind: 'scheduleTimer',
    timerKey: TIMERS.reminder,
    deadline: spec,
    at: { reminderWorkingDaysBefore: reminderDays },
    event: { type: SUPPLEMENT_REMINDER, payload: {} },
  },
  // "On the day after it passes": 'due' fires at the start of the day after the last day.
  {
    kind: 'scheduleTimer',
    timerKey: TIMERS.due,
    deadline: spec,
    at: 'due',
    event: { type: SUPPLEMENT_DEADLINE_PASSED, payload: {} },
  },
];

/** Every timer of the commitment (v2: the review clock's too). */
export const cancelAll = (v2: boolean): Effect[] => [
  { kind: 'cancelTimer', timerKey: TIMERS.reminder },
  { kind: 'cancelTimer', timerKey: TIMERS.due },
  ...(v2 ? cancelReview : []),
];

/** Accepted: the notice's timers start and the item hears what is missing and until when. */
export const acceptedEffects = (context: ToleranceCommitmentContext, reminderDays: number): Effect[] => [
  ...supplementTimers(context.notice!.deadline, reminderDays),
  notifyParent(TOLERANCE_ACCEPTED, {
    itemCode: context.item.code,
    missingMaterials: Object.keys(context.missing),
    deadline: context.notice!.deadline,
    decisionMode: context.notice!.decisionMode,
  }),
];

export const rejectedEffects = (context: ToleranceCommitmentContext): Effect[] => [
  notifyParent(TOLERANCE_REJECTED, { itemCode: context.item.code, reason: context.outcome!.reason }),
];

export const fulfilledEffects = (context: ToleranceCommitmentContext, v2: boolean): Effect[] => [
  ...cancelAll(v2),
  notifyParent(TOLERANCE_FULFILLED, { itemCode: context.item.code }),
];

/** A breach: the timers go, the item is told (it revokes its approval) and the enterprise's credit records it. */
export const breachEffects = (context: ToleranceCommitmentContext, v2: boolean): Effect[] => [
  ...cancelAll(v2),
  notifyParent(TOLERANCE_BREACHED, { itemCode: context.item.code, reason: context.outcome!.reason }),
  {
    kind: 'creditRecord',
    enterpriseId: context.enterpriseId,
    reason: `容缺受理失信：${context.item.name}（${context.outcome!.reason}）`,
    barsTolerance: true,
  },
];

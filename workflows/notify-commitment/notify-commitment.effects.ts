/**
 * What the 告知承诺 asks of the engine: the rectification deadline's timer, the department's verification clock,
 * the notices to its item and the credit record of a revocation. Pure functions of the context; the machine emits
 * them.
 */
import type { Effect } from '../contract';
import { cancelClock, notifyParent, scheduleClock, type ClockTimers } from '../core/kit';
import {
  COMMITMENT_DECIDED,
  COMMITMENT_RECTIFICATION_ORDERED,
  COMMITMENT_REFUSED,
  COMMITMENT_REVOKED,
  COMMITMENT_VERIFIED,
} from '../protocol';
import {
  RECTIFICATION_DEADLINE_PASSED,
  RECTIFICATION_TIMER,
  VERIFICATION_TIME_OVERDUE,
  VERIFICATION_TIME_WARNING,
  VERIFICATION_TIMERS,
  type NotifyCommitmentContext,
} from './notify-commitment.types';

const VERIFICATION_CLOCK: ClockTimers = {
  warning: { key: VERIFICATION_TIMERS.warning, event: VERIFICATION_TIME_WARNING },
  due: { key: VERIFICATION_TIMERS.due, event: VERIFICATION_TIME_OVERDUE },
};

const cancelRectification = (): Effect => ({ kind: 'cancelTimer', timerKey: RECTIFICATION_TIMER });

/** v2: the department's verification clock's timers (none before v2). */
export const cancelVerification = (v2: boolean): Effect[] => (v2 ? cancelClock(VERIFICATION_CLOCK) : []);

export const decidedEffects = (context: NotifyCommitmentContext): Effect[] => [
  notifyParent(COMMITMENT_DECIDED, { itemCode: context.item.code }),
];

export const refusedEffects = (context: NotifyCommitmentContext): Effect[] => [
  notifyParent(COMMITMENT_REFUSED, { itemCode: context.item.code }),
];

export const verifiedEffects = (context: NotifyCommitmentContext): Effect[] => [
  notifyParent(COMMITMENT_VERIFIED, { itemCode: context.item.code }),
];

/**
 * A finding: the enterprise's rectification deadline starts. v4: the item is told (the rectification blocks the
 * above-ground permit under 桩基先行).
 */
export const rectificationEffects = (context: NotifyCommitmentContext, v4 = false): Effect[] => [
  {
    kind: 'scheduleTimer',
    timerKey: RECTIFICATION_TIMER,
    deadline: context.rectification!.deadline,
    at: 'due',
    event: { type: RECTIFICATION_DEADLINE_PASSED, payload: {} },
  },
  ...(v4
    ? [
        notifyParent(COMMITMENT_RECTIFICATION_ORDERED, {
          itemCode: context.item.code,
          order: context.rectification!.order,
        }),
      ]
    : []),
];

/** v2: reported in time: the enterprise's deadline stops and the department's verification clock starts. */
export const startVerificationEffects = (context: NotifyCommitmentContext): Effect[] => [
  cancelRectification(),
  ...scheduleClock(VERIFICATION_CLOCK, context.rectification!.verification!.deadline),
];

/** The rectification confirmed: every clock stops and the item hears the commitment is kept. */
export const confirmedEffects = (context: NotifyCommitmentContext, v2: boolean): Effect[] => [
  cancelRectification(),
  ...cancelVerification(v2),
  ...verifiedEffects(context),
];

/** The item closed while the enterprise rectifies (`verifying`: or the department verifies): the clocks stop. */
export const closedEffects = (verifying: boolean): Effect[] => [
  cancelRectification(),
  ...cancelVerification(verifying),
];

/** Revoked: the clocks stop, the item is told (it revokes its approval) and the credit record bars 告知承诺. */
export const revokedEffects = (context: NotifyCommitmentContext, v2: boolean): Effect[] => [
  cancelRectification(),
  ...cancelVerification(v2),
  notifyParent(COMMITMENT_REVOKED, { itemCode: context.item.code, reason: context.outcome!.reason }),
  {
    kind: 'creditRecord',
    enterpriseId: context.enterpriseId,
    reason: `告知承诺不实或未整改：${context.item.name}（${context.outcome!.reason}）`,
    barsTolerance: false,
    barsCommitmentUntil: context.outcome!.barsCommitmentUntil!,
  },
];

/**
 * What the 事项实例 asks of the engine: its timers, the notices to its project and the commitments it opens
 * and closes. Pure functions of the context; the machine emits them.
 */
import type { DeadlineSpec, Effect } from '../contract';
import { deadline } from '../core/time';
import { cancelClock as cancelClockTimers, scheduleClock, type ClockTimers } from '../core/kit';
import {
  CHILD_VERSIONS,
  DEFINITION_IDS,
  ITEM_CLOSED,
  ITEM_COMMITMENT_FULFILLED,
  ITEM_COMMITMENT_IN_RECTIFICATION,
  ITEM_DECIDED,
  ITEM_REVOKED,
} from '../protocol';
import {
  ITEM_BACK_WITH_DEPARTMENT,
  ITEM_WAITING_ON_ENTERPRISE,
  TIMER_DUE,
  TIMER_WARNING,
  TIMER_WINDOW,
  WINDOW_DECISION_WORKING_DAYS,
  WINDOW_DEEMED_ACCEPTED,
  type ApprovalItemContext,
} from './approval-item.types';

/** The promised time limit's timers. */
const PROMISED_CLOCK: ClockTimers = {
  warning: { key: TIMER_WARNING, event: 'PROMISED_TIME_WARNING' },
  due: { key: TIMER_DUE, event: 'PROMISED_TIME_OVERDUE' },
};

export const clockTimers = (clock: DeadlineSpec): Effect[] => scheduleClock(PROMISED_CLOCK, clock);

export const cancelClock: Effect[] = cancelClockTimers(PROMISED_CLOCK);

/** Open commitments (容缺 / 告知承诺) end with the item: the child is told its parent closed. */
export function cancelOpenCommitments(context: ApprovalItemContext): Effect[] {
  const effects: Effect[] = [];
  if (context.tolerance && ['requested', 'accepted'].includes(context.tolerance.status)) {
    effects.push({
      kind: 'notifyChild',
      childKey: context.tolerance.childKey,
      event: { type: 'PARENT_CLOSED', payload: {} },
    });
  }
  // v3: a 告知承诺 in rectification is still open; its clocks stop with it.
  if (
    context.notifyCommitment &&
    ['requested', 'decided', 'inRectification'].includes(context.notifyCommitment.status)
  ) {
    effects.push({
      kind: 'notifyChild',
      childKey: context.notifyCommitment.childKey,
      event: { type: 'PARENT_CLOSED', payload: {} },
    });
  }
  return effects;
}

/** The decision is told to the project; a refusal also ends the open commitments. */
export function decidedEffects(context: ApprovalItemContext): Effect[] {
  const decision = context.decision!;
  return [
    ...cancelClock,
    ...(decision.outcome === 'refused' ? cancelOpenCommitments(context) : []),
    {
      kind: 'notifyParent',
      event: {
        type: ITEM_DECIDED,
        payload: {
          itemCode: context.item.code,
          outcome: decision.outcome,
          basis: decision.basis,
          certificateReleasable: decision.certificateReleasable,
          decidedAt: decision.decidedAt,
        },
      },
    },
  ];
}

/** 不受理, 撤件, 撤回: the item ends undecided. */
export function closedEffects(context: ApprovalItemContext): Effect[] {
  return [
    ...cancelClock,
    ...cancelOpenCommitments(context),
    {
      kind: 'notifyParent',
      event: { type: ITEM_CLOSED, payload: { itemCode: context.item.code, exit: context.exit!.kind } },
    },
  ];
}

export function revokedEffects(context: ApprovalItemContext, cause: string): Effect[] {
  return [
    ...(cause === 'revoked' ? cancelOpenCommitments(context) : []),
    {
      kind: 'notifyParent',
      event: { type: ITEM_REVOKED, payload: { itemCode: context.item.code, cause, reason: context.exit!.reason } },
    },
  ];
}

/** Tell the project that the commitment behind this decision is settled (容缺 supplied, 告知承诺 verified). */
export function commitmentFulfilledEffects(
  context: ApprovalItemContext,
  commitment: 'tolerance' | 'notifyCommitment',
): Effect[] {
  return [
    {
      kind: 'notifyParent',
      event: { type: ITEM_COMMITMENT_FULFILLED, payload: { itemCode: context.item.code, commitment } },
    },
  ];
}

/** v3: the item's 告知承诺 is in rectification; the project blocks the above-ground permit on it. */
export function commitmentInRectificationEffects(context: ApprovalItemContext): Effect[] {
  return [
    {
      kind: 'notifyParent',
      event: { type: ITEM_COMMITMENT_IN_RECTIFICATION, payload: { itemCode: context.item.code } },
    },
  ];
}

/** v2: the window's 5 working days from receipt, after which the application counts as accepted. */
export function windowTimer(context: ApprovalItemContext): Effect[] {
  return [
    {
      kind: 'scheduleTimer',
      timerKey: TIMER_WINDOW,
      deadline: deadline(
        'windowAcceptance',
        `${context.item.name}窗口受理时限`,
        context.receivedAt,
        WINDOW_DECISION_WORKING_DAYS,
        'workingDays',
      ),
      at: 'due',
      event: { type: WINDOW_DEEMED_ACCEPTED, payload: {} },
    },
  ];
}

/** v2: the project's whole-process clock pauses while the item waits on the enterprise. */
export function waitingEffects(context: ApprovalItemContext, onEnterprise: boolean, v2: boolean): Effect[] {
  return v2
    ? [
        {
          kind: 'notifyParent',
          event: {
            type: onEnterprise ? ITEM_WAITING_ON_ENTERPRISE : ITEM_BACK_WITH_DEPARTMENT,
            payload: { itemCode: context.item.code },
          },
        },
      ]
    : [];
}

/** The 容缺 child, with the materials the item lacks. */
export function toleranceChild(context: ApprovalItemContext, commitmentLetterSigned: boolean, v2: boolean): Effect {
  return {
    kind: 'createChild',
    childKey: context.tolerance!.childKey,
    definitionId: DEFINITION_IDS.toleranceCommitment,
    definitionVersion: CHILD_VERSIONS[v2 ? 'corrected' : 'released'].toleranceCommitment,
    input: {
      projectId: context.projectId,
      enterpriseId: context.enterpriseId,
      itemCode: context.item.code,
      submittedMaterials: context.submittedMaterials,
      commitmentLetterSigned,
    },
  };
}

/** The 告知承诺 child, with the conditions the enterprise commits to. */
export function notifyCommitmentChild(
  context: ApprovalItemContext,
  request: { commitmentSigned: boolean; conditions: string[] },
  v2: boolean,
): Effect {
  return {
    kind: 'createChild',
    childKey: context.notifyCommitment!.childKey,
    definitionId: DEFINITION_IDS.notifyCommitment,
    // v3 (created as v3): the commitment tells the item of a rectification order.
    definitionVersion: context.rectificationNotices
      ? CHILD_VERSIONS.rectification.notifyCommitment
      : CHILD_VERSIONS[v2 ? 'corrected' : 'released'].notifyCommitment,
    input: {
      projectId: context.projectId,
      enterpriseId: context.enterpriseId,
      itemCode: context.item.code,
      commitmentSigned: request.commitmentSigned,
      conditions: request.conditions,
    },
  };
}

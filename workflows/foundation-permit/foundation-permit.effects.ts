/**
 * What the 桩基先行 asks of the engine: the work-start timer and the notices to its project. Pure functions of
 * the context; the machine emits them.
 */
import type { Effect } from '../contract';
import { notifyParent } from '../core/kit';
import { FOUNDATION_PERMIT_LAPSED, FOUNDATION_WITH_DEPARTMENT, FOUNDATION_WITH_ENTERPRISE } from '../protocol';
import { WORK_START_TIMER, workStartTimerEffect } from '../work-start/work-start-period';
import type { FoundationPermitContext } from './foundation-permit.types';

export const workStartTimer = (context: FoundationPermitContext): Effect[] => [
  workStartTimerEffect(context.workStart.deadline!),
];

export const cancelWorkStartTimer = (): Effect[] => [{ kind: 'cancelTimer', timerKey: WORK_START_TIMER }];

/** A notice to the project: what happened, when, and the reason given (if any). */
export const notifyProject = (
  type: string,
  context: FoundationPermitContext,
  at: string,
  reason: string | null,
): Effect[] => [notifyParent(type, { projectId: context.projectId, at, reason })];

/**
 * v2: revoked. The parent's lapse event carries the cause: it shows the permit as no longer valid and falls back
 * to the plain construction permit either way.
 */
export const revokedEffects = (context: FoundationPermitContext, at: string): Effect[] => [
  ...cancelWorkStartTimer(),
  notifyParent(FOUNDATION_PERMIT_LAPSED, {
    projectId: context.projectId,
    at,
    reason: context.revocation?.reason ?? null,
    cause: 'revoked',
  }),
];

/**
 * v6: an application passed to the housing department (entering review) or left it (leaving review, whatever the
 * outcome), for the project's whole-process clock (project-case v9 counts the department’s review).
 */
export const holderNotice = (
  type: typeof FOUNDATION_WITH_DEPARTMENT | typeof FOUNDATION_WITH_ENTERPRISE,
  context: FoundationPermitContext,
): Effect[] => [notifyParent(type, { projectId: context.projectId })];

/**
 * What the 验收分段 asks of the engine: the joint clock's timers, the rectification deadline's timer and the
 * notices to its project. Pure functions of the context; the machine emits them.
 */
import type { DeadlineSpec, Effect } from '../contract';
import { cancelClock as cancelClockTimers, notifyParent, scheduleClock, type ClockTimers } from '../core/kit';
import { SECTION_ACCEPTED, SECTION_WITH_DEPARTMENT, SECTION_WITH_ENTERPRISE } from '../protocol';
import {
  JOINT_ACCEPTANCE_OVERDUE,
  JOINT_ACCEPTANCE_WARNING,
  RECTIFICATION_DEADLINE_PASSED,
  TIMER_DUE,
  TIMER_RECTIFICATION,
  TIMER_WARNING,
  type AcceptanceSectionContext,
  type SectionHolder,
} from './acceptance-section.types';

/** The joint acceptance limit's timers. */
const JOINT_CLOCK: ClockTimers = {
  warning: { key: TIMER_WARNING, event: JOINT_ACCEPTANCE_WARNING },
  due: { key: TIMER_DUE, event: JOINT_ACCEPTANCE_OVERDUE },
};

export const clockTimers = (clock: DeadlineSpec): Effect[] => scheduleClock(JOINT_CLOCK, clock);

export const cancelClock: Effect[] = cancelClockTimers(JOINT_CLOCK);

/**
 * v4: who holds the section now, for the project's whole-process clock (nothing before v4: released parents do
 * not take these notices).
 */
function holder(
  type: typeof SECTION_WITH_DEPARTMENT | typeof SECTION_WITH_ENTERPRISE,
  context: AcceptanceSectionContext,
  v4: boolean,
): Effect[] {
  return v4 ? [notifyParent(type, { sectionKey: context.sectionKey })] : [];
}

/** Applied (again): the joint clock starts and the departments hold the section. */
export const appliedEffects = (context: AcceptanceSectionContext, v4: boolean): Effect[] => [
  ...clockTimers(context.clock!),
  ...holder(SECTION_WITH_DEPARTMENT, context, v4),
];

/** Accepted: the clock stops and the project hears of it. */
export const acceptedEffects = (context: AcceptanceSectionContext): Effect[] => [
  ...cancelClock,
  notifyParent(SECTION_ACCEPTED, { sectionKey: context.sectionKey, siteWideChecks: context.siteWide !== null }),
];

/** v2: 不予通过 after a failed re-inspection: the clock stops and the enterprise holds the section. */
export const notPassedEffects = (context: AcceptanceSectionContext, v4: boolean): Effect[] => [
  ...cancelClock,
  ...holder(SECTION_WITH_ENTERPRISE, context, v4),
];

/** v2: entering rectification: the joint clock pauses (its timers go), the enterprise's deadline starts. */
export const startRectificationEffects = (context: AcceptanceSectionContext, v4: boolean): Effect[] => [
  ...cancelClock,
  ...holder(SECTION_WITH_ENTERPRISE, context, v4),
  {
    kind: 'scheduleTimer',
    timerKey: TIMER_RECTIFICATION,
    deadline: context.rectification!.deadline,
    at: 'due',
    event: { type: RECTIFICATION_DEADLINE_PASSED, payload: {} },
  },
];

/** v2: reported: the enterprise's deadline stops and the joint clock runs again where it stopped. */
export const resumeEffects = (context: AcceptanceSectionContext, v4: boolean): Effect[] => [
  { kind: 'cancelTimer', timerKey: TIMER_RECTIFICATION },
  ...clockTimers(context.clock!),
  ...holder(SECTION_WITH_DEPARTMENT, context, v4),
];

/**
 * v5: a section under inspection changed hands while it waits for its project's conditions (a blocker the
 * enterprise must clear, or back to the departments): the project is told; nothing when the holder stays, or when
 * the section is about to be accepted (`to` null).
 */
export function holderChangeEffects(
  context: AcceptanceSectionContext,
  from: SectionHolder,
  to: SectionHolder | null,
): Effect[] {
  if (to === null || to === from) return [];
  return holder(to === 'department' ? SECTION_WITH_DEPARTMENT : SECTION_WITH_ENTERPRISE, context, true);
}

/** What the 问题清单 asks of the engine: its clock's timers. Pure functions of the context; the machine emits them. */
import type { Effect } from '../contract';
import { cancelClock, scheduleClock, type ClockTimers } from '../core/kit';
import {
  DUE_TIMER,
  PROBLEM_DEADLINE_OVERDUE,
  PROBLEM_DEADLINE_WARNING,
  WARNING_TIMER,
  type ProblemContext,
} from './problem.types';

/** The clock's timers (warning and due). */
const CLOCK: ClockTimers = {
  warning: { key: WARNING_TIMER, event: PROBLEM_DEADLINE_WARNING },
  due: { key: DUE_TIMER, event: PROBLEM_DEADLINE_OVERDUE },
};

/** Assigned or reopened: the department's limit starts. */
export const clockTimers = (context: ProblemContext): Effect[] => scheduleClock(CLOCK, context.clock!);

/** Returned or resolved: the clock stops. */
export const CANCEL_CLOCK: Effect[] = cancelClock(CLOCK);

/**
 * One problem (问题清单) raised for a project by its enterprise, its steward (项目管家) or its leader (项目长), at
 * an on-site meeting (现场办公) or at any time: 待交办 → 已交办 → 办理中 → 已解决 (awaiting the raiser's
 * confirmation) → 已办结, or 重新打开 back to the department. The responsible department has a limit in working
 * days from assignment, with 预警/逾期 timers like an approval item; a leader may escalate it to the head of the
 * responsible department at any open stage, which stays in the history and in `escalations`.
 *
 * Its data is in problem.types.ts, its events in problem.events.ts, its guards in problem.rules.ts and its
 * timers in problem.effects.ts.
 */

import { assertEvent, assign, setup } from 'xstate';
import type { TimerState } from '../contract';
import type { Catalog } from '../catalog/types';
import { emitAction } from '../core/define';
import type { CreatedEvent } from '../core/events';
import { deadline } from '../core/time';
import type { ProblemEvent } from './problem.events';
import { problemGuards } from './problem.rules';
import { CANCEL_CLOCK, clockTimers } from './problem.effects';
import {
  PROBLEM_DEADLINE_OVERDUE,
  PROBLEM_DEADLINE_WARNING,
  type ProblemContext,
  type ProblemInput,
} from './problem.types';

// The problem's data and rules, where the definition, the services and the tests have always found them.
export * from './problem.types';
export { problemGuards } from './problem.rules';

const running: TimerState = 'normal';
const stopped: TimerState = 'stopped';

export function createProblemMachine(catalog: Catalog) {
  const clockFrom = (at: string, days: number) =>
    deadline('problemResolution', `问题办理时限（${days}个工作日）`, at, days, 'workingDays', catalog.warningShare);
  const startClock = {
    type: 'emit' as const,
    params: ({ context }: { context: ProblemContext }) => ({ effects: clockTimers(context) }),
  };
  const stopClock = { type: 'emit' as const, params: () => ({ effects: CANCEL_CLOCK }) };
  const timerEvents = {
    [PROBLEM_DEADLINE_WARNING]: { guard: 'clockNotOverdue' as const, actions: 'markWarning' as const },
    [PROBLEM_DEADLINE_OVERDUE]: { guard: 'clockRunning' as const, actions: 'markOverdue' as const },
  };
  return setup({
    types: {} as { context: ProblemContext; events: ProblemEvent; input: CreatedEvent<ProblemInput> },
    guards: problemGuards,
    actions: {
      emit: emitAction,
      assignProblem: assign(({ context, event }) => {
        assertEvent(event, 'ASSIGN');
        const p = event.payload;
        // Either may be left out: the problem stays with its department and limit.
        const department = p.department ?? context.department;
        const days = p.limitWorkingDays ?? context.limitWorkingDays;
        return {
          department,
          limitWorkingDays: days,
          assignedAt: event.occurredAt,
          assignedBy: event.actor.userId,
          clock: clockFrom(event.occurredAt, days),
          timerState: running,
        };
      }),
      // Sent back by the department (not ours): the clock stops until it is assigned again.
      returnProblem: assign({ clock: null, timerState: stopped, assignedAt: null }),
      startHandling: assign(({ event }) => ({ handledBy: event.actor.userId })),
      resolve: assign(({ event }) => {
        assertEvent(event, 'RESOLVE');
        return { resolution: event.payload.resolution, resolvedAt: event.occurredAt, timerState: stopped };
      }),
      reopen: assign(({ context, event }) => {
        assertEvent(event, 'REOPEN');
        return {
          round: context.round + 1,
          reopenReasons: [...context.reopenReasons, event.payload.reason],
          resolution: null,
          resolvedAt: null,
          clock: clockFrom(event.occurredAt, context.limitWorkingDays),
          timerState: running,
        };
      }),
      close: assign(({ event }) => ({ closedAt: event.occurredAt })),
      escalate: assign(({ context, event }) => {
        assertEvent(event, 'ESCALATE');
        const escalation = {
          at: event.occurredAt,
          by: event.actor.userId,
          department: context.department,
          reason: event.payload.reason,
        };
        return { escalations: [...context.escalations, escalation] };
      }),
      markWarning: assign({ timerState: 'warning' satisfies TimerState }),
      markOverdue: assign({ timerState: 'overdue' satisfies TimerState }),
    },
  }).createMachine({
    id: 'problem',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload;
      const raiser = p.raisedBy;
      // The engine checked the input against the definition's inputSchema before the machine sees it.
      return {
        projectId: p.projectId,
        enterpriseId: p.enterpriseId,
        title: p.title,
        description: p.description ?? null,
        category: p.category,
        department: p.department,
        limitWorkingDays: p.limitWorkingDays,
        meetingId: p.meetingId ?? null,
        raisedBy: { userId: raiser.userId, role: raiser.role },
        raisedAt: input.occurredAt,
        assignedAt: null,
        assignedBy: null,
        handledBy: null,
        resolution: null,
        resolvedAt: null,
        closedAt: null,
        round: 1,
        reopenReasons: [],
        escalations: [],
        clock: null,
        timerState: stopped,
      };
    },
    initial: 'pending',
    states: {
      // 待交办: raised, waiting for the steward or the leader to assign it to a department.
      pending: {
        on: {
          ASSIGN: { target: 'assigned', actions: ['assignProblem', startClock] },
          ESCALATE: { actions: 'escalate' },
        },
      },
      // 已交办: with the department, not yet taken up.
      assigned: {
        on: {
          START_HANDLING: { target: 'inProgress', actions: 'startHandling' },
          RETURN_PROBLEM: { target: 'pending', actions: ['returnProblem', stopClock] },
          ESCALATE: { actions: 'escalate' },
          ...timerEvents,
        },
      },
      // 办理中
      inProgress: {
        on: {
          RESOLVE: { target: 'resolved', actions: ['resolve', stopClock] },
          ESCALATE: { actions: 'escalate' },
          ...timerEvents,
        },
      },
      // 已解决: awaiting the raiser's confirmation.
      resolved: {
        on: {
          CONFIRM_RESOLVED: { target: 'closed', actions: 'close' },
          REOPEN: { target: 'reopened', actions: ['reopen', startClock] },
        },
      },
      // 重新打开: back with the department, on a new clock.
      reopened: {
        on: {
          START_HANDLING: { target: 'inProgress', actions: 'startHandling' },
          ESCALATE: { actions: 'escalate' },
          ...timerEvents,
        },
      },
      // 已办结
      closed: { type: 'final' },
    },
  });
}

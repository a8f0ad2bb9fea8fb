/**
 * One problem (问题清单) raised for a project by its enterprise, its steward (项目管家) or its leader (项目长), at
 * an on-site meeting (现场办公) or at any time: 待交办 → 已交办 → 办理中 → 已解决 (awaiting the raiser's
 * confirmation) → 已办结, or 重新打开 back to the department. The responsible department has a limit in working
 * days from assignment, with 预警/逾期 timers like an approval item; a leader may escalate it to the head of the
 * responsible department at any open stage, which stays in the history and in `escalations`.
 */
import { assertEvent, assign, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent, TimerState } from '../contract';
import type { Catalog } from '../catalog/types';
import { emitAction } from '../core/define';
import { deadline } from '../core/time';
import { cancelClock, scheduleClock, type ClockTimers } from '../core/kit';
import type { ProblemEvent } from './problem.events';

export const PROBLEM_CATEGORIES = {
  approvalProcedure: '审批手续',
  land: '用地',
  utilities: '水电气',
  financing: '融资',
  policyFulfilment: '政策兑现',
  constructionEnvironment: '施工环境',
  other: '其他',
} as const;
export type ProblemCategory = keyof typeof PROBLEM_CATEGORIES;

/** Who may raise a problem; the raiser confirms (or reopens) its resolution. */
export const RAISER_ROLES = ['enterprise', 'steward', 'leader'] as const;
export type RaiserRole = (typeof RAISER_ROLES)[number];

export interface Escalation {
  at: string;
  by: string;
  /** The department whose head it was escalated to (the responsible department at the time). */
  department: string;
  reason: string;
}

export interface ProblemContext {
  projectId: string;
  enterpriseId: string;
  title: string;
  description: string | null;
  category: ProblemCategory;
  /** Responsible department (catalog department code). */
  department: string;
  /** Limit in working days from assignment (and again from a reopening). */
  limitWorkingDays: number;
  /** The meeting it was raised at, if any. */
  meetingId: string | null;
  raisedBy: { userId: string; role: RaiserRole };
  raisedAt: string;
  assignedAt: string | null;
  assignedBy: string | null;
  handledBy: string | null;
  resolution: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** 1 for the first handling, +1 for each reopening. */
  round: number;
  reopenReasons: string[];
  escalations: Escalation[];
  clock: DeadlineSpec | null;
  timerState: TimerState;
}

type Args = { context: ProblemContext; event: EngineEvent };

export const WARNING_TIMER = 'problem:warning';
export const DUE_TIMER = 'problem:due';
export const PROBLEM_DEADLINE_WARNING = 'PROBLEM_DEADLINE_WARNING';
export const PROBLEM_DEADLINE_OVERDUE = 'PROBLEM_DEADLINE_OVERDUE';

export const problemGuards = {
  clockNotOverdue: ({ context }: Args) => context.timerState === 'normal',
  clockRunning: ({ context }: Args) => context.timerState === 'normal' || context.timerState === 'warning',
};

/** The clock's timers (warning and due). */
const CLOCK: ClockTimers = {
  warning: { key: WARNING_TIMER, event: PROBLEM_DEADLINE_WARNING },
  due: { key: DUE_TIMER, event: PROBLEM_DEADLINE_OVERDUE },
};
const CANCEL_CLOCK: Effect[] = cancelClock(CLOCK);

const running: TimerState = 'normal';
const stopped: TimerState = 'stopped';

export function createProblemMachine(catalog: Catalog) {
  const clockFrom = (at: string, days: number) =>
    deadline('problemResolution', `问题办理时限（${days}个工作日）`, at, days, 'workingDays', catalog.warningShare);
  const startClock = {
    type: 'emit' as const,
    params: ({ context }: Args) => ({ effects: scheduleClock(CLOCK, context.clock!) }),
  };
  const stopClock = { type: 'emit' as const, params: () => ({ effects: CANCEL_CLOCK }) };
  const timerEvents = {
    [PROBLEM_DEADLINE_WARNING]: { guard: 'clockNotOverdue' as const, actions: 'markWarning' as const },
    [PROBLEM_DEADLINE_OVERDUE]: { guard: 'clockRunning' as const, actions: 'markOverdue' as const },
  };
  return setup({
    types: {} as { context: ProblemContext; events: ProblemEvent; input: EngineEvent },
    guards: problemGuards,
    actions: {
      emit: emitAction,
      assignProblem: assign(({ context, event }) => {
        assertEvent(event, 'ASSIGN');
        const p = event.payload;
        const department = typeof p.department === 'string' ? p.department : context.department;
        const days = typeof p.limitWorkingDays === 'number' ? p.limitWorkingDays : context.limitWorkingDays;
        return {
          department,
          limitWorkingDays: days,
          assignedAt: event.occurredAt,
          assignedBy: event.actor.userId,
          clock: clockFrom(event.occurredAt, days),
          timerState: 'normal' as TimerState,
        };
      }),
      // Sent back by the department (not ours): the clock stops until it is assigned again.
      returnProblem: assign({ clock: null, timerState: 'stopped' as TimerState, assignedAt: null }),
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
      markWarning: assign({ timerState: 'warning' as TimerState }),
      markOverdue: assign({ timerState: 'overdue' as TimerState }),
    },
  }).createMachine({
    id: 'problem',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload as Record<string, unknown>;
      const raiser = p.raisedBy as { userId: string; role: RaiserRole };
      return {
        projectId: String(p.projectId),
        enterpriseId: String(p.enterpriseId),
        title: String(p.title),
        description: typeof p.description === 'string' ? p.description : null,
        category: p.category as ProblemCategory,
        department: String(p.department),
        limitWorkingDays: Number(p.limitWorkingDays),
        meetingId: typeof p.meetingId === 'string' ? p.meetingId : null,
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
        timerState: 'stopped' as TimerState,
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

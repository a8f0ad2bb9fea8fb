/**
 * The problem definition's model for model-based tests (workflows/model.spec.ts) and its step invariants.
 * Filters keep the state space finite: one return, one reopening, one escalation.
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { Actor, Effect, EngineEvent, PersistedSnapshot, Payload } from '../contract';
import { stateString } from '../core/define';
import { actors, CLEAN_FACTS, ENTERPRISE_ID } from '../testing/fixtures';
import { DUE_TIMER, WARNING_TIMER, type ProblemContext } from './problem.machine';

const AT = '2026-03-02T01:00:00.000Z';
const LEADER: Actor = { userId: 'leader-1', role: 'leader' };

function e(type: string, actor: Actor, payload: Payload = {}): EngineEvent {
  return { type, payload, actor, occurredAt: AT, facts: CLEAN_FACTS };
}

function problemEvents(snapshot: AnyMachineSnapshot): EngineEvent[] {
  const ctx = snapshot.context as ProblemContext;
  const dept = actors.clerk(ctx.department);
  // The raiser confirms or reopens: the enterprise, or the steward or leader in person.
  const raiser: Actor =
    ctx.raisedBy.role === 'enterprise' ? actors.enterprise() : { userId: ctx.raisedBy.userId, role: ctx.raisedBy.role };
  const list: EngineEvent[] = [
    e('ASSIGN', actors.steward()),
    e('START_HANDLING', dept),
    e('RESOLVE', dept, { resolution: '已解决' }),
    e('CONFIRM_RESOLVED', raiser),
  ];
  if (ctx.department !== 'fire') list.push(e('ASSIGN', LEADER, { department: 'fire', limitWorkingDays: 3 }));
  if (ctx.assignedBy === null || ctx.department !== 'fire')
    list.push(e('RETURN_PROBLEM', dept, { reason: '非本部门职责' }));
  if (ctx.round === 1) list.push(e('REOPEN', raiser, { reason: '未解决' }));
  if (ctx.escalations.length === 0) list.push(e('ESCALATE', LEADER, { reason: '久拖未决' }));
  if (ctx.timerState === 'normal') list.push(e('PROBLEM_DEADLINE_WARNING', actors.system));
  if (ctx.timerState === 'normal' || ctx.timerState === 'warning')
    list.push(e('PROBLEM_DEADLINE_OVERDUE', actors.system));
  return list;
}

export const PROBLEM_MODEL_CASES = [
  {
    name: 'problem (raised by the enterprise)',
    definitionId: 'problem',
    version: 1,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      title: '施工用水未接通',
      category: 'utilities',
      department: 'planning',
      limitWorkingDays: 5,
      raisedBy: { userId: actors.enterprise().userId, role: 'enterprise' },
    },
    events: problemEvents,
  },
  {
    name: 'problem (raised by a leader at a meeting)',
    definitionId: 'problem',
    version: 1,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      title: '厂区道路施工占道',
      category: 'constructionEnvironment',
      department: 'housing',
      limitWorkingDays: 3,
      meetingId: 'm-1',
      raisedBy: { userId: LEADER.userId, role: 'leader' },
    },
    events: problemEvents,
  },
];

const CLOCK_STATES = ['assigned', 'inProgress', 'reopened'];

/** A department holds a problem exactly while its clock runs, with both timers scheduled when it (re)starts. */
export function problemInvariants(
  prev: PersistedSnapshot | null,
  next: PersistedSnapshot,
  effects: Effect[],
): string[] {
  const v: string[] = [];
  const state = stateString(next.value);
  const before = prev ? stateString(prev.value) : null;
  const ctx = next.context as unknown as ProblemContext;
  const running = ctx.timerState !== 'stopped';
  if (CLOCK_STATES.includes(state) !== running) v.push(`clock ${ctx.timerState} in ${state}`);
  if (CLOCK_STATES.includes(state) && !ctx.clock) v.push(`no clock in ${state}`);
  const scheduled = effects
    .filter((x) => x.kind === 'scheduleTimer')
    .map((x) => x.kind === 'scheduleTimer' && x.timerKey);
  const restarted = (state === 'assigned' && before === 'pending') || (state === 'reopened' && before === 'resolved');
  if (restarted && scheduled.sort().join() !== [DUE_TIMER, WARNING_TIMER].sort().join())
    v.push('clock started without its timers');
  const cancelled = effects.filter((x) => x.kind === 'cancelTimer').length;
  if (before && CLOCK_STATES.includes(before) && !CLOCK_STATES.includes(state) && cancelled !== 2)
    v.push('clock stopped without cancelling its timers');
  if (state === 'closed' && (!ctx.resolution || !ctx.closedAt)) v.push('closed without a confirmed resolution');
  if (prev && (next.context.escalations as unknown[]).length < (prev.context.escalations as unknown[]).length)
    v.push('an escalation was lost');
  return v;
}

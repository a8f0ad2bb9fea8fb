import type { Actor } from '../contract';
import { Harness } from '../testing/harness';
import { actors, ENTERPRISE_ID } from '../testing/fixtures';
import { must } from '../testing/drive';
import { getDefinition } from '../registry';
import { replay } from '../replay';
import { defaultCalendar, resolveDeadline } from '../calendar';
import type { ProblemContext } from './problem.machine';

const T = '2026-03-02T01:00:00.000Z';
const LATER = '2026-03-05T01:00:00.000Z';
const ent = actors.enterprise();
const otherEnt = actors.enterprise('ent-other');
const steward = actors.steward();
const leader: Actor = { userId: 'leader-1', role: 'leader' };
const otherLeader: Actor = { userId: 'leader-2', role: 'leader' };
const planning = actors.clerk('planning');
const housing = actors.clerk('housing');

const input = (raisedBy: { userId: string; role: string } = { userId: ent.userId, role: 'enterprise' }) => ({
  projectId: 'p1',
  enterpriseId: ENTERPRISE_ID,
  title: '施工临时用电未接入',
  category: 'utilities',
  department: 'planning',
  limitWorkingDays: 5,
  meetingId: 'm1',
  raisedBy,
});

function raise(raiser: Actor = ent) {
  const h = new Harness();
  const id = h.create('q1', 'problem', 1, input({ userId: raiser.userId, role: raiser.role }), raiser, T);
  return { h, id, ctx: () => h.context<ProblemContext>(id) };
}

describe('problem (问题清单)', () => {
  it('待交办 → 已交办 → 办理中 → 已解决 → 已办结, the department clock from assignment', () => {
    const { h, id, ctx } = raise();
    expect(h.state(id)).toBe('pending');
    expect(h.timersOf(id)).toEqual([]);
    must(h.send(id, 'ASSIGN', steward, T, { department: 'housing', limitWorkingDays: 3 }));
    expect(h.state(id)).toBe('assigned');
    expect(ctx()).toMatchObject({ department: 'housing', limitWorkingDays: 3, assignedAt: T, timerState: 'normal' });
    expect(ctx().clock).toMatchObject({ kind: 'problemResolution', amount: 3, unit: 'workingDays', startedAt: T });
    expect(h.timersOf(id).sort()).toEqual(['problem:due', 'problem:warning']);
    // The clock is a working-day deadline: 3 working days from Monday 2 March 2026 end on Thursday 5 March.
    expect(resolveDeadline(defaultCalendar, ctx().clock!).dueDate).toBe('2026-03-05');
    // Only the responsible department's clerk takes it up.
    expect(h.send(id, 'START_HANDLING', planning, T)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    must(h.send(id, 'START_HANDLING', housing, T));
    expect(h.state(id)).toBe('inProgress');
    expect(h.send(id, 'RESOLVE', housing, T, {})).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    must(h.send(id, 'RESOLVE', housing, LATER, { resolution: '已协调供电公司接入' }));
    expect(h.state(id)).toBe('resolved');
    expect(h.timersOf(id)).toEqual([]);
    expect(getDefinition('problem', 1)!.describe(h.get(id).snapshot)).toMatchObject({
      statusLabel: '已解决（待确认）',
      waitingOn: 'enterprise',
      departmentQueue: null,
    });
    // Only the raiser confirms: not another enterprise, not the department.
    expect(h.send(id, 'CONFIRM_RESOLVED', otherEnt, LATER)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(h.send(id, 'CONFIRM_RESOLVED', housing, LATER)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    must(h.send(id, 'CONFIRM_RESOLVED', ent, LATER));
    expect(h.state(id)).toBe('closed');
    expect(ctx().closedAt).toBe(LATER);
    const replayed = replay(h.get(id).events, { definitionId: 'problem', version: 1 });
    expect(replayed.ok && replayed.snapshot).toEqual(h.get(id).snapshot);
  });

  it('the raiser reopens an unsolved problem: back to the department on a new clock', () => {
    const { h, id, ctx } = raise();
    must(h.send(id, 'ASSIGN', leader, T));
    must(h.send(id, 'START_HANDLING', planning, T));
    must(h.send(id, 'RESOLVE', planning, T, { resolution: '已答复' }));
    expect(h.send(id, 'REOPEN', ent, LATER, {})).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    must(h.send(id, 'REOPEN', ent, LATER, { reason: '仍未通电' }));
    expect(h.state(id)).toBe('reopened');
    expect(ctx()).toMatchObject({ round: 2, reopenReasons: ['仍未通电'], resolution: null, timerState: 'normal' });
    expect(ctx().clock).toMatchObject({ startedAt: LATER, amount: 5 });
    expect(h.timersOf(id).sort()).toEqual(['problem:due', 'problem:warning']);
    must(h.send(id, 'START_HANDLING', planning, LATER));
    must(h.send(id, 'RESOLVE', planning, LATER, { resolution: '已通电' }));
    must(h.send(id, 'CONFIRM_RESOLVED', ent, LATER));
    expect(h.state(id)).toBe('closed');
  });

  it('预警 then 逾期 while the department holds it; no timer event after resolution', () => {
    const { h, id, ctx } = raise();
    must(h.send(id, 'ASSIGN', steward, T));
    must(h.fire(id, 'problem:warning', T));
    expect(ctx().timerState).toBe('warning');
    must(h.send(id, 'START_HANDLING', planning, T));
    must(h.fire(id, 'problem:due', LATER));
    expect(ctx().timerState).toBe('overdue');
    expect(getDefinition('problem', 1)!.describe(h.get(id).snapshot).timerState).toBe('overdue');
    must(h.send(id, 'RESOLVE', planning, LATER, { resolution: '已解决' }));
    expect(ctx().timerState).toBe('stopped');
    expect(h.send(id, 'PROBLEM_DEADLINE_OVERDUE', actors.system, LATER)).toMatchObject({ ok: false });
  });

  it('a leader escalates to the department head; recorded in context and history; nobody else may', () => {
    const { h, id, ctx } = raise(steward);
    must(h.send(id, 'ASSIGN', steward, T));
    expect(h.send(id, 'ESCALATE', steward, T, { reason: '久拖未决' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(h.send(id, 'ESCALATE', planning, T, { reason: '久拖未决' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    must(h.send(id, 'ESCALATE', leader, LATER, { reason: '久拖未决' }));
    expect(h.state(id)).toBe('assigned');
    expect(ctx().escalations).toEqual([{ at: LATER, by: 'leader-1', department: 'planning', reason: '久拖未决' }]);
    expect(h.get(id).events.map((e) => e.type)).toContain('ESCALATE');
    must(h.send(id, 'START_HANDLING', planning, T));
    must(h.send(id, 'RESOLVE', planning, T, { resolution: '已解决' }));
    // Raised by the steward: the steward confirms in person; neither the enterprise nor a leader can.
    expect(h.send(id, 'CONFIRM_RESOLVED', ent, T)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(h.send(id, 'CONFIRM_RESOLVED', leader, T)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(h.send(id, 'ESCALATE', leader, T, { reason: 'x' })).toMatchObject({ ok: false, code: 'EVENT_NOT_ALLOWED' });
    must(h.send(id, 'CONFIRM_RESOLVED', steward, T));
  });

  it('the department returns a problem that is not its own: the clock stops until it is assigned again', () => {
    const { h, id, ctx } = raise(leader);
    must(h.send(id, 'ASSIGN', leader, T));
    expect(h.send(id, 'RETURN_PROBLEM', housing, T, { reason: '不是本部门' })).toMatchObject({ code: 'FORBIDDEN' });
    must(h.send(id, 'RETURN_PROBLEM', planning, T, { reason: '属住建局职责' }));
    expect(h.state(id)).toBe('pending');
    expect(ctx()).toMatchObject({ clock: null, timerState: 'stopped' });
    expect(h.timersOf(id)).toEqual([]);
    must(h.send(id, 'ASSIGN', leader, T, { department: 'housing' }));
    must(h.send(id, 'START_HANDLING', housing, T));
    must(h.send(id, 'RESOLVE', housing, T, { resolution: '已解决' }));
    expect(h.send(id, 'CONFIRM_RESOLVED', otherLeader, T)).toMatchObject({ code: 'FORBIDDEN' });
    must(h.send(id, 'CONFIRM_RESOLVED', leader, T));
  });

  it('allowedEvents offer each person exactly what they may send', () => {
    const { h, id } = raise();
    const def = getDefinition('problem', 1)!;
    const offered = (a: Actor) => def.allowedEvents(h.get(id).snapshot, a).map((e) => e.type);
    expect(offered(ent)).toEqual([]);
    expect(offered(steward)).toEqual(['ASSIGN']);
    expect(offered(leader)).toEqual(['ASSIGN', 'ESCALATE']);
    must(h.send(id, 'ASSIGN', steward, T));
    expect(offered(planning)).toEqual(['RETURN_PROBLEM', 'START_HANDLING']);
    expect(offered(housing)).toEqual([]);
    must(h.send(id, 'START_HANDLING', planning, T));
    must(h.send(id, 'RESOLVE', planning, T, { resolution: '已解决' }));
    expect(offered(ent)).toEqual(['CONFIRM_RESOLVED', 'REOPEN']);
    expect(offered(otherEnt)).toEqual([]);
    expect(offered(leader)).toEqual([]);
  });

  it('refuses bad input: unknown category or department, a limit out of range, another enterprise raising', () => {
    const def = getDefinition('problem', 1)!;
    const start = (payload: Record<string, unknown>, actor: Actor = ent) =>
      def.start({ type: 'INSTANCE_CREATED', payload: { ...input(), ...payload }, actor, occurredAt: T });
    expect(start({ category: 'weather' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(start({ department: 'mars' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(start({ limitWorkingDays: 0 })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(start({ limitWorkingDays: 91 })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(start({ title: '' })).toMatchObject({ ok: false, code: 'INVALID_PAYLOAD' });
    expect(start({}, otherEnt)).toMatchObject({ ok: false, code: 'RULE_VIOLATION' });
    expect(start({})).toMatchObject({ ok: true });
  });
});

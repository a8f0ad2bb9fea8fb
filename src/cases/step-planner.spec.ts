import { type Actor, type EngineEvent, INSTANCE_CREATED } from '../../workflows/contract';
import { defaultCalendar } from '../../workflows/calendar';
import { resolveDeadline, timerFireAt } from '../../workflows/calendar/deadline';
import { GENESIS_HASH } from '../audit/hash-chain';
import { AppException } from '../common/errors/app-exception';
import type { CommandInput } from './command.types';
import { DefinitionRegistry } from './definition-registry';
import type { CommandTarget } from './engine.repository';
import { eventRow } from './event-row';
import { SNAPSHOT_EVERY, StepPlanner, type PlannedStep } from './step-planner';

const NOW = '2026-03-02T01:00:00.000Z';
const window: Actor = { userId: 'u-window', role: 'clerk', department: 'window' };
const planning: Actor = { userId: 'u-planning', role: 'clerk', department: 'planning' };

/** The planner on the real definitions and calendar, without a database. */
function planner() {
  return new StepPlanner(
    new DefinitionRegistry(),
    {
      resolve: (spec) => resolveDeadline(defaultCalendar, spec),
      fireAt: (spec, at) => timerFireAt(defaultCalendar, spec, at),
    },
    { now: () => new Date(NOW) },
  );
}

/** A freshly filed approval item as the lock would read it (`parentId`: an item of a project case). */
function receivedItem(parentId: string | null = null): CommandTarget {
  const def = new DefinitionRegistry().latest('approval-item');
  const started = def.start({
    type: INSTANCE_CREATED,
    payload: { projectId: 'p-1', enterpriseId: 'ent-1', itemCode: 'engineeringPlanningPermit' },
    actor: { userId: 'u-ent', role: 'enterprise', enterpriseId: 'ent-1' },
    occurredAt: NOW,
  });
  if (!started.ok) throw new Error(started.message);
  return {
    id: 'i-1',
    definitionId: 'approval-item',
    definitionVersion: def.version,
    snapshot: started.snapshot,
    seq: 1,
    headHash: 'a'.repeat(64),
    parentId,
    childKey: parentId ? 'item:engineeringPlanningPermit' : null,
    projectId: 'p-1',
    status: 'active',
    enterpriseId: 'ent-1',
    creditBars: [],
    createdAt: new Date(NOW),
    reachedDepartment: true,
    children: [],
  };
}

const command = (type: string, actor: Actor, extra: Partial<CommandInput> = {}): CommandInput => ({
  instanceId: 'i-1',
  type,
  payload: type === 'APPROVE' ? { opinion: '同意' } : {},
  actor,
  ...extra,
});

function ok(plan: ReturnType<StepPlanner['planCommand']>): PlannedStep<CommandTarget> {
  if (!plan.ok) throw new Error(`refused: ${plan.code} ${plan.message}`);
  return plan;
}

/** The row as the planned step leaves it (what the next command would lock). */
const after = (row: CommandTarget, plan: PlannedStep<CommandTarget>): CommandTarget => ({
  ...row,
  snapshot: plan.write.snapshot,
  seq: plan.seq,
  headHash: plan.applied.hash,
});

describe('StepPlanner: a command on a row, planned without a database', () => {
  it('plans the next event chained to the head: its row, hash, query columns and facts', () => {
    const row = receivedItem();
    const plan = ok(planner().planCommand(row, command('WINDOW_ACCEPT', window, { idempotencyKey: 'k-1' })));
    expect(plan.seq).toBe(2);
    expect(plan.event).toMatchObject({
      type: 'WINDOW_ACCEPT',
      actor: window,
      occurredAt: NOW,
      facts: { enterprise: { toleranceBarred: false, commitmentBarredUntil: null } },
    });
    const { hash, ...fields } = plan.write.event;
    expect(fields).toEqual({
      instanceId: 'i-1',
      seq: 2,
      event: plan.event,
      definitionVersion: row.definitionVersion,
      causation: null,
      idempotencyKey: 'k-1',
      stateAfter: plan.summary.state,
      prevHash: row.headHash,
    });
    expect(hash).toBe(eventRow(fields).hash);
    expect(plan.applied).toEqual({
      instanceId: 'i-1',
      seq: 2,
      type: 'WINDOW_ACCEPT',
      hash,
      state: plan.summary.state,
      done: false,
    });
    expect(plan.write.columns.summary).toBe(plan.summary);
    expect(plan.write.checkpoint).toBe(false);
    expect(plan.write.cancelAll).toBe(false);
  });

  it('a stale If-Match is a 409 with the current version; a missing row a 404', () => {
    const p = planner();
    expect(() => p.planCommand(receivedItem(), command('WINDOW_ACCEPT', window, { expectedSeq: 7 }))).toThrow(
      expect.objectContaining({ code: 'VERSION_CONFLICT', details: { currentSeq: 1 } }),
    );
    expect(() => p.planCommand(null, command('WINDOW_ACCEPT', window))).toThrow(AppException);
    expect(() => p.planCommand(null, command('WINDOW_ACCEPT', window))).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
  });

  it('an event the state does not allow is refused with what the caller may send instead', () => {
    const plan = planner().planCommand(receivedItem(), command('APPROVE', planning));
    expect(plan).toMatchObject({ ok: false, code: 'EVENT_NOT_ALLOWED', currentSeq: 1 });
    const window_ = planner().planCommand(receivedItem(), command('APPROVE', window));
    expect(window_.ok ? [] : (window_.allowedEvents ?? []).map((e) => e.type)).toContain('WINDOW_ACCEPT');
  });

  it("an API command's actor comes from the access check, made on the row it read", () => {
    const seen: unknown[] = [];
    const plan = ok(
      planner().planCommand(receivedItem(), {
        instanceId: 'i-1',
        type: 'WINDOW_ACCEPT',
        payload: {},
        access: {
          userId: 'u-window',
          department: 'window',
          check: (target) => {
            seen.push(target);
            return window;
          },
        },
      }),
    );
    expect(seen).toEqual([{ projectId: 'p-1', enterpriseId: 'ent-1', reachedDepartment: true }]);
    expect(plan.event.actor).toBe(window);
  });

  it("an item's decision notifies its project case; an item filed on its own has nobody to notify", () => {
    const decide = (parentId: string | null) => {
      const p = planner();
      let row = receivedItem(parentId);
      for (const [type, actor] of [
        ['WINDOW_ACCEPT', window],
        ['DEPARTMENT_ACCEPT', planning],
      ] as const) {
        row = after(row, ok(p.planCommand(row, command(type, actor))));
      }
      return ok(p.planCommand(row, command('APPROVE', planning)));
    };
    expect(decide('p-1').rest.map((e) => e.kind)).toContain('notifyParent');
    expect(decide(null).rest.map((e) => e.kind)).not.toContain('notifyParent');
    // the item's own timers that lead its effects are written with the step, not left to the effect runner
    expect(decide(null).rest.map((e) => e.kind)).not.toContain('cancelTimer');
  });

  it(`writes a checkpoint every ${SNAPSHOT_EVERY} events`, () => {
    const row = { ...receivedItem(), seq: SNAPSHOT_EVERY - 1 };
    expect(ok(planner().planCommand(row, command('WINDOW_ACCEPT', window))).write.checkpoint).toBe(true);
  });

  it('a system event planned inside a cascade carries its causation', () => {
    const event: EngineEvent = { type: 'WINDOW_ACCEPT', payload: {}, actor: window, occurredAt: NOW };
    const causation = { kind: 'event' as const, instanceId: 'p-1', seq: 3 };
    const plan = planner().planStep(receivedItem(), event, { idempotencyKey: null, causation });
    expect(plan.ok && plan.write.event.causation).toEqual(causation);
    expect(plan.ok && plan.write.event.prevHash).not.toBe(GENESIS_HASH);
  });
});

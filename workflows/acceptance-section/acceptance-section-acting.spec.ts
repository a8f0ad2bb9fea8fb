/**
 * actingDepartments of the 验收分段 (issue #18): the departments that can act on a section now, read off the
 * definition's own offers, for every version. A 告知承诺 check is offered only in the last section (with the
 * site-wide checks), so its department acts in no earlier one; planning's site-wide check is offered from the
 * start of the last section's inspection, so planning acts there while the other opinions are pending.
 */
import { getShortestPaths } from 'xstate/graph';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import type { PersistedSnapshot, WorkflowDefinition } from '../contract';
import { getDefinition } from '../registry';
import { actors, created, ev } from '../testing/fixtures';
import { MODEL_CASES, createdEvent } from '../testing/models';
import type { AcceptanceSectionContext } from './acceptance-section.machine';

const T = '2026-09-01T01:00:00.000Z';
const CHECK = { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证', department: 'development' };

function section(version: number, last: boolean) {
  const def = getDefinition('acceptance-section', version)!;
  const started = def.start(
    created(
      {
        projectId: 'p',
        enterpriseId: 'ent-demo',
        sectionKey: last ? 'b' : 'a',
        name: last ? 'B区' : 'A区',
        siteWideChecksDue: last,
        permittedFloorArea: 5000,
        requiredGreenRatio: 0.1,
        commitmentChecks: [CHECK],
      },
      T,
    ),
  );
  if (!started.ok) throw new Error(started.message);
  let snapshot = started.snapshot;
  const send = (type: string, actor = actors.enterprise(), payload = {}) => {
    const out = def.step(snapshot, ev(type, actor, T, payload));
    if (!out.ok) throw new Error(`${type}: ${out.message}`);
    snapshot = out.snapshot;
  };
  send('APPLY');
  send('START_JOINT_INSPECTION', actors.clerk('housing'));
  const ctx = () => snapshot.context as unknown as AcceptanceSectionContext;
  return {
    def,
    acting: () => def.actingDepartments(snapshot),
    summary: () => def.describe(snapshot),
    ctx,
    send,
    /** Every opinion given (passed), but those of `except`. */
    recordAllBut: (except: string[]) => {
      for (const a of ctx().acceptanceItems) {
        if (except.includes(a.department) || ctx().results[a.code].result !== 'pending') continue;
        send('RECORD_RESULT', actors.clerk(a.department), { acceptanceItem: a.code, result: 'pass' });
      }
    },
  };
}

describe.each([2, 3, 4])('acceptance-section v%i: actingDepartments', (version) => {
  it('an earlier section under inspection: the departments with an opinion to give, not the 告知承诺 check’s', () => {
    const s = section(version, false);
    const opinions = [...new Set(s.ctx().acceptanceItems.map((a) => a.department))];
    expect(s.acting().sort()).toEqual(opinions.sort());
    expect(s.acting()).not.toContain('development');
    s.recordAllBut(['fire', 'housing'].filter((d) => opinions.includes(d)).slice(0, 1));
    const left = s.acting();
    expect(left).toHaveLength(1);
    expect(left).toEqual([s.summary().departmentQueue]);
  });

  it('the last section: planning (site-wide checks) and the 告知承诺 check’s department act from the start', () => {
    const s = section(version, true);
    expect(s.acting()).toEqual(expect.arrayContaining(['planning', 'development']));
    // planning's own opinion given, its site-wide check still open while others' opinions are pending
    s.recordAllBut(['fire', 'housing', 'civilDefense', 'archives']);
    expect(s.acting()).toContain('planning');
    s.send('RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), { totalFloorArea: 1000, greenRatio: 0.2 });
    expect(s.acting()).not.toContain('planning');
    expect(s.acting()).toContain('development');
    s.send('RECORD_COMMITMENT_CHECK', actors.clerk('development'), { itemCode: CHECK.itemCode, met: true });
    expect(s.acting()).not.toContain('development');
  });
});

// v1 and v2: v3 and v4 have v2's machine and rules on catalog v2, whose more acceptance items make the traversal
// minutes long on this machine (model.spec.ts walks them); the scenarios above run on every version from v2.
describe('actingDepartments over every reachable state of the acceptance-section models', () => {
  const cases = MODEL_CASES.filter((c) => c.definitionId === 'acceptance-section' && c.version <= 2);
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, modelCase) => {
    const def = getDefinition(modelCase.definitionId, modelCase.version)!;
    const paths = getShortestPaths(def.machine as AnyStateMachine, {
      input: createdEvent(modelCase.input) as never,
      events: ((s: AnyMachineSnapshot) => (s.status === 'done' ? [] : modelCase.events(s))) as never,
      limit: 100000,
    });
    const problems: string[] = [];
    for (const path of paths) {
      const snapshot: PersistedSnapshot = def.persist(path.state as AnyMachineSnapshot);
      const summary = def.describe(snapshot);
      const acting = def.actingDepartments(snapshot, summary);
      const where = `${summary.state} ${JSON.stringify(snapshot.context.results)}`;
      // The queue department is one of them: the work queue's joint branch relies on it (migration ActingDepartments).
      if (summary.waitingOn === 'department' && !acting.includes(summary.departmentQueue ?? ''))
        problems.push(`queue ${summary.departmentQueue} cannot act: ${where}`);
      if (summary.waitingOn !== 'department' && acting.length) problems.push(`${acting} act, waiting on ${where}`);
      for (const department of acting) {
        const offered = def.allowedEvents(snapshot, actors.clerk(department));
        if (!offered.some((e) => !e.disabledReason && !e.roles.every((r) => r === 'system')))
          problems.push(`${department} offered nothing: ${where}`);
      }
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(paths.length).toBeGreaterThan(5);
  });
});

describe('actingDepartments of a definition acted on by one department at a time', () => {
  it('is the department its summary waits on, or none', () => {
    const def: WorkflowDefinition = getDefinition('approval-item', 3)!;
    const modelCase = MODEL_CASES.find((c) => c.definitionId === 'approval-item' && c.version === 3)!;
    const started = def.start(createdEvent(modelCase.input));
    if (!started.ok) throw new Error(started.message);
    const summary = def.describe(started.snapshot);
    expect(def.actingDepartments(started.snapshot)).toEqual(
      summary.waitingOn === 'department' && summary.departmentQueue ? [summary.departmentQueue] : [],
    );
    expect(def.actingDepartments(started.snapshot, { ...summary, waitingOn: 'enterprise' })).toEqual([]);
    expect(
      def.actingDepartments(started.snapshot, { ...summary, waitingOn: 'department', departmentQueue: 'planning' }),
    ).toEqual(['planning']);
  });
});

/**
 * project-case v9 (v9/reapplication-wait.ts): the summary waits on the enterprise by the clock's re-application rule.
 * A required item of the current stage revoked after the stage's other items were decided: the clock reads
 * 待企业重新申报 (v8 already), and now the case is the enterprise's (its and the steward's 待办, REAPPLY_ITEM offered);
 * v8 said it waited on the lead department, which had nothing to do.
 */
import { actors } from '../../testing/fixtures';
import { approveItem, must } from '../../testing/drive';
import { industrialProject } from '../../testing/project-fixture';
import { registry } from '../../registry';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, planning, T } from '../project-case.fixtures';

const REVOKED_AT = '2026-03-03T01:00:00.000Z';
const DECIDED_AT = '2026-03-04T01:00:00.000Z';
const REAPPLIED_AT = '2026-03-05T01:00:00.000Z';

/** 立项用地规划许可: 用地 title approved then revoked by planning, the stage's other items decided afterwards. */
function revokedInCurrentStage(version: number) {
  const { h, id } = industrialProject(version, { name: '撤销项目', at: T });
  approveItem(h, id, 'item:projectFiling', 'development', T);
  approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
  must(h.send(h.at(id, 'item:landTitleRegistration').id, 'REVOKE', planning, REVOKED_AT, { reason: '以欺骗手段取得' }));
  approveItem(h, id, 'item:landUsePlanningPermit', 'planning', DECIDED_AT);
  const ctx = () => h.context<ProjectCaseContext>(id);
  const summary = () => registry.getDefinition('project-case', version)!.describe(h.get(id).snapshot);
  const offered = () =>
    registry
      .getDefinition('project-case', version)!
      .allowedEvents(h.get(id).snapshot, ent)
      .map((e) => e.type);
  return { h, id, ctx, summary, offered };
}

describe('project-case v9: a re-application due is the enterprise’s turn whenever the clock says so', () => {
  it('a revoked required item of the current stage: waits on the enterprise, REAPPLY_ITEM offered, clock 待企业重新申报', () => {
    const { ctx, summary, offered } = revokedInCurrentStage(9);
    expect(ctx().stage).toBe('landPlanning');
    expect(ctx().items.landTitleRegistration.status).toBe('revoked');
    expect(ctx().clockPauses!.at(-1)).toEqual({ from: DECIDED_AT, to: null, reason: 'reapplication' });
    expect(summary()).toMatchObject({ waitingOn: 'enterprise', departmentQueue: null, timerState: 'paused' });
    expect(offered()).toContain('REAPPLY_ITEM');
  });

  it('after the re-application the item is with the department again and the clock runs', () => {
    const { h, id, ctx, summary } = revokedInCurrentStage(9);
    must(h.send(id, 'REAPPLY_ITEM', ent, REAPPLIED_AT, { itemCode: 'landTitleRegistration' }));
    expect(ctx().items.landTitleRegistration.status).toBe('open');
    expect(summary()).toMatchObject({ waitingOn: 'department', departmentQueue: 'planning', timerState: 'normal' });
    expect(ctx().clockPauses!.at(-1)).toEqual({ from: DECIDED_AT, to: REAPPLIED_AT, reason: 'reapplication' });
  });

  it('while a department still holds an item of the project the case stays the department’s (the clock runs)', () => {
    const { h, id } = industrialProject(9, { name: '撤销项目', at: T });
    approveItem(h, id, 'item:projectFiling', 'development', T);
    approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
    must(h.send(h.at(id, 'item:landTitleRegistration').id, 'REVOKE', planning, REVOKED_AT, { reason: '违法' }));
    const s = registry.getDefinition('project-case', 9)!.describe(h.get(id).snapshot);
    expect(s).toMatchObject({ waitingOn: 'department', departmentQueue: 'planning', timerState: 'normal' });
  });

  it('v8 is unchanged: its clock says 待企业重新申报 while its summary waits on the department', () => {
    const { ctx, summary } = revokedInCurrentStage(8);
    expect(ctx().clockPauses!.at(-1)).toEqual({ from: DECIDED_AT, to: null, reason: 'reapplication' });
    expect(summary()).toMatchObject({ waitingOn: 'department', departmentQueue: 'planning' });
  });

  it('the migration v8 → v9 moves such a case, which then waits on the enterprise', () => {
    const { h, id } = revokedInCurrentStage(8);
    expect(h.migrate(id, 9, actors.admin, REAPPLIED_AT)).toEqual({ ok: true });
    expect(registry.getDefinition('project-case', 9)!.describe(h.get(id).snapshot)).toMatchObject({
      waitingOn: 'enterprise',
      departmentQueue: null,
    });
  });
});

/**
 * project-case v10 (v10/ended-item.ts): an item closed while in 补正 is no longer with the enterprise. The clock
 * reads 待企业重新申报 while it waits to be applied for again, and runs once the re-applied item is with a department.
 * v9 (unchanged) kept the code listed: 企业补正 through the wait, and the clock stood while the window held the new
 * application (the random walk's 'clock-stands-stale-correction').
 */
import { actors } from '../../testing/fixtures';
import { acceptItem, approveItem, must } from '../../testing/drive';
import { industrialProject } from '../../testing/project-fixture';
import { isPaused } from '../../core/time';
import { registry } from '../../registry';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, planning, T } from '../project-case.fixtures';

const CORRECTION_AT = '2026-03-03T01:00:00.000Z';
const CLOSED_AT = '2026-03-05T01:00:00.000Z';
const REAPPLIED_AT = '2026-03-10T01:00:00.000Z';

/**
 * 立项用地规划许可: the stage's other items approved, the 用地 title in 补正 (the only thing left: the clock stands on
 * 企业补正), then recalled by the window (撤回: ITEM_CLOSED).
 */
function closedInCorrection(version: number) {
  const { h, id } = industrialProject(version, { name: '撤回项目', at: T });
  approveItem(h, id, 'item:projectFiling', 'development', T);
  approveItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
  const title = acceptItem(h, id, 'item:landTitleRegistration', 'planning', T);
  must(h.send(title, 'REQUEST_CORRECTION', planning, CORRECTION_AT, { missingMaterials: ['deedTaxReceipt'] }));
  const ctx = () => h.context<ProjectCaseContext>(id);
  expect(ctx().itemsWithEnterprise).toEqual(['landTitleRegistration']);
  expect(ctx().clockPauses!.at(-1)).toEqual({ from: CORRECTION_AT, to: null, reason: 'correction' });
  must(h.send(title, 'RECALL', actors.clerk('window'), CLOSED_AT, { reason: '申请材料与实际不符' }));
  expect(ctx().items.landTitleRegistration.status).toBe('closed');
  const summary = () => registry.getDefinition('project-case', version)!.describe(h.get(id).snapshot);
  return { h, id, ctx, summary };
}

describe('project-case v10: an item closed in 补正 is no longer with the enterprise', () => {
  it('the closure takes the code off itemsWithEnterprise; the pause reads 待企业重新申报 from the closure', () => {
    const { ctx, summary } = closedInCorrection(10);
    expect(ctx().itemsWithEnterprise).toEqual([]);
    expect(ctx().clockPauses!.slice(-2)).toEqual([
      { from: CORRECTION_AT, to: CLOSED_AT, reason: 'correction' },
      { from: CLOSED_AT, to: null, reason: 'reapplication' },
    ]);
    expect(summary()).toMatchObject({ waitingOn: 'enterprise', timerState: 'paused' });
  });

  it('the re-applied item is with the window: the clock runs again from the re-application', () => {
    const { h, id, ctx, summary } = closedInCorrection(10);
    must(h.send(id, 'REAPPLY_ITEM', ent, REAPPLIED_AT, { itemCode: 'landTitleRegistration' }));
    expect(h.state(h.at(id, 'item:landTitleRegistration:2').id)).toBe('received');
    expect(isPaused(ctx().wholeProcess)).toBe(false);
    expect(ctx().clockPauses!.at(-1)).toEqual({ from: CLOSED_AT, to: REAPPLIED_AT, reason: 'reapplication' });
    expect(summary()).toMatchObject({ waitingOn: 'department', departmentQueue: 'planning', timerState: 'normal' });
  });

  it('v9 is unchanged: 企业补正 through the wait, and the clock stands while the window holds the re-application', () => {
    const { h, id, ctx } = closedInCorrection(9);
    expect(ctx().itemsWithEnterprise).toEqual(['landTitleRegistration']);
    expect(ctx().clockPauses!.at(-1)).toEqual({ from: CORRECTION_AT, to: null, reason: 'correction' });
    must(h.send(id, 'REAPPLY_ITEM', ent, REAPPLIED_AT, { itemCode: 'landTitleRegistration' }));
    expect(isPaused(ctx().wholeProcess)).toBe(true);
  });

  // No approval item revokes before its decision (which clears the entry already); v10 takes the code off on any
  // ending all the same, so the project's own rule does not lean on that.
  it('an ITEM_REVOKED takes the code off too', () => {
    const { h, id } = industrialProject(10, { name: '撤销项目', at: T });
    const title = acceptItem(h, id, 'item:landTitleRegistration', 'planning', T);
    must(h.send(title, 'REQUEST_CORRECTION', planning, CORRECTION_AT, { missingMaterials: ['deedTaxReceipt'] }));
    expect(h.context<ProjectCaseContext>(id).itemsWithEnterprise).toEqual(['landTitleRegistration']);
    must(
      h.send(id, 'ITEM_REVOKED', actors.system, CLOSED_AT, {
        itemCode: 'landTitleRegistration',
        cause: 'revoked',
        reason: '依法撤销',
      }),
    );
    expect(h.context<ProjectCaseContext>(id).itemsWithEnterprise).toEqual([]);
  });
});

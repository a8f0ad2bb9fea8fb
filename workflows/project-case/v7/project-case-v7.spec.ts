/**
 * project-case v7 (issue #18 point 13): a project waiting for the enterprise's re-application (重新申报) waits on
 * the enterprise, so the enterprise's and the steward's 待办 list it. v6 said 'department' whatever the context.
 */
import { actors } from '../../testing/fixtures';
import { acceptItem, approveItem, must } from '../../testing/drive';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { isPaused } from '../../core/time';
import { registry } from '../../registry';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, planning, T } from '../project-case.fixtures';

const LATER = '2026-03-10T01:00:00.000Z';

function summaryOf(h: ReturnType<typeof industrialProject>['h'], id: string) {
  return registry.getDefinition('project-case', h.get(id).definitionVersion)!.describe(h.get(id).snapshot);
}

/** An industrial plant past its construction permit, its 建设工程规划许可证 then revoked. */
function revokedPlanningPermit(version: number) {
  const { h, id } = industrialProject(version, { name: '撤销项目', at: T });
  for (const [key, dept] of INDUSTRIAL_PERMIT_PATH) approveItem(h, id, key, dept, T);
  must(h.send(h.at(id, 'item:engineeringPlanningPermit').id, 'REVOKE', planning, LATER, { reason: '依法撤销' }));
  return { h, id, summary: () => summaryOf(h, id) };
}

/**
 * A plant whose 建设用地规划许可证 the planning department refused after its 项目备案 was approved; with
 * `titleDecided` the 不动产权登记 open beside it was approved first, so no department has anything of it open.
 */
function refusedLandPermit(version: number, titleDecided = true) {
  const { h, id } = industrialProject(version, { name: '不予许可', at: T });
  const path = titleDecided ? INDUSTRIAL_PERMIT_PATH.slice(0, 2) : INDUSTRIAL_PERMIT_PATH.slice(0, 1);
  for (const [key, dept] of path) approveItem(h, id, key, dept, T);
  const item = acceptItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
  must(h.send(item, 'REFUSE', planning, T, { reason: '不符合控制性详细规划' }));
  return { h, id, summary: () => summaryOf(h, id) };
}

describe('project-case v7: a re-application is the enterprise’s turn', () => {
  it('waits on the enterprise while a revoked stage waits for its re-application (v6: the department)', () => {
    expect(revokedPlanningPermit(7).summary()).toMatchObject({
      stage: 'engineeringPermit',
      departmentQueue: null,
      waitingOn: 'enterprise',
      statusLabel: '工程建设许可阶段（已撤销，待重新申报，六证联发受撤销影响）',
    });
    expect(revokedPlanningPermit(6).summary()).toMatchObject({ departmentQueue: 'planning', waitingOn: 'department' });
  });

  it('is the department’s again once the re-application is applied for, and after its approval', () => {
    const { h, id, summary } = revokedPlanningPermit(7);
    must(h.send(id, 'REAPPLY_ITEM', ent, LATER, { itemCode: 'engineeringPlanningPermit' }));
    expect(summary()).toMatchObject({
      stage: 'engineeringPermit',
      departmentQueue: 'planning',
      waitingOn: 'department',
    });
    approveItem(h, id, 'item:engineeringPlanningPermit:2', 'planning', LATER);
    expect(summary()).toMatchObject({ stage: 'completionAcceptance', waitingOn: 'department' });
  });

  it('the whole-process clock does not count the wait for the re-application (government time only)', () => {
    const { h, id } = revokedPlanningPermit(7);
    expect(isPaused(h.context<ProjectCaseContext>(id).wholeProcess)).toBe(true);
  });

  it('waits on the enterprise after a refusal when no department has anything open (v6: the department)', () => {
    expect(refusedLandPermit(7).summary()).toMatchObject({
      stage: 'landPlanning',
      departmentQueue: null,
      waitingOn: 'enterprise',
    });
    expect(refusedLandPermit(6).summary().waitingOn).toBe('department');
    const { h, id, summary } = refusedLandPermit(7);
    must(h.send(id, 'REAPPLY_ITEM', ent, LATER, { itemCode: 'landUsePlanningPermit' }));
    expect(summary().waitingOn).toBe('department');
  });

  it('a refusal while another item of the project is open at a department stays the department’s', () => {
    const { h, id, summary } = refusedLandPermit(7, false);
    const ctx = h.context<ProjectCaseContext>(id);
    expect(ctx.items.landTitleRegistration.status).toBe('open');
    expect(summary()).toMatchObject({ stage: 'landPlanning', waitingOn: 'department' });
  });

  it('a case waiting on no re-application reads as on v6', () => {
    const on = (version: number) => {
      const { h, id } = industrialProject(version, { name: '项目', at: T });
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 4)) approveItem(h, id, key, dept, T);
      return summaryOf(h, id);
    };
    expect(on(7)).toEqual(on(6));
  });
});

describe('project-case v6 → v7', () => {
  it('always moves; a revoked case waits on the enterprise from then on', () => {
    const { h, id, summary } = revokedPlanningPermit(6);
    expect(h.migrate(id, 7, actors.admin, LATER)).toEqual({ ok: true });
    expect(h.get(id).definitionVersion).toBe(7);
    expect(summary()).toMatchObject({ stage: 'engineeringPermit', waitingOn: 'enterprise' });
  });
});

/**
 * project-case v6 (issue #18 points 10 and 13): after a revocation the case's summary (stage, department queue,
 * status label) names the reopened stage, as the project page does. v5's summary kept the later stage.
 */
import { actors } from '../../testing/fixtures';
import { approveItem, must } from '../../testing/drive';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { registry } from '../../registry';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, planning, T } from '../project-case.fixtures';

const LATER = '2026-03-10T01:00:00.000Z';

/** An industrial plant (六证联发) past its construction permit, its 建设工程规划许可证 then revoked. */
function revokedPlanningPermit(version: number) {
  const { h, id } = industrialProject(version, { name: '撤销项目', at: T });
  for (const [key, dept] of INDUSTRIAL_PERMIT_PATH) approveItem(h, id, key, dept, T);
  const summary = () =>
    registry.getDefinition('project-case', h.get(id).definitionVersion)!.describe(h.get(id).snapshot);
  expect(h.context<ProjectCaseContext>(id).stage).toBe('completionAcceptance');
  must(h.send(h.at(id, 'item:engineeringPlanningPermit').id, 'REVOKE', planning, LATER, { reason: '依法撤销' }));
  return { h, id, summary };
}

describe('project-case v6: the summary follows a stage reopened by a revocation', () => {
  it('is registered and starts the children v5 starts', () => {
    const { h, id } = industrialProject(6, { name: '新项目', at: T });
    expect(registry.getDefinition('project-case', 6)).toBeDefined();
    expect(h.get(h.at(id, 'item:projectFiling').id).definitionVersion).toBe(3);
  });

  it('names the reopened stage, queues the case with its lead department and says 已撤销，待重新申报', () => {
    const { summary } = revokedPlanningPermit(6);
    expect(summary()).toMatchObject({
      stage: 'engineeringPermit',
      departmentQueue: 'planning',
      statusLabel: '工程建设许可阶段（已撤销，待重新申报，六证联发受撤销影响）',
    });
  });

  it('v5 kept the later stage and its queue (the list disagreed with the page)', () => {
    const { summary } = revokedPlanningPermit(5);
    expect(summary()).toMatchObject({ stage: 'completionAcceptance', departmentQueue: 'housing' });
    expect(summary().statusLabel).not.toContain('待重新申报');
  });

  it('stays in the reopened stage while the re-application is decided, and the approval moves it forward again', () => {
    const { h, id, summary } = revokedPlanningPermit(6);
    must(h.send(id, 'REAPPLY_ITEM', ent, LATER, { itemCode: 'engineeringPlanningPermit' }));
    expect(summary()).toMatchObject({ stage: 'engineeringPermit', departmentQueue: 'planning' });
    expect(summary().statusLabel).toContain('重新申报办理中');
    approveItem(h, id, 'item:engineeringPlanningPermit:2', 'planning', LATER);
    expect(summary()).toMatchObject({ stage: 'completionAcceptance', departmentQueue: 'housing' });
    expect(summary().statusLabel).not.toContain('已撤销');
  });

  it('a case without a revocation reads as on v5', () => {
    const on = (version: number) => {
      const { h, id } = industrialProject(version, { name: '项目', at: T });
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 4)) approveItem(h, id, key, dept, T);
      return registry.getDefinition('project-case', version)!.describe(h.get(id).snapshot);
    };
    expect(on(6)).toEqual(on(5));
  });
});

describe('project-case v5 → v6', () => {
  it('always moves; a revoked case reads its reopened stage from then on', () => {
    const { h, id, summary } = revokedPlanningPermit(5);
    expect(h.migrate(id, 6, actors.admin, LATER)).toEqual({ ok: true });
    expect(h.get(id).definitionVersion).toBe(6);
    expect(summary()).toMatchObject({ stage: 'engineeringPermit', departmentQueue: 'planning' });
  });
});

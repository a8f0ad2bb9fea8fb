/**
 * project-case v11: acceptance waits for what it stands on (v11/acceptance-conditions.ts), work-start v3 reports the
 * start (v11/work-started.ts), a complete project offers a re-application (v11/completed-reapplication.ts), a
 * re-applied item may be withdrawn until decided; the migration v10 → v11. Each behaviour is checked against v10.
 *
 * The sections v11 starts run acceptance-section v5 and its foundation permit v7 (branches "sec", "fp"): until they
 * are merged, v11Registry() stands in for them (a section that records what it is told; foundation-permit v6 as v7).
 */
import { actors } from '../../testing/fixtures';
import { acceptItem, approveItem, must } from '../../testing/drive';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { v11Registry } from '../../testing/v11-children';
import type { ProjectPractices } from '../../protocol';
import { V11_CHILD_VERSIONS, type AcceptanceConditionsPayload } from '../../protocol';
import { registry } from '../../registry';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, housing, planning, T } from '../project-case.fixtures';
import { suizhouHighTechZoneCatalogV2 } from '../../catalog';
import { applyBlockedBy } from './acceptance-conditions';

const LATER = '2026-04-01T01:00:00.000Z';
const test = v11Registry();

function project(version: number, practices: Partial<ProjectPractices> = {}) {
  const { h, id } = industrialProject(version, { name: '十一版项目', at: T, practices, registry: test });
  const ctx = () => h.context<ProjectCaseContext>(id);
  return { h, id, ctx };
}

/** Every item of the industrial path approved, in order (the bundle, with the construction permit, issued). */
function permitted(version: number, practices: Partial<ProjectPractices> = {}) {
  const p = project(version, practices);
  for (const [key, dept] of INDUSTRIAL_PERMIT_PATH) approveItem(p.h, p.id, key, dept, T);
  return p;
}

/** What the section (the recording double) was told, in order. */
function told(h: ReturnType<typeof project>['h'], id: string, key = 'section:whole'): AcceptanceConditionsPayload[] {
  return h.context<{ conditions: AcceptanceConditionsPayload[] }>(h.at(id, key).id).conditions;
}

const NOT_STARTED = '尚未报告开工，不能申请竣工验收';

describe('project-case v11', () => {
  it('is the latest version and starts its children on V11_CHILD_VERSIONS', () => {
    expect(registry.latestVersion('project-case')).toBe(11);
    const { h, id } = permitted(11);
    expect(h.at(id, 'workStart:1').definitionVersion).toBe(V11_CHILD_VERSIONS.workStart);
    expect(h.at(id, 'section:whole').definitionVersion).toBe(V11_CHILD_VERSIONS.acceptanceSection);
    const f = project(11, { foundationFirst: true });
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 3)) approveItem(f.h, f.id, key, dept, T);
    expect(f.h.at(f.id, 'foundation').definitionVersion).toBe(V11_CHILD_VERSIONS.foundationPermit);
  });

  describe('work reported started (work-start v3 → CONSTRUCTION_WORK_STARTED)', () => {
    it('the sections are told on opening that work is not reported started, and again once it is', () => {
      const { h, id, ctx } = permitted(11);
      expect(ctx().stage).toBe('completionAcceptance');
      expect(told(h, id)).toEqual([{ applyBlockedBy: NOT_STARTED, openCommitments: [] }]);
      must(h.send(h.at(id, 'workStart:1').id, 'REPORT_WORK_STARTED', ent, LATER, { note: '已开工' }));
      expect(ctx().workStartWatches).toEqual([expect.objectContaining({ status: 'started', reportsStart: true })]);
      expect(told(h, id)).toEqual([
        { applyBlockedBy: NOT_STARTED, openCommitments: [] },
        { applyBlockedBy: null, openCommitments: [] },
      ]);
      expect(ctx().acceptanceConditionsSent).toEqual({ applyBlockedBy: null, openCommitments: [] });
    });

    it('on v10 the project never hears of the start (work-start v2) and tells its sections nothing', () => {
      const { h, id, ctx } = permitted(10);
      must(h.send(h.at(id, 'workStart:1').id, 'REPORT_WORK_STARTED', ent, LATER, { note: '已开工' }));
      expect(ctx().workStartWatches).toEqual([expect.objectContaining({ status: 'watching' })]);
      expect(ctx().acceptanceConditionsSent).toBeUndefined();
    });
  });

  describe('an earlier approval revoked, then applied for again (xb 4)', () => {
    it('blocks the application for acceptance until it is approved again', () => {
      const { h, id } = permitted(11);
      must(h.send(h.at(id, 'workStart:1').id, 'REPORT_WORK_STARTED', ent, LATER, { note: '已开工' }));
      must(h.send(h.at(id, 'item:designPlanReview').id, 'REVOKE', planning, LATER, { reason: '规划条件变更' }));
      expect(told(h, id).at(-1)).toEqual({
        applyBlockedBy: '「建设工程设计方案审查」已撤销，须重新申报后方可申请竣工验收',
        openCommitments: [],
      });
      must(h.send(id, 'REAPPLY_ITEM', ent, LATER, { itemCode: 'designPlanReview' }));
      expect(told(h, id).at(-1)?.applyBlockedBy).toBe('「建设工程设计方案审查」重新申报办理中，办结后方可申请竣工验收');
      approveItem(h, id, 'item:designPlanReview:2', 'planning', LATER);
      expect(told(h, id).at(-1)).toEqual({ applyBlockedBy: null, openCommitments: [] });
    });
  });

  describe('no construction permit in force (xa F4)', () => {
    /** The planning permit (a bundle member) revoked before the bundle was issued; the construction stage worked. */
    function bundleBlocked(version: number) {
      const p = project(version);
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 5)) approveItem(p.h, p.id, key, dept, T);
      const planningPermit = p.h.at(p.id, 'item:engineeringPlanningPermit').id;
      must(p.h.send(planningPermit, 'REVOKE', planning, T, { reason: '规划条件变更' }));
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(5)) approveItem(p.h, p.id, key, dept, T);
      return p;
    }

    it('v11: completion acceptance does not open (no section) until the permit is issued with its bundle', () => {
      const { h, id, ctx } = bundleBlocked(11);
      expect(ctx().items.constructionPermit.status).toBe('approved');
      expect(ctx().certificates.constructionPermit).toBeUndefined();
      expect(ctx().stage).toBe('constructionPermit');
      expect(h.get(id).children['section:whole']).toBeUndefined();
      must(h.send(id, 'REAPPLY_ITEM', ent, LATER, { itemCode: 'engineeringPlanningPermit' }));
      approveItem(h, id, 'item:engineeringPlanningPermit:2', 'planning', LATER);
      expect(ctx().certificates.constructionPermit).toMatchObject({ status: 'valid', issuedAt: LATER });
      expect(ctx().stage).toBe('completionAcceptance');
      expect(told(h, id)).toEqual([{ applyBlockedBy: NOT_STARTED, openCommitments: [] }]);
    });

    it('v10 opened the sections with no permit issued', () => {
      const { h, id, ctx } = bundleBlocked(10);
      expect(ctx().certificates.constructionPermit).toBeUndefined();
      expect(ctx().stage).toBe('completionAcceptance');
      expect(h.get(id).children['section:whole']).toBeDefined();
    });

    it('a permit that lapsed (work not started in time) blocks acceptance: 已失效', () => {
      const { h, id } = permitted(11);
      must(h.fire(h.at(id, 'workStart:1').id, 'workStart:due', '2026-06-10T16:00:00.000Z'));
      expect(told(h, id).at(-1)?.applyBlockedBy).toBe('建筑工程施工许可证已失效，须重新申报后方可申请竣工验收');
    });
  });

  it('the permit not in force reads by its cause: ±0.000以上 under 桩基先行, 已撤销 when revoked', () => {
    const f = project(11, { foundationFirst: true });
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 3)) approveItem(f.h, f.id, key, dept, T);
    expect(applyBlockedBy(f.ctx(), suizhouHighTechZoneCatalogV2)).toBe('±0.000以上施工许可尚未核发，不能申请竣工验收');
    const { ctx } = permitted(11);
    const cert = ctx().certificates.constructionPermit;
    const revoked = {
      ...ctx(),
      certificates: { ...ctx().certificates, constructionPermit: { ...cert, status: 'revoked' as const } },
    };
    expect(applyBlockedBy(revoked, suizhouHighTechZoneCatalogV2)).toBe(
      '建筑工程施工许可证已撤销，须重新申报后方可申请竣工验收',
    );
    const plain = project(11);
    expect(applyBlockedBy(plain.ctx(), suizhouHighTechZoneCatalogV2)).toBe(
      '建筑工程施工许可证尚未核发，不能申请竣工验收',
    );
  });

  it('open commitments (告知承诺) are listed with their item and kind until fulfilled', () => {
    const { h, id } = project(11, { notifyCommit: true });
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 4)) approveItem(h, id, key, dept, T);
    const item = acceptItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
    must(h.send(item, 'REQUEST_NOTIFY_COMMITMENT', ent, T, { commitmentSigned: true, conditions: ['退让'] }));
    must(
      h.send(h.at(id, 'item:engineeringPlanningPermit', 'notifyCommitment:1').id, 'DECIDE_ON_COMMITMENT', planning, T),
    );
    for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(5)) approveItem(h, id, key, dept, T);
    expect(told(h, id)).toEqual([
      {
        applyBlockedBy: NOT_STARTED,
        openCommitments: [
          { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证核发', kind: 'notifyCommitment' },
        ],
      },
    ]);
  });

  describe('a complete project with a revoked approval (xb 3, xa F3): REAPPLY_ITEM offered and accepted', () => {
    function completedThenRevoked(version: number) {
      const p = permitted(version);
      must(p.h.send(p.h.at(p.id, 'workStart:1').id, 'REPORT_WORK_STARTED', ent, LATER, { note: '已开工' }));
      must(p.h.send(p.id, 'SECTION_ACCEPTED', actors.system, LATER, { sectionKey: 'whole' }));
      expect(p.ctx().stage).toBe('complete');
      must(p.h.send(p.h.at(p.id, 'item:designPlanReview').id, 'REVOKE', planning, LATER, { reason: '规划条件变更' }));
      return { ...p, def: test.getDefinition('project-case', version)! };
    }

    it('v11: not done, labelled, REAPPLY_ITEM offered to the enterprise and accepted', () => {
      const { h, id, def } = completedThenRevoked(11);
      const summary = def.describe(h.get(id).snapshot);
      expect(summary).toMatchObject({
        done: false,
        statusLabel: '已竣工验收（有审批已撤销，待重新申报）',
        waitingOn: 'enterprise',
      });
      expect(def.allowedEvents(h.get(id).snapshot, ent).map((e) => e.type)).toContain('REAPPLY_ITEM');
      must(h.send(id, 'REAPPLY_ITEM', ent, LATER, { itemCode: 'designPlanReview' }));
      expect(def.describe(h.get(id).snapshot)).toMatchObject({ done: true, statusLabel: '已竣工验收' });
    });

    it('v10 read done (the case view then offered nothing)', () => {
      const { h, id, def } = completedThenRevoked(10);
      expect(def.describe(h.get(id).snapshot).done).toBe(true);
    });
  });

  describe('a re-applied item is a new application (xa F7): 撤件 until one of it is decided', () => {
    function reapplied(version: number) {
      const p = project(version);
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 3)) approveItem(p.h, p.id, key, dept, T);
      const use = p.h.at(p.id, 'item:landUsePlanningPermit').id;
      must(p.h.send(use, 'REVOKE', planning, T, { reason: '用地条件变更' }));
      must(p.h.send(p.id, 'REAPPLY_ITEM', ent, LATER, { itemCode: 'landUsePlanningPermit' }));
      const again = p.h.at(p.id, 'item:landUsePlanningPermit:2');
      const def = test.getDefinition('approval-item', again.definitionVersion)!;
      return { ...p, again, offered: () => def.allowedEvents(p.h.get(again.id).snapshot, ent).map((e) => e.type) };
    }

    it('v11: WITHDRAW is offered and accepted', () => {
      const { h, again, offered } = reapplied(11);
      expect(offered()).toContain('WITHDRAW');
      must(h.send(again.id, 'WITHDRAW', ent, LATER, { reason: '重新准备材料' }));
    });

    it('v10 handed it the old application’s decided flag: no 撤件', () => {
      const { h, again, offered } = reapplied(10);
      expect(offered()).not.toContain('WITHDRAW');
      expect(h.send(again.id, 'WITHDRAW', ent, LATER, { reason: '重新准备材料' })).toMatchObject({ ok: false });
    });
  });

  describe('migration v10 → v11', () => {
    const migration = () => registry.getMigration('project-case', 10, 11)!;

    it('moves every case as it is', () => {
      const { h, id } = permitted(10);
      const snapshot = h.get(id).snapshot;
      expect(migration().migrate(snapshot)).toEqual({ ok: true, snapshot });
    });

    it('a moved case in completion acceptance does not tell its v10 sections (acceptance-section v4) anything', () => {
      const { h, id, ctx } = permitted(10);
      expect(h.migrate(id, 11, actors.admin, LATER)).toEqual({ ok: true });
      must(h.send(h.at(id, 'item:designPlanReview').id, 'REVOKE', planning, LATER, { reason: '规划条件变更' }));
      expect(ctx().acceptanceConditionsSent).toBeUndefined();
    });

    it('a moved case before its permit opens acceptance on v11: the sections are told on opening', () => {
      const p = project(10);
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 6)) approveItem(p.h, p.id, key, dept, T);
      expect(p.h.migrate(p.id, 11, actors.admin, T)).toEqual({ ok: true });
      approveItem(p.h, p.id, 'item:constructionPermit', 'housing', T);
      expect(told(p.h, p.id)).toEqual([{ applyBlockedBy: NOT_STARTED, openCommitments: [] }]);
      expect(p.h.at(p.id, 'workStart:1').definitionVersion).toBe(V11_CHILD_VERSIONS.workStart);
    });
  });

  it('housing clerk cannot send the project’s notice of a start (system only)', () => {
    const { h, id } = permitted(11);
    expect(
      h.send(id, 'CONSTRUCTION_WORK_STARTED', housing, LATER, { certificate: 'constructionPermit' }),
    ).toMatchObject({ ok: false });
  });
});

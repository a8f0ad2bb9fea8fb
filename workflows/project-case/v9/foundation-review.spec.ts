/**
 * project-case v9 (v9/foundation-review.ts): under 桩基先行 the whole-process clock counts the housing department's
 * review of the foundation-stage permit and of the above-ground (±0.000以上) permit, and stands while the enterprise
 * holds them. v8 (foundation-permit v5, which says nothing) stands through both reviews under 桩基先行施工期间.
 */
import { actors } from '../../testing/fixtures';
import { approveItem, must } from '../../testing/drive';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { FOUNDATION_APPLICATION } from '../../testing/scenario-data';
import { defaultCalendar } from '../../calendar';
import { resolveDeadline } from '../../calendar/deadline';
import { registry } from '../../registry';
import { V9_CHILD_VERSIONS } from '../../protocol';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, housing, T } from '../project-case.fixtures';

// 09:00 CST on working days of March 2026 (no holiday in it): T is Monday 03-02.
const FOUNDATION_APPLIED = '2026-03-04T01:00:00.000Z'; // Wed
const FOUNDATION_ISSUED = '2026-03-09T01:00:00.000Z'; // Mon: reviewed Wed–Fri, 3 working days
const WORK_STARTED = '2026-03-10T01:00:00.000Z';
const ABOVE_APPLIED = '2026-03-12T01:00:00.000Z'; // Thu
const ABOVE_REFUSED = '2026-03-13T01:00:00.000Z'; // Fri: reviewed Thu, 1 working day
const ABOVE_REAPPLIED = '2026-03-16T01:00:00.000Z'; // Mon
const ABOVE_ISSUED = '2026-03-19T01:00:00.000Z'; // Thu: reviewed Mon–Wed, 3 working days
const LATER = '2026-03-25T01:00:00.000Z';

/**
 * An industrial 桩基先行 project whose permit-path items are all decided on T, so from T only the foundation permit
 * is left: the enterprise applies for it afterwards, the above-ground permit is refused once and issued.
 */
function foundationLife(version: number) {
  const { h, id } = industrialProject(version, { name: '桩基项目', at: T, practices: { foundationFirst: true } });
  // Every item of the path but the construction permit itself, which the foundation permit's stages stand for.
  for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, -1)) approveItem(h, id, key, dept, T);
  const ctx = () => h.context<ProjectCaseContext>(id);
  expect(ctx().stage).toBe('constructionPermit');
  const fId = h.at(id, 'foundation').id;
  const timerState = () => registry.getDefinition('project-case', version)!.describe(h.get(id).snapshot).timerState;

  must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, FOUNDATION_APPLIED, FOUNDATION_APPLICATION));
  const underFoundationReview = timerState();
  must(h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, FOUNDATION_ISSUED));
  must(h.send(fId, 'WORK_STARTED', ent, WORK_STARTED));
  const withEnterprise = timerState();
  must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, ABOVE_APPLIED));
  const underAboveGroundReview = timerState();
  must(h.send(fId, 'REFUSE_ABOVE_GROUND_PERMIT', housing, ABOVE_REFUSED, { reason: '上部结构设计变更未审' }));
  must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, ABOVE_REAPPLIED));
  must(h.send(fId, 'ISSUE_ABOVE_GROUND_PERMIT', housing, ABOVE_ISSUED));
  expect(ctx().stage).toBe('completionAcceptance');
  const elapsed = resolveDeadline(defaultCalendar, ctx().wholeProcess).elapsed;
  return {
    h,
    id,
    fId,
    ctx,
    elapsed,
    states: { underFoundationReview, withEnterprise, underAboveGroundReview },
  };
}

describe('project-case v9: the 桩基先行 permits’ review counts on the whole-process clock', () => {
  it('runs while the housing department reviews either permit and stands while the enterprise holds them', () => {
    const { h, fId, ctx, states } = foundationLife(9);
    expect(h.get(fId).definitionVersion).toBe(V9_CHILD_VERSIONS.foundationPermit);
    expect(states).toEqual({
      underFoundationReview: 'normal',
      withEnterprise: 'paused',
      underAboveGroundReview: 'normal',
    });
    // 桩基先行 (待±0.000以上施工许可) only while the enterprise holds the permits; 施工期间 once above ground.
    expect(ctx().clockPauses).toEqual([
      { from: T, to: FOUNDATION_APPLIED, reason: 'foundationFirst' },
      { from: FOUNDATION_ISSUED, to: ABOVE_APPLIED, reason: 'foundationFirst' },
      { from: ABOVE_REFUSED, to: ABOVE_REAPPLIED, reason: 'foundationFirst' },
      { from: ABOVE_ISSUED, to: null, reason: 'construction' },
    ]);
    expect(ctx().foundationWithDepartment).toBe(false);
  });

  it('counts the department’s review days on the working-day calendar: 3 + 1 + 3', () => {
    const { elapsed } = foundationLife(9);
    expect(
      [FOUNDATION_APPLIED, FOUNDATION_ISSUED, ABOVE_APPLIED, ABOVE_REFUSED, ABOVE_REAPPLIED, ABOVE_ISSUED, LATER].map(
        elapsed,
      ),
    ).toEqual([0, 3, 3, 4, 4, 7, 7]);
  });

  it('v8 is unchanged: its foundation permit (v5) says nothing and the clock stands through both reviews', () => {
    const { h, fId, ctx, elapsed, states } = foundationLife(8);
    expect(h.get(fId).definitionVersion).toBe(5);
    expect(states).toEqual({
      underFoundationReview: 'paused',
      withEnterprise: 'paused',
      underAboveGroundReview: 'paused',
    });
    // One 桩基先行 pause from T over both reviews, then 施工期间 once above ground.
    expect(ctx().clockPauses).toEqual([
      { from: T, to: ABOVE_ISSUED, reason: 'foundationFirst' },
      { from: ABOVE_ISSUED, to: null, reason: 'construction' },
    ]);
    expect(ctx().foundationWithDepartment).toBeUndefined();
    expect(elapsed(LATER)).toBe(0);
  });

  describe('migration v8 → v9', () => {
    const landPlanningDone = (h: ReturnType<typeof industrialProject>['h'], id: string) => {
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 3)) approveItem(h, id, key, dept, T);
      return h.at(id, 'foundation').id;
    };

    it('a foundation permit started on v8 keeps v5, silent: the clock stands through its review as on v8', () => {
      const { h, id } = industrialProject(8, { name: '桩基项目', at: T, practices: { foundationFirst: true } });
      const fId = landPlanningDone(h, id);
      approveItem(h, id, 'item:designPlanReview', 'planning', T);
      approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', T);
      approveItem(h, id, 'item:constructionDrawingReview', 'housing', T);
      expect(h.migrate(id, 9, actors.admin, T)).toEqual({ ok: true });
      expect(h.get(fId).definitionVersion).toBe(5);
      must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, FOUNDATION_APPLIED, FOUNDATION_APPLICATION));
      expect(registry.getDefinition('project-case', 9)!.describe(h.get(id).snapshot).timerState).toBe('paused');
      expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBeUndefined();
    });

    it('a foundation permit started after the move runs on v6 and its review counts', () => {
      const { h, id } = industrialProject(8, { name: '桩基项目', at: T, practices: { foundationFirst: true } });
      expect(h.migrate(id, 9, actors.admin, T)).toEqual({ ok: true });
      const fId = landPlanningDone(h, id);
      expect(h.get(fId).definitionVersion).toBe(6);
      must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, FOUNDATION_APPLIED, FOUNDATION_APPLICATION));
      expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBe(true);
    });
  });
});

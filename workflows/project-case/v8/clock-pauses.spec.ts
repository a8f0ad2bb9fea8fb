/**
 * project-case v8 (v8/clock-pauses.ts): the whole-process clock's pauses say truly what the project waits on, and
 * none lasts nothing. v7 (and v3–v6) keep their records: 施工期间 through a re-application, 待企业申报下一阶段 for no
 * time at each stage's end, 待企业整改 for a section still being built and 施工期间 for one being rectified.
 */
import { actors } from '../../testing/fixtures';
import { acceptItem, approveItem, must } from '../../testing/drive';
import type { Harness } from '../../testing/harness';
import { INDUSTRIAL_PERMIT_PATH, industrialProject } from '../../testing/project-fixture';
import { defaultCalendar } from '../../calendar';
import { resolveDeadline } from '../../calendar/deadline';
import { registry } from '../../registry';
import type { AcceptanceSectionContext } from '../../acceptance-section/acceptance-section.machine';
import type { ProjectCaseContext } from '../project-case.machine';
import { ent, foundationIssued, planning, T } from '../project-case.fixtures';

const BUILT = '2026-04-01T01:00:00.000Z';
const REVOKED = '2026-04-15T01:00:00.000Z';
const REAPPLIED = '2026-04-22T01:00:00.000Z';
const APPLIED = '2026-05-06T01:00:00.000Z';
const FOUND = '2026-05-08T01:00:00.000Z';
const FIXED = '2026-05-15T01:00:00.000Z';

/** Each item of the permit path decided on its own day, from 2026-03-03 on (the permit on BUILT). */
function dayOf(i: number): string {
  return new Date(Date.parse('2026-03-03T01:00:00.000Z') + i * 2 * 86_400_000).toISOString();
}

function pastPermit(version: number) {
  const { h, id } = industrialProject(version, { name: '厂房项目', at: T });
  INDUSTRIAL_PERMIT_PATH.forEach(([key, dept], i) =>
    approveItem(h, id, key, dept, key === 'item:constructionPermit' ? BUILT : dayOf(i)),
  );
  return { h, id, ctx: () => h.context<ProjectCaseContext>(id) };
}

function recordAll(h: Harness, sectionId: string, at: string, rectify: string[] = []) {
  must(h.send(sectionId, 'START_JOINT_INSPECTION', actors.clerk('housing'), at));
  for (const a of h.context<AcceptanceSectionContext>(sectionId).acceptanceItems) {
    must(
      h.send(sectionId, 'RECORD_RESULT', actors.clerk(a.department), at, {
        acceptanceItem: a.code,
        result: rectify.includes(a.code) ? 'rectify' : 'pass',
      }),
    );
  }
  if (h.state(sectionId) === 'jointInspection') {
    must(
      h.send(sectionId, 'RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), at, {
        totalFloorArea: 1,
        greenRatio: 0.5,
      }),
    );
  }
}

/** The permit path, a rectification round and the acceptance: the whole life of an industrial project. */
function wholeLife(version: number) {
  const { h, id, ctx } = pastPermit(version);
  const section = h.at(id, 'section:whole').id;
  must(h.send(section, 'APPLY', ent, APPLIED));
  recordAll(h, section, FOUND, ['qualityAcceptance']);
  expect(h.state(section)).toBe('rectifying');
  const rectifying = ctx().clockPauses!.at(-1);
  must(h.send(section, 'REPORT_RECTIFIED', ent, FIXED));
  for (const a of h.context<AcceptanceSectionContext>(section).acceptanceItems) {
    if (h.context<AcceptanceSectionContext>(section).results[a.code].result !== 'pending') continue;
    must(
      h.send(section, 'RECORD_RESULT', actors.clerk(a.department), FIXED, { acceptanceItem: a.code, result: 'pass' }),
    );
  }
  expect(ctx().stage).toBe('complete');
  return { h, id, ctx, rectifying };
}

/** An industrial plant past its construction permit, its 建设工程规划许可证 then revoked. */
function revokedPlanningPermit(version: number) {
  const { h, id, ctx } = pastPermit(version);
  must(h.send(h.at(id, 'item:engineeringPlanningPermit').id, 'REVOKE', planning, REVOKED, { reason: '依法撤销' }));
  return { h, id, ctx };
}

describe('project-case v8: the whole-process clock’s pauses', () => {
  it('a stage reopened by a revocation waits for the re-application, not for the acceptance (v7: 施工期间)', () => {
    const { h, id, ctx } = revokedPlanningPermit(8);
    expect(ctx().clockPauses!.slice(-2)).toEqual([
      { from: BUILT, to: REVOKED, reason: 'construction' },
      { from: REVOKED, to: null, reason: 'reapplication' },
    ]);
    // One pause for the deadline's arithmetic: the clock stood throughout.
    expect(ctx().wholeProcess.pauses.at(-1)).toEqual({ from: BUILT });

    must(h.send(id, 'REAPPLY_ITEM', ent, REAPPLIED, { itemCode: 'engineeringPlanningPermit' }));
    expect(ctx().clockPauses!.at(-1)).toEqual({ from: REVOKED, to: REAPPLIED, reason: 'reapplication' });
    expect(ctx().wholeProcess.pauses.at(-1)).toEqual({ from: BUILT, to: REAPPLIED });

    expect(revokedPlanningPermit(7).ctx().clockPauses!.at(-1)).toEqual({
      from: BUILT,
      to: null,
      reason: 'construction',
    });
  });

  it('a refused item waiting for its re-application reads so (v7: 待企业申报下一阶段)', () => {
    const refused = (version: number) => {
      const { h, id } = industrialProject(version, { name: '不予许可', at: T });
      for (const [key, dept] of INDUSTRIAL_PERMIT_PATH.slice(0, 2)) approveItem(h, id, key, dept, T);
      const item = acceptItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
      must(h.send(item, 'REFUSE', planning, REVOKED, { reason: '不符合控制性详细规划' }));
      return h.context<ProjectCaseContext>(id).clockPauses!.at(-1);
    };
    expect(refused(8)).toEqual({ from: REVOKED, to: null, reason: 'reapplication' });
    expect(refused(7)).toEqual({ from: REVOKED, to: null, reason: 'betweenStages' });
  });

  it('no pause lasts nothing over a whole project; the days counted are v7’s', () => {
    const v8 = wholeLife(8).ctx();
    const v7 = wholeLife(7).ctx();
    const zeroLength = (c: ProjectCaseContext) => [
      ...c.clockPauses!.filter((p) => p.from === p.to),
      ...c.wholeProcess.pauses.filter((p) => p.from === p.to),
    ];
    expect(zeroLength(v7).length).toBeGreaterThan(0);
    expect(zeroLength(v8)).toEqual([]);
    expect(v8.clockPauses).toEqual([
      { from: BUILT, to: APPLIED, reason: 'construction' },
      { from: FOUND, to: FIXED, reason: 'rectification' },
    ]);
    expect(v8.wholeProcess.pauses).toEqual([
      { from: BUILT, to: APPLIED },
      { from: FOUND, to: FIXED },
    ]);
    // v7's last pause opened as the project completed and never closed: compare up to the completion.
    const counted = (c: ProjectCaseContext) => {
      const r = resolveDeadline(defaultCalendar, c.wholeProcess);
      return [dayOf(3), BUILT, APPLIED, FOUND, FIXED].map((at) => r.elapsed(at));
    };
    expect(counted(v8)).toEqual(counted(v7));
    expect(counted(v8)[4]).toBeGreaterThan(counted(v8)[1]);
    expect(v7.clockPauses!.at(-1)).toMatchObject({ from: FIXED, to: null });
  });

  it('a section handed back for rectification reads 整改 (v7: 施工期间 while no section was accepted)', () => {
    expect(wholeLife(8).rectifying).toEqual({ from: FOUND, to: null, reason: 'rectification' });
    expect(wholeLife(7).rectifying).toEqual({ from: FOUND, to: null, reason: 'construction' });
  });

  it('a section still being built after another was accepted reads 施工期间 (v7: 待企业整改)', () => {
    const staged = (version: number) => {
      const h = industrialProject(version, { name: '分段项目', at: T }).h;
      const id = h.create(
        'p2',
        'project-case',
        version,
        {
          projectId: 'p2',
          name: '分段项目',
          enterpriseId: ent.enterpriseId,
          category: 'socialInvestment',
          practices: {
            foundationFirst: false,
            tolerance: false,
            notifyCommit: false,
            jointIssuance: true,
            stagedAcceptance: true,
          },
          flags: { industrial: true, specialConstruction: false, civilDefense: 'exempt' },
          sections: [
            { key: 'a', name: '炭化车间' },
            { key: 'b', name: '石墨化车间' },
          ],
        },
        ent,
        T,
      );
      INDUSTRIAL_PERMIT_PATH.forEach(([key, dept]) => approveItem(h, id, key, dept, BUILT));
      const a = h.at(id, 'section:a').id;
      must(h.send(a, 'APPLY', ent, APPLIED));
      recordAll(h, a, FOUND);
      expect(h.state(a)).toBe('accepted');
      return h.context<ProjectCaseContext>(id).clockPauses!.at(-1);
    };
    expect(staged(8)).toEqual({ from: FOUND, to: null, reason: 'construction' });
    expect(staged(7)).toEqual({ from: FOUND, to: null, reason: 'rectification' });
  });

  it('under 桩基先行 the construction stage waits on the above-ground permit (v7: 待企业申报下一阶段)', () => {
    const waiting = (version: number) => {
      const { h, id } = foundationIssued(version);
      approveItem(h, id, 'item:engineeringPlanningPermit', 'planning', dayOf(3));
      approveItem(h, id, 'item:constructionDrawingReview', 'housing', dayOf(4));
      const ctx = h.context<ProjectCaseContext>(id);
      expect(ctx.stage).toBe('constructionPermit');
      return ctx.clockPauses!.at(-1);
    };
    expect(waiting(8)).toEqual({ from: dayOf(4), to: null, reason: 'foundationFirst' });
    expect(waiting(7)).toEqual({ from: dayOf(4), to: null, reason: 'betweenStages' });
  });

  it('a v7 case moved to v8 keeps its open pause and its reason until the pause ends', () => {
    const { h, id, ctx } = revokedPlanningPermit(7);
    const moved = '2026-07-10T01:00:00.000Z';
    expect(h.migrate(id, 8, actors.admin, moved)).toEqual({ ok: true });
    expect(registry.getDefinition('project-case', 8)!.describe(h.get(id).snapshot).timerState).toBe('paused');
    must(h.send(id, 'REAPPLY_ITEM', ent, REAPPLIED, { itemCode: 'engineeringPlanningPermit' }));
    expect(ctx().clockPauses!.at(-1)).toEqual({ from: BUILT, to: REAPPLIED, reason: 'construction' });
  });
});

/**
 * The traditional baseline does not depend on the project's own choices (findings xb 8), and the fast track of a
 * 带方案出让 project pre-reviews the design plan as project-case v4 does (findings xb 17). Run as the report runs
 * them (src/reports/savings-report.service.ts savingsOf): catalog v2 narrowed by the project's flags, the plan
 * from the case's history, the case's bundle (none without 联合发证: the report falls back to 六证联发).
 *
 * Filed Wed 2023-03-01, exempt from 人防, not a 特殊建设工程, default plan (one section, 240 natural days).
 * Promised / statutory working days: 项目备案 1/3, 首次登记 5/30, 用地规划许可 5/20, 设计方案审查 10/20,
 * 工程规划许可 5/20, 施工图联合审查 10/20, 施工许可 3/7; joint acceptance 15.
 */
import { suizhouHighTechZoneCatalogV2 as v2 } from '../catalog';
import type { ProjectFlags } from '../catalog/types';
import { defaultCalendar } from '../calendar';
import { catalogForProject, planFromHistory, simulateSavings, type HistoryEvent, type SavingsResult } from '.';

interface Filing {
  industrial: boolean;
  jointIssuance: boolean;
  category: string;
  definitionVersion: number;
}

function report(f: Filing): SavingsResult {
  const flags: ProjectFlags = { industrial: f.industrial, specialConstruction: false, civilDefense: 'exempt' };
  const catalog = catalogForProject(v2, flags);
  const created: HistoryEvent = {
    path: [],
    type: 'INSTANCE_CREATED',
    payload: { category: f.category, practices: { jointIssuance: f.jointIssuance }, flags },
    occurredAt: '2023-03-01T01:00:00.000Z',
  };
  const byProject = v2.jointIssuanceByProject!;
  const bundle = f.jointIssuance
    ? (f.industrial ? byProject.industrial : byProject.other).certificates
    : v2.bundles[2].certificates;
  const plan = planFromHistory(catalog, defaultCalendar, [created], {
    bundleCertificates: bundle,
    definitionVersion: f.definitionVersion,
  });
  return simulateSavings(catalog, defaultCalendar, plan);
}

const bar = (r: SavingsResult, line: 'baseline' | 'fastTrack', key: string) => r[line].bars.find((b) => b.key === key);
const permitDay = (r: SavingsResult, line: 'baseline' | 'fastTrack') =>
  r[line].milestones.constructionPermit.workingDaysFromStart;

describe('the traditional baseline is the same whatever the project chose (xb 8)', () => {
  const social = { category: 'socialInvestment', definitionVersion: 3 };

  it('a non-industrial project with 四证联发 has the baseline of the same project without it', () => {
    const joint = report({ ...social, industrial: false, jointIssuance: true });
    const alone = report({ ...social, industrial: false, jointIssuance: false });
    expect(joint.baseline).toEqual(alone.baseline);
    // All six certificates one by one on statutory limits: 30 (首次登记) → 50 → 70 → 90 → 110 → 117.
    expect(permitDay(joint, 'baseline')).toBe(117);
    // The drawing review certificate waits for the planning permit although 四证联发 does not hold it.
    expect(bar(joint, 'baseline', 'wait:constructionDrawingReview')).toBeDefined();
    expect(bar(joint, 'baseline', 'wait:landUsePlanningPermit')).toBeDefined();
  });

  it('and so saves at least as much with 联合发证 as without', () => {
    const joint = report({ ...social, industrial: false, jointIssuance: true });
    const alone = report({ ...social, industrial: false, jointIssuance: false });
    expect(joint.savedWorkingDays).toBeGreaterThanOrEqual(alone.savedWorkingDays);
    expect(joint.savedByMilestone.constructionPermit.workingDays).toBe(117 - 29);
    expect(alone.savedByMilestone.constructionPermit.workingDays).toBe(117 - 38);
  });

  it('industrial (六证联发) or not, the baseline is the same', () => {
    const industrial = report({ ...social, industrial: true, jointIssuance: true });
    const other = report({ ...social, industrial: false, jointIssuance: true });
    expect(industrial.baseline).toEqual(other.baseline);
  });

  it('the assumptions say the traditional way issues every certificate one by one, whatever the bundle', () => {
    const text = report({ ...social, industrial: false, jointIssuance: true }).assumptions.join('');
    expect(text).toContain('不联合发证，本项目的全部证书按目录顺序逐一办理');
    expect(text).toContain('传统方式与本项目是否联合发证、联发哪几证无关');
    expect(text).toContain('传统方式按法定时限计算');
  });
});

describe('a 带方案出让 project pre-reviews the design plan in the fast track (xb 17)', () => {
  const landWithPlan = { category: 'landWithDesignPlan', industrial: false };

  it('project-case v4: the review starts when the filing is approved, not after the land permits', () => {
    const r = report({ ...landWithPlan, jointIssuance: true, definitionVersion: 4 });
    expect(bar(r, 'fastTrack', 'item:projectFiling')).toMatchObject({ start: '2023-03-01', end: '2023-03-02' });
    expect(bar(r, 'fastTrack', 'item:designPlanReview')).toMatchObject({
      start: '2023-03-02',
      end: '2023-03-16',
      workingDays: 10,
    });
    // 1 (备案) + 10 (设计方案) + 10 (施工图联合审查, opens on the design plan) + 3 (施工许可) = 24, against 29 when
    // the review waits for the 用地规划许可 (1 + 5 + 10 + 10 + 3).
    expect(permitDay(r, 'fastTrack')).toBe(24);
    // With the joint acceptance the government's critical path is 24 + 15 = 39 working days (the 40-day target).
    const acceptance = bar(r, 'fastTrack', 'acceptance');
    expect(permitDay(r, 'fastTrack') + (acceptance?.workingDays ?? 0)).toBe(39);
  });

  it('the traditional baseline keeps the catalog order: the design plan after the land stage', () => {
    const r = report({ ...landWithPlan, jointIssuance: true, definitionVersion: 4 });
    const before = report({ ...landWithPlan, jointIssuance: true, definitionVersion: 3 });
    expect(r.baseline).toEqual(before.baseline);
    expect(bar(r, 'baseline', 'item:designPlanReview')?.start).toBe(
      bar(r, 'baseline', 'item:landUsePlanningPermit')?.end,
    );
  });

  it('without 联合发证 the pre-review still starts on the filing (the case opens it either way)', () => {
    const r = report({ ...landWithPlan, jointIssuance: false, definitionVersion: 4 });
    expect(bar(r, 'fastTrack', 'item:designPlanReview')?.start).toBe('2023-03-02');
    expect(bar(r, 'fastTrack', 'wait:designPlanReview')).toBeUndefined();
    expect(permitDay(r, 'fastTrack')).toBe(29);
  });

  it('the pre-review is not one of the five practices: each practice switched off alone keeps it', () => {
    const r = report({ ...landWithPlan, jointIssuance: true, definitionVersion: 4 });
    // 联合发证 off, pre-review kept: 首次登记 5 → 用地规划许可 10 → 工程规划许可 16 → 施工许可 waits for the
    // drawing review (21) anyway: 0. Without the pre-review (v3) the planning permit is on the path and 四证
    // one by one costs days.
    expect(r.byPractice.jointIssuance.savedWorkingDays).toBe(0);
    const v3 = report({ ...landWithPlan, jointIssuance: true, definitionVersion: 3 });
    expect(v3.byPractice.jointIssuance.savedWorkingDays).toBeGreaterThan(0);
    expect(r.savedByMilestone.constructionPermit.workingDays).toBe(117 - 24);
  });

  it('the assumptions say what the fast track does and that the baseline does not', () => {
    const text = report({ ...landWithPlan, jointIssuance: true, definitionVersion: 4 }).assumptions.join('');
    expect(text).toContain('带方案出让：快速通道按本项目的办理流程，建设工程设计方案审查在企业投资项目备案后即预审');
    expect(text).toContain('传统方式按目录顺序，在土地阶段办结后审查');
  });

  it('no pre-review before project-case v4, nor for another category', () => {
    const v3 = report({ ...landWithPlan, jointIssuance: true, definitionVersion: 3 });
    expect(bar(v3, 'fastTrack', 'item:designPlanReview')?.start).toBe('2023-03-09');
    expect(permitDay(v3, 'fastTrack')).toBe(29);
    expect(v3.assumptions.join('')).not.toContain('带方案出让');
    const social = report({
      category: 'socialInvestment',
      industrial: false,
      jointIssuance: true,
      definitionVersion: 4,
    });
    expect(permitDay(social, 'fastTrack')).toBe(29);
  });
});

/**
 * The savings simulator: one project run on the catalog and the working-day calendar twice — fast-track (the
 * practices it used) and traditional (none of them, statutory limits) — and once more per practice with that
 * practice alone switched off, to give each practice's share. Pure: dates in, dates out.
 *
 * The model (docs/savings.md states it with the arithmetic):
 * - Stages open one after another; inside a stage items run in parallel, each after the items it dependsOn.
 * - Each government step takes its full limit (day 0 is the day it starts; it ends on the limit-th working day
 *   after), so a department's being quicker than its limit is never counted as a practice's saving.
 * - 容缺 off: the application waits for the missing material (the enterprise's supplement time) before it runs.
 * - 告知承诺 off: the item takes its limit instead of a decision in one working day.
 * - 联合发证 off: the bundle's certificates one by one — each applied for once the previous one (catalog order)
 *   is in hand. The traditional run issues every certificate the project's items yield one by one: its baseline
 *   does not depend on the bundle the project chose (四证 or 六证联发) nor on whether it chose one.
 * - The fast track follows the project's process: a 带方案出让 project's case (v4) pre-reviews the design plan
 *   after the filing (plan.preReviewed); the traditional run keeps the catalog's order.
 * - 桩基先行 off: work starts with the full construction permit, not the foundation-stage permit (issued within
 *   the construction permit's limit once the design plan is approved).
 * - 分段竣工验收 off: one joint acceptance after the last section is ready.
 * - Construction (work start → section ready) and the lag before work start are the enterprise's time, the same
 *   natural days in both runs.
 */
import type { Catalog, CatalogItem } from '../catalog/types';
import { naturalDaysBetween, type IsoDate, type WorkingDayCalendar } from '../calendar';
import type { TimeUnit } from '../contract';
import {
  MILESTONE_NAMES,
  PRACTICE_NAMES,
  type MilestoneKey,
  type PracticeEffect,
  type PracticeKey,
  type Practices,
  type SavingsPlan,
  type SavingsResult,
  type Timeline,
  type TimelineBar,
} from './types';

/** 随州 issued a 建设工程规划许可证 in one working day on commitment (DOMAIN.md, 告知承诺制). */
export const NOTIFY_COMMIT_DECISION_DAYS = 1;

interface Limit {
  amount: number;
  unit: TimeUnit;
}

/** The statutory limit when the catalog carries one (`statutoryLimit`), else the promised limit. */
export function statutoryLimitOf(item: CatalogItem): { limit: Limit; statutory: boolean } {
  if (item.statutoryLimit) return { limit: item.statutoryLimit, statutory: true };
  return { limit: item.promisedLimit, statutory: false };
}

export function catalogHasStatutoryLimits(catalog: Catalog): boolean {
  return catalog.items.some((i) => statutoryLimitOf(i).statutory);
}

const LIMIT_UNIT: Record<TimeUnit, string> = { workingDays: '个工作日', naturalDays: '日', months: '个月' };

class Clock {
  readonly touched = new Set<number>();
  constructor(private readonly calendar: WorkingDayCalendar) {}

  add(date: IsoDate, limit: Limit): IsoDate {
    if (limit.unit === 'workingDays') return this.working(date, limit.amount);
    if (limit.unit === 'naturalDays') return this.calendar.addNaturalDays(date, limit.amount);
    return this.calendar.addMonths(date, limit.amount);
  }

  working(date: IsoDate, n: number): IsoDate {
    const r = this.calendar.addWorkingDays(date, n);
    r.uncoveredYears.forEach((y) => this.touched.add(y));
    return r.date;
  }

  between(a: IsoDate, b: IsoDate): number {
    const r = this.calendar.workingDaysBetween(a, b);
    r.uncoveredYears.forEach((y) => this.touched.add(y));
    return r.days;
  }

  natural(date: IsoDate, n: number): IsoDate {
    return this.calendar.addNaturalDays(date, n);
  }
}

const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);
const earlier = (a: IsoDate, b: IsoDate): IsoDate => (a < b ? a : b);

/** Which process a run models: the project's own (fast track, or it with practices switched off), or the traditional one. */
export type RunProcess = 'fastTrack' | 'traditional';

interface RunOptions {
  practices: Practices;
  limitOf: (item: CatalogItem) => Limit;
  process: RunProcess;
}

/** One run of the project on the calendar. */
export function runTimeline(
  catalog: Catalog,
  calendar: WorkingDayCalendar,
  plan: SavingsPlan,
  options: RunOptions,
): { timeline: Timeline; uncoveredYears: number[] } {
  const clock = new Clock(calendar);
  const on = options.practices;
  const bars: TimelineBar[] = [];
  const start = clock.working(plan.startDate, 0);
  const ends = new Map<string, IsoDate>();
  const traditional = options.process === 'traditional';
  // The certificates issued one by one when 联合发证 is off: traditionally all of them, else the project's bundle.
  const bundleOrder = catalog.items.filter(
    (i) => i.certificate && (traditional || plan.bundleCertificates.includes(i.certificate)),
  );
  const preReviewed = traditional ? {} : plan.preReviewed;
  let stageStart = start;
  for (const stage of catalog.stages) {
    const items = catalog.items.filter((i) => i.stage === stage.key);
    if (items.length === 0) continue;
    let stageEnd = stageStart;
    for (const item of items) {
      // An item that opens early (catalog v2: the drawing review once the design plan is approved) starts on its
      // dependencies, not on its stage; a catalog rule, so in both runs.
      // The design-plan pre-review (带方案出让, fast track only) likewise starts on what it waits for.
      const early = preReviewed[item.code];
      const dependsOn = early ?? item.dependsOn;
      let begin = (item.opensEarly && item.dependsOn.length > 0) || early ? start : stageStart;
      for (const dep of dependsOn) begin = later(begin, ends.get(dep) ?? begin);
      if (!on.jointIssuance && !early) {
        // Certificates one by one: the previous certificate of the bundle must be in hand. Not for the
        // pre-review: the case opens it after the filing whether or not the project uses 联合发证.
        const i = bundleOrder.findIndex((b) => b.code === item.code);
        const previous = i > 0 ? ends.get(bundleOrder[i - 1].code) : undefined;
        if (previous && previous > begin) {
          bars.push({
            key: `wait:${item.code}`,
            name: `等待上一证（${bundleOrder[i - 1].name}）`,
            kind: 'enterprise',
            start: begin,
            end: previous,
            workingDays: clock.between(begin, previous),
            practice: 'jointIssuance',
            note: '传统方式逐证办理：上一证到手后才能申请下一证',
          });
          begin = previous;
        }
      }
      const tolerance = plan.toleranceItems[item.code];
      if (tolerance && !on.tolerance && tolerance.supplementWorkingDays > 0) {
        const ready = clock.working(begin, tolerance.supplementWorkingDays);
        bars.push({
          key: `supplement:${item.code}`,
          name: `补齐材料后受理（${item.name}）`,
          kind: 'enterprise',
          start: begin,
          end: ready,
          workingDays: tolerance.supplementWorkingDays,
          practice: 'tolerance',
          note: `不容缺：企业补齐缺件（${tolerance.supplementWorkingDays}个工作日）后才受理`,
        });
        begin = ready;
      }
      const onCommitment = on.notifyCommit && plan.notifyCommitItems.includes(item.code);
      const limit: Limit = onCommitment
        ? { amount: NOTIFY_COMMIT_DECISION_DAYS, unit: 'workingDays' }
        : options.limitOf(item);
      const end = clock.add(begin, limit);
      ends.set(item.code, end);
      bars.push({
        key: `item:${item.code}`,
        name: item.name,
        kind: 'government',
        start: begin,
        end,
        workingDays: clock.between(begin, end),
        ...(onCommitment
          ? { practice: 'notifyCommit' as const, note: `告知承诺：${NOTIFY_COMMIT_DECISION_DAYS}个工作日内作出决定` }
          : tolerance && on.tolerance
            ? {
                practice: 'tolerance' as const,
                note: `容缺受理：缺件后补，时限${limit.amount}${LIMIT_UNIT[limit.unit]}`,
              }
            : { note: `时限${limit.amount}${LIMIT_UNIT[limit.unit]}` }),
      });
      if (item.required) stageEnd = later(stageEnd, end);
    }
    ends.set(`stage:${stage.key}`, stageEnd);
    stageStart = stageEnd;
  }

  const ff = catalog.foundationFirst;
  const permitItem = catalog.items.find((i) => i.code === ff.constructionPermitItem);
  const fullPermit = ends.get(ff.constructionPermitItem) ?? stageStart;
  let permit = fullPermit;
  if (on.foundationFirst && permitItem) {
    // The foundation-stage permit: applied for once land rights and the design plan are approved, decided
    // within the construction permit's limit (the catalog has no limit of its own for it).
    const applied = later(ends.get(ff.landTitleItem) ?? start, ends.get(ff.designPlanItem) ?? start);
    const limit = options.limitOf(permitItem);
    const issued = clock.add(applied, limit);
    bars.push({
      key: 'foundationPermit',
      name: '建筑工程施工许可证（桩基阶段）',
      kind: 'government',
      start: applied,
      end: issued,
      workingDays: clock.between(applied, issued),
      practice: 'foundationFirst',
      note: `桩基先行：设计方案批复后申请，按施工许可时限${limit.amount}${LIMIT_UNIT[limit.unit]}核发`,
    });
    permit = earlier(issued, fullPermit);
  }
  const workStart = clock.natural(permit, plan.workStartLagDays);
  const sectionReady = plan.sections.map((s) => ({ name: s.name, ready: clock.natural(workStart, s.readyAfterDays) }));
  const lastReady = sectionReady.reduce((d, s) => later(d, s.ready), workStart);
  bars.push({
    key: 'construction',
    name: '施工建设',
    kind: 'construction',
    start: workStart,
    end: lastReady,
    workingDays: clock.between(workStart, lastReady),
    note: '企业施工时间，两种方式相同',
  });
  const acceptanceLimit = catalog.jointAcceptance.limitWorkingDays;
  const accepted: IsoDate[] = [];
  if (on.stagedAcceptance && plan.sections.length > 1) {
    sectionReady.forEach((s, i) => {
      const end = clock.working(s.ready, acceptanceLimit);
      accepted.push(end);
      bars.push({
        key: `acceptance:${i + 1}`,
        name: `分段验收：${s.name}`,
        kind: 'acceptance',
        start: s.ready,
        end,
        workingDays: acceptanceLimit,
        practice: 'stagedAcceptance',
        note: `分段竣工验收：该段具备条件即联合验收（${acceptanceLimit}个工作日）`,
      });
    });
  } else {
    const end = clock.working(lastReady, acceptanceLimit);
    accepted.push(end);
    bars.push({
      key: 'acceptance',
      name: '联合竣工验收',
      kind: 'acceptance',
      start: lastReady,
      end,
      workingDays: acceptanceLimit,
      note: `全部完工后一次联合验收（${acceptanceLimit}个工作日）`,
    });
  }
  const firstInUse = accepted.reduce(earlier);
  const completion = accepted.reduce(later);
  const milestone = (key: MilestoneKey, date: IsoDate) => ({
    name: MILESTONE_NAMES[key],
    date,
    workingDaysFromStart: clock.between(start, date),
  });
  return {
    timeline: {
      milestones: {
        constructionPermit: milestone('constructionPermit', permit),
        workStart: milestone('workStart', workStart),
        firstSectionInUse: milestone('firstSectionInUse', firstInUse),
        completion: milestone('completion', completion),
      },
      bars,
    },
    uncoveredYears: [...clock.touched].sort((a, b) => a - b),
  };
}

const NO_PRACTICES: Practices = {
  foundationFirst: false,
  tolerance: false,
  notifyCommit: false,
  jointIssuance: false,
  stagedAcceptance: false,
};

/** Why a practice changed nothing for this project, or what it changed. */
function explain(key: PracticeKey, plan: SavingsPlan, saved: number, catalog: Catalog): string {
  const name = PRACTICE_NAMES[key];
  if (!plan.practices[key]) return `本项目未采用${name}。`;
  const days = `首个车间投产提前${saved}个工作日`;
  switch (key) {
    case 'foundationFirst':
      return saved > 0
        ? `桩基阶段施工许可先于完整施工许可核发，开工随之提前，${days}。`
        : '桩基阶段施工许可未早于完整施工许可，开工未提前。';
    case 'tolerance': {
      const items = Object.keys(plan.toleranceItems).map((c) => catalog.items.find((i) => i.code === c)?.name ?? c);
      if (items.length === 0) return '本项目没有容缺受理的事项。';
      return saved > 0
        ? `${items.join('、')}容缺受理，无需等待企业补齐缺件，${days}。`
        : `${items.join('、')}容缺受理，但该事项不在关键路径上，未影响投产日期。`;
    }
    case 'notifyCommit': {
      const items = plan.notifyCommitItems.map((c) => catalog.items.find((i) => i.code === c)?.name ?? c);
      if (items.length === 0) return '本项目尚无以告知承诺方式办理的事项。';
      return saved > 0
        ? `${items.join('、')}以告知承诺方式${NOTIFY_COMMIT_DECISION_DAYS}个工作日内作出决定，${days}。`
        : `${items.join('、')}以告知承诺方式办理，但不在关键路径上，未影响投产日期。`;
    }
    case 'jointIssuance':
      return saved > 0
        ? `联发证书无需逐证办理（上一证到手再申请下一证），${days}。`
        : '按目录的前后依赖，逐证办理也不延长关键路径；联合发证节省的是往返和领证次数，不是工作日。';
    case 'stagedAcceptance':
      return saved > 0
        ? `首个车间具备条件即单独验收投产，不必等全部完工后一次验收，${days}。`
        : plan.sections.length > 1
          ? '各分段记录的具备验收条件日期相同，分段验收未提前首个车间投产。'
          : '本项目只有一个验收分段，分段验收不改变日期。';
  }
}

/** Runs the project fast-track, traditional, and fast-track with each practice alone switched off. */
export function simulateSavings(catalog: Catalog, calendar: WorkingDayCalendar, plan: SavingsPlan): SavingsResult {
  const promised = (item: CatalogItem): Limit => item.promisedLimit;
  const statutory = (item: CatalogItem): Limit => statutoryLimitOf(item).limit;
  const fast = runTimeline(catalog, calendar, plan, {
    practices: plan.practices,
    limitOf: promised,
    process: 'fastTrack',
  });
  const base = runTimeline(catalog, calendar, plan, {
    practices: NO_PRACTICES,
    limitOf: statutory,
    process: 'traditional',
  });
  const saved = (a: Timeline, b: Timeline, key: MilestoneKey) => ({
    workingDays: calendar.workingDaysBetween(b.milestones[key].date, a.milestones[key].date).days,
    calendarDays: naturalDaysBetween(b.milestones[key].date, a.milestones[key].date),
  });
  const savedByMilestone = {
    constructionPermit: saved(base.timeline, fast.timeline, 'constructionPermit'),
    workStart: saved(base.timeline, fast.timeline, 'workStart'),
    firstSectionInUse: saved(base.timeline, fast.timeline, 'firstSectionInUse'),
    completion: saved(base.timeline, fast.timeline, 'completion'),
  };
  const uncovered = new Set([...fast.uncoveredYears, ...base.uncoveredYears]);
  const effect = (key: PracticeKey): PracticeEffect => {
    const without = runTimeline(catalog, calendar, plan, {
      practices: { ...plan.practices, [key]: false },
      limitOf: promised,
      process: 'fastTrack',
    });
    without.uncoveredYears.forEach((y) => uncovered.add(y));
    const s = saved(without.timeline, fast.timeline, 'firstSectionInUse');
    return {
      name: PRACTICE_NAMES[key],
      savedWorkingDays: s.workingDays,
      savedCalendarDays: s.calendarDays,
      explanation: explain(key, plan, s.workingDays, catalog),
    };
  };
  const byPractice: Record<PracticeKey, PracticeEffect> = {
    foundationFirst: effect('foundationFirst'),
    tolerance: effect('tolerance'),
    notifyCommit: effect('notifyCommit'),
    jointIssuance: effect('jointIssuance'),
    stagedAcceptance: effect('stagedAcceptance'),
  };
  return {
    startDate: plan.startDate,
    baseline: base.timeline,
    fastTrack: fast.timeline,
    savedWorkingDays: savedByMilestone.firstSectionInUse.workingDays,
    savedCalendarDays: savedByMilestone.firstSectionInUse.calendarDays,
    savedByMilestone,
    byPractice,
    assumptions: assumptionsOf(
      catalog,
      plan,
      [...uncovered].sort((a, b) => a - b),
    ),
    uncoveredYears: [...uncovered].sort((a, b) => a - b),
  };
}

function assumptionsOf(catalog: Catalog, plan: SavingsPlan, uncoveredYears: number[]): string[] {
  const statutory = catalogHasStatutoryLimits(catalog);
  const out = [
    '两条时间线都按审批事项目录的时限计算，每个政府环节用满时限：部门实际比时限快的部分不算作改革措施的节省。',
    statutory
      ? '快速通道按本区承诺时限计算；传统方式按法定时限计算。'
      : '目录尚未载明法定时限，传统方式也按本区承诺时限计算（法定时限更长，实际节省会更多）。',
    '传统方式：无容缺、无告知承诺、无桩基先行，不联合发证，本项目的全部证书按目录顺序逐一办理（上一证到手后才申请下一证），全部完工后一次联合验收；同一阶段内各部门仍并联审查（国家通行做法）。传统方式与本项目是否联合发证、联发哪几证无关。',
    '只计入本项目须办理的事项（按项目的工业项目、特殊建设工程、人防情况确定），两种方式相同。',
    '工作日按工作日历计算（法定节假日休息，调休上班日计入）。',
    `节省天数以“首个车间投产”日期计；各项措施的贡献是单独关闭该措施、其余不变时重算的差额，措施之间相互影响，各项之和不必等于总节省。`,
    '企业方的时间（补齐缺件、开工前准备、施工）两种方式相同。',
  ];
  if (catalog.items.some((i) => i.opensEarly)) {
    out.push('施工图联合审查等事项按目录在设计方案批复后即开始，两种方式相同。');
  }
  if (Object.keys(plan.preReviewed).length) {
    const nameOf = (code: string) => catalog.items.find((i) => i.code === code)?.name ?? code;
    const early = Object.entries(plan.preReviewed)
      .map(([code, deps]) => `${nameOf(code)}在${deps.map(nameOf).join('、') || '申报'}后即预审`)
      .join('，');
    out.push(
      `带方案出让：快速通道按本项目的办理流程，${early}，不等土地出让；传统方式按目录顺序，在土地阶段办结后审查。这部分节省不属于五项措施，不计入各项措施的贡献。`,
    );
  }
  if (plan.practices.foundationFirst) {
    out.push('桩基阶段施工许可按施工许可的时限计算（目录未单列时限）；假设桩基施工期不短于等待完整施工许可的时间。');
  }
  if (plan.practices.notifyCommit && plan.notifyCommitItems.length) {
    out.push(`告知承诺事项按${NOTIFY_COMMIT_DECISION_DAYS}个工作日作出决定（随州建设工程规划许可证的实际做法）。`);
  }
  const planned = Object.entries(plan.toleranceItems).filter(([, t]) => t.source === 'plan');
  if (planned.length) {
    out.push('尚未补齐的容缺材料，按目录给予的补正期限计企业补件时间。');
  }
  if (plan.sections.some((s) => s.source === 'plan')) {
    out.push('尚无记录的施工工期按计划工期计算（见各分段“具备验收条件”日期）。');
  }
  if (uncoveredYears.length) {
    out.push(`${uncoveredYears.join('、')}年尚无节假日安排数据，这些年份暂按周末休息计算。`);
  }
  return out;
}

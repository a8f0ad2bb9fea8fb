/**
 * The simulator against timelines computed by hand on the 2023 calendar: 劳动节 (04-29–05-03 off, Sat 05-06
 * worked), 端午 (06-22–06-24 off, Sun 06-25 worked) and 国庆 (09-29–10-06 off, Sat 10-07 and Sun 10-08 worked).
 *
 * Working days after Mon 2023-04-24: 1 = 04-25, 4 = 04-28, 5 = 05-04, 6 = 05-05, 7 = 05-06 (调休), 8 = 05-08,
 * 10 = 05-10, 16 = 05-18, 17 = 05-19, 20 = 05-24, 21 = 05-25, 23 = 05-29, 25 = 05-31, 27 = 06-02, 31 = 06-08,
 * 34 = 06-13, 35 = 06-14, 38 = 06-19, 40 = 06-21, 41 = 06-25 (调休), 42 = 06-26.
 *
 * The reference plan (every practice off but 联合发证, each step its promised limit):
 *   projectFiling 0→1 (04-25); landTitleRegistration 0→5 (05-04); landUsePlanningPermit 1→6 (05-05);
 *   designPlanReview 6→16 (05-18); engineeringPlanningPermit 16→21 (05-25); the three reviews 21→31 (06-08);
 *   constructionPermit 31→38 (06-19). Work starts on the permit; the section is ready 100 natural days later
 *   (09-27) and the joint acceptance takes 15 working days across 国庆 (09-28 = 1, 10-07 = 2, 10-08 = 3,
 *   10-09 … 10-13 = 4–8, 10-16 … 10-20 = 9–13, 10-23 = 14, 10-24 = 15) → in use 10-24.
 */
import { suizhouHighTechZoneCatalog as catalog, suizhouHighTechZoneCatalogV2 } from '../catalog';
import type { Catalog } from '../catalog/types';
import { defaultCalendar } from '../calendar';
import {
  simulateSavings,
  runTimeline,
  planFromHistory,
  stageWorkingDays,
  catalogForProject,
  type SavingsPlan,
  type Practices,
} from '.';

const NONE: Practices = {
  foundationFirst: false,
  tolerance: false,
  notifyCommit: false,
  jointIssuance: false,
  stagedAcceptance: false,
};

function plan(practices: Partial<Practices>, over: Partial<SavingsPlan> = {}): SavingsPlan {
  return {
    startDate: '2023-04-24',
    practices: { ...NONE, jointIssuance: true, ...practices },
    bundleCertificates: catalog.bundles[1].certificates,
    preReviewed: {},
    toleranceItems: {},
    notifyCommitItems: [],
    workStartLagDays: 0,
    sections: [{ name: '全部工程', readyAfterDays: 100, source: 'plan' }],
    ...over,
  };
}

const promised = { limitOf: (i: Catalog['items'][number]) => i.promisedLimit, process: 'fastTrack' as const };
const run = (p: SavingsPlan, practices: Practices = p.practices) =>
  runTimeline(catalog, defaultCalendar, p, { practices, ...promised }).timeline;
const bar = (t: ReturnType<typeof run>, key: string) => t.bars.find((b) => b.key === key);

describe('savings simulator: the reference timeline', () => {
  it('runs stages in order and reviews in parallel, on working days with holidays and 调休', () => {
    const t = run(plan({}));
    expect(bar(t, 'item:landTitleRegistration')).toMatchObject({ start: '2023-04-24', end: '2023-05-04' });
    expect(bar(t, 'item:landUsePlanningPermit')).toMatchObject({ start: '2023-04-25', end: '2023-05-05' });
    expect(bar(t, 'item:designPlanReview')).toMatchObject({ start: '2023-05-05', end: '2023-05-18', workingDays: 10 });
    expect(bar(t, 'item:engineeringPlanningPermit')).toMatchObject({ start: '2023-05-18', end: '2023-05-25' });
    expect(bar(t, 'item:fireDesignReview')).toMatchObject({ start: '2023-05-25', end: '2023-06-08' });
    expect(bar(t, 'item:civilDefenseDesignReview')).toMatchObject({ start: '2023-05-25', end: '2023-06-08' });
    expect(bar(t, 'item:constructionPermit')).toMatchObject({ start: '2023-06-08', end: '2023-06-19' });
    expect(t.milestones.workStart).toMatchObject({ date: '2023-06-19', workingDaysFromStart: 38 });
    expect(bar(t, 'construction')).toMatchObject({ start: '2023-06-19', end: '2023-09-27' });
    expect(t.milestones.firstSectionInUse.date).toBe('2023-10-24');
    expect(t.milestones.completion.date).toBe('2023-10-24');
  });
});

describe('savings simulator: one practice at a time (hand-computed)', () => {
  it('联合发证: off, the 建设用地规划许可证 waits for the 不动产权证书 (05-04) and everything after moves 4 days', () => {
    const p = plan({});
    const off = run(p, { ...p.practices, jointIssuance: false });
    // landUse 5→10 (05-10); designPlan 10→20 (05-24); eng 20→25 (05-31); reviews 25→35 (06-14); permit 35→42.
    expect(bar(off, 'wait:landUsePlanningPermit')).toMatchObject({ start: '2023-04-25', end: '2023-05-04' });
    expect(bar(off, 'item:landUsePlanningPermit')).toMatchObject({ start: '2023-05-04', end: '2023-05-10' });
    expect(bar(off, 'item:designPlanReview')).toMatchObject({ end: '2023-05-24' });
    expect(off.milestones.workStart.date).toBe('2023-06-26');
    // Ready 06-26 + 100 = 10-04, a holiday: the acceptance counts from 10-07 (调休) and ends 10-25, one working
    // day after the fast-track's 10-24: 国庆 swallows the rest of the 4 days.
    expect(off.milestones.firstSectionInUse.date).toBe('2023-10-25');
    const r = simulateSavings(catalog, defaultCalendar, p);
    expect(r.byPractice.jointIssuance).toMatchObject({ savedWorkingDays: 1, savedCalendarDays: 1 });
    expect(r.savedByMilestone.workStart).toEqual({ workingDays: 4, calendarDays: 7 });
  });

  it('容缺受理: off, the construction permit is accepted only after the 3-day supplement and ends on the 调休 Sunday', () => {
    const p = plan(
      { tolerance: true },
      { toleranceItems: { constructionPermit: { supplementWorkingDays: 3, source: 'history' } } },
    );
    const on = run(p);
    expect(bar(on, 'item:constructionPermit')).toMatchObject({
      start: '2023-06-08',
      end: '2023-06-19',
      practice: 'tolerance',
    });
    const off = run(p, { ...p.practices, tolerance: false });
    // reviews end 31 (06-08); supplement 31→34 (06-13); permit 34→41 = 06-25, the Sunday worked for 端午.
    expect(bar(off, 'supplement:constructionPermit')).toMatchObject({ start: '2023-06-08', end: '2023-06-13' });
    expect(bar(off, 'item:constructionPermit')).toMatchObject({ start: '2023-06-13', end: '2023-06-25' });
    // Work starts 06-25 instead of 06-19 (3 working days, 6 calendar days); ready 10-03, inside 国庆, so the
    // acceptance counts from 10-07 and ends 10-25: one working day after the fast-track's 10-24.
    expect(off.milestones.workStart.date).toBe('2023-06-25');
    expect(off.milestones.firstSectionInUse.date).toBe('2023-10-25');
    const r = simulateSavings(catalog, defaultCalendar, p);
    expect(r.byPractice.tolerance).toMatchObject({ savedWorkingDays: 1, savedCalendarDays: 1 });
    expect(r.byPractice.tolerance.explanation).toContain('建筑工程施工许可证核发');
  });

  it('告知承诺: the 建设工程规划许可证 in one working day brings the permit to 06-13', () => {
    const p = plan({ notifyCommit: true }, { notifyCommitItems: ['engineeringPlanningPermit'] });
    const on = run(p);
    // eng 16→17 (05-19); reviews 17→27 (06-02); permit 27→34 (06-13).
    expect(bar(on, 'item:engineeringPlanningPermit')).toMatchObject({
      start: '2023-05-18',
      end: '2023-05-19',
      practice: 'notifyCommit',
    });
    expect(bar(on, 'item:fireDesignReview')).toMatchObject({ end: '2023-06-02' });
    expect(on.milestones.workStart.date).toBe('2023-06-13');
    // Ready 06-13 + 100 = 09-21; 15 working days: 09-22, 09-25 … 09-28, 10-07, 10-08, 10-09 … 10-18.
    expect(on.milestones.firstSectionInUse.date).toBe('2023-10-18');
    const r = simulateSavings(catalog, defaultCalendar, p);
    // 10-18 → 10-24 (without it): 10-19, 10-20, 10-23, 10-24.
    expect(r.byPractice.notifyCommit).toMatchObject({ savedWorkingDays: 4, savedCalendarDays: 6 });
  });

  it('桩基先行: the foundation permit 7 working days after the design plan (05-18 → 05-29) starts work 15 days earlier', () => {
    const p = plan({ foundationFirst: true });
    const on = run(p);
    expect(bar(on, 'foundationPermit')).toMatchObject({ start: '2023-05-18', end: '2023-05-29' });
    expect(on.milestones.workStart.date).toBe('2023-05-29');
    // Ready 05-29 + 100 = 09-06; 15 working days → 09-27 (no holiday on the way).
    expect(on.milestones.firstSectionInUse.date).toBe('2023-09-27');
    expect(run(p, { ...p.practices, foundationFirst: false }).milestones.workStart.date).toBe('2023-06-19');
    const r = simulateSavings(catalog, defaultCalendar, p);
    // 09-27 → 10-24: 09-28, 10-07, 10-08, 10-09 … 10-24 = 15 working days, 27 calendar days.
    expect(r.byPractice.foundationFirst).toMatchObject({ savedWorkingDays: 15, savedCalendarDays: 27 });
  });

  it('分段竣工验收: the first of two sections is accepted when ready, not with the last', () => {
    const sections = [
      { name: '炭化车间', readyAfterDays: 100, source: 'plan' as const },
      { name: '石墨化车间', readyAfterDays: 160, source: 'plan' as const },
    ];
    const p = plan({ stagedAcceptance: true }, { sections });
    const on = run(p);
    expect(bar(on, 'acceptance:1')).toMatchObject({ start: '2023-09-27', end: '2023-10-24' });
    // 06-19 + 160 = 11-26 (Sunday); 15 working days from Mon 11-27 → 12-15.
    expect(bar(on, 'acceptance:2')).toMatchObject({ start: '2023-11-26', end: '2023-12-15' });
    const off = run(p, { ...p.practices, stagedAcceptance: false });
    expect(off.milestones.firstSectionInUse.date).toBe('2023-12-15');
    const r = simulateSavings(catalog, defaultCalendar, p);
    // 10-24 → 12-15: 38 working days, 52 calendar days; completion is the same day either way.
    expect(r.byPractice.stagedAcceptance).toMatchObject({ savedWorkingDays: 38, savedCalendarDays: 52 });
    expect(off.milestones.completion.date).toBe(on.milestones.completion.date);
  });
});

describe('savings simulator: the traditional baseline', () => {
  it('switches every practice off and says which limits it used', () => {
    const p = plan({ foundationFirst: true, notifyCommit: true }, { notifyCommitItems: ['engineeringPlanningPermit'] });
    const r = simulateSavings(catalog, defaultCalendar, p);
    // Baseline = 联合发证 off as above: work start 06-26; fast-track: foundation permit 05-29.
    expect(r.baseline.milestones.workStart.date).toBe('2023-06-26');
    expect(r.fastTrack.milestones.workStart.date).toBe('2023-05-29');
    expect(r.assumptions.join('')).toContain('目录尚未载明法定时限');
    expect(r.uncoveredYears).toEqual([]);
  });

  it('uses a statutory limit where the catalog carries one', () => {
    const items = catalog.items.map((i) => {
      if (i.code !== 'constructionPermit') return i;
      const withStatutory = { ...i, statutoryLimit: { amount: 10, unit: 'workingDays' as const } };
      return withStatutory;
    });
    const withStatutory: Catalog = { ...catalog, items };
    const r = simulateSavings(withStatutory, defaultCalendar, plan({ jointIssuance: true }));
    // permit 35→45 in the baseline (10 days instead of 7): 45 = 06-29.
    expect(r.baseline.milestones.constructionPermit.date).toBe('2023-06-29');
    expect(r.fastTrack.milestones.constructionPermit.date).toBe('2023-06-19');
    expect(r.assumptions.join('')).toContain('传统方式按法定时限计算');
  });
});

describe('savings simulator on catalog v2: an industrial plant, exempt from 人防, not a 特殊建设工程', () => {
  const v2 = catalogForProject(suizhouHighTechZoneCatalogV2, {
    industrial: true,
    specialConstruction: false,
    civilDefense: 'exempt',
  });
  const p = plan(
    {},
    { bundleCertificates: suizhouHighTechZoneCatalogV2.jointIssuanceByProject!.industrial.certificates },
  );
  const r = simulateSavings(v2, defaultCalendar, p);

  it('schedules neither the 人防 nor the fire design review in either timeline', () => {
    for (const t of [r.baseline, r.fastTrack]) {
      const keys = t.bars.map((b) => b.key);
      expect(keys).not.toContain('item:civilDefenseDesignReview');
      expect(keys).not.toContain('item:fireDesignReview');
      expect(t.bars.some((b) => b.name.includes('人防') || b.name.includes('消防'))).toBe(false);
    }
  });

  it('fast-track on promised limits: the drawing review opens on the design plan (05-18 → 06-01), permit 3 days', () => {
    expect(bar(r.fastTrack, 'item:constructionDrawingReview')).toMatchObject({
      start: '2023-05-18',
      end: '2023-06-01',
    });
    expect(bar(r.fastTrack, 'item:constructionPermit')).toMatchObject({ start: '2023-06-01', end: '2023-06-06' });
    expect(r.fastTrack.milestones.workStart).toMatchObject({ date: '2023-06-06', workingDaysFromStart: 29 });
  });

  it('baseline on statutory limits: permit 7 working days across 国庆 and its 调休 (09-28 → 10-13)', () => {
    // Statutory: filing 3, land title 30 (→ 06-07), land-use permit 20 after the title (→ 07-06), design plan 20
    // (→ 08-03), planning permit 20 (→ 08-31), drawing review 20 after it, one certificate at a time (→ 09-28),
    // permit 7: 10-07 (Sat, 调休) = 1, 10-08 (Sun, 调休) = 2, 10-09 … 10-13 = 3–7.
    expect(bar(r.baseline, 'item:landTitleRegistration')).toMatchObject({ end: '2023-06-07', workingDays: 30 });
    expect(bar(r.baseline, 'item:constructionDrawingReview')).toMatchObject({ start: '2023-08-31', end: '2023-09-28' });
    expect(bar(r.baseline, 'item:constructionPermit')).toMatchObject({
      start: '2023-09-28',
      end: '2023-10-13',
      workingDays: 7,
      note: '时限7个工作日',
    });
    expect(r.savedByMilestone.workStart).toEqual({ workingDays: 88, calendarDays: 129 });
    expect(r.assumptions).toContain('快速通道按本区承诺时限计算；传统方式按法定时限计算。');
  });
});

describe('savings plan from a recorded history', () => {
  const t = (date: string) => `${date}T01:30:00.000Z`;
  const events = [
    {
      path: [],
      type: 'INSTANCE_CREATED',
      payload: {
        practices: { tolerance: true, foundationFirst: true, jointIssuance: true, stagedAcceptance: true },
        sections: [
          { key: 'a', name: '一号车间' },
          { key: 'b', name: '二号车间' },
        ],
      },
      occurredAt: t('2023-04-24'),
    },
    {
      path: ['item:landTitleRegistration', 'tolerance:1'],
      type: 'INSTANCE_CREATED',
      payload: {},
      occurredAt: t('2023-04-24'),
    },
    {
      path: ['item:landTitleRegistration', 'tolerance:1'],
      type: 'ACCEPT_TOLERANCE',
      payload: {},
      occurredAt: t('2023-04-25'),
    },
    {
      path: ['item:landTitleRegistration', 'tolerance:1'],
      type: 'SUPPLY_MATERIAL',
      payload: {},
      occurredAt: t('2023-05-05'),
    },
    { path: ['foundation'], type: 'ISSUE_FOUNDATION_PERMIT', payload: {}, occurredAt: t('2023-05-29') },
    { path: ['foundation'], type: 'WORK_STARTED', payload: {}, occurredAt: t('2023-06-01') },
    { path: ['section:a'], type: 'APPLY', payload: {}, occurredAt: t('2023-12-01') },
    { path: ['item:x'], type: 'SOME_FUTURE_EVENT', payload: { odd: true }, occurredAt: t('2023-05-01') },
  ];

  it('reads practices, supplements, work start and section readiness; plans what has not happened', () => {
    const p = planFromHistory(catalog, defaultCalendar, events, {
      bundleCertificates: catalog.bundles[1].certificates,
      definitionVersion: 1,
    });
    expect(p.startDate).toBe('2023-04-24');
    expect(p.practices).toEqual({
      ...NONE,
      tolerance: true,
      foundationFirst: true,
      jointIssuance: true,
      stagedAcceptance: true,
    });
    // Accepted 04-25, supplied 05-05: 04-26, 04-27, 04-28, 05-04, 05-05 = 5 working days.
    expect(p.toleranceItems).toEqual({ landTitleRegistration: { supplementWorkingDays: 5, source: 'history' } });
    expect(p.workStartLagDays).toBe(3);
    expect(p.sections).toEqual([
      { name: '一号车间', readyAfterDays: 183, source: 'history' },
      { name: '二号车间', readyAfterDays: 285, source: 'plan' },
    ]);
    expect(p.notifyCommitItems).toEqual([]);
  });

  it('plans 告知承诺 on the items that allow it when the project declared the practice', () => {
    const declared = [{ ...events[0], payload: { practices: { notifyCommit: true } } }];
    const p = planFromHistory(catalog, defaultCalendar, declared, { bundleCertificates: [], definitionVersion: 1 });
    expect(p.notifyCommitItems).toEqual(['engineeringPlanningPermit']);
    expect(p.sections).toEqual([{ name: '全部工程', readyAfterDays: 240, source: 'plan' }]);
  });
});

describe('government working days per stage from a history', () => {
  const t = (date: string) => `${date}T01:30:00.000Z`;
  const ev = (path: string[], type: string, date: string) => ({ path, type, payload: {}, occurredAt: t(date) });

  it('counts from the first item received to the last decided, on working days (劳动节 and its 调休 Saturday)', () => {
    const events = [
      ev(['item:projectFiling'], 'INSTANCE_CREATED', '2023-04-24'),
      ev(['item:landTitleRegistration'], 'INSTANCE_CREATED', '2023-04-24'),
      ev(['item:landUsePlanningPermit'], 'INSTANCE_CREATED', '2023-04-25'),
      ev(['item:projectFiling'], 'APPROVE', '2023-04-25'),
      ev(['item:landTitleRegistration'], 'APPROVE', '2023-05-04'),
      // 04-24 → 05-06: 04-25 … 04-28, 05-04, 05-05, 05-06 (调休) = 7 working days.
      ev(['item:landUsePlanningPermit'], 'APPROVE_WITH_TOLERANCE', '2023-05-06'),
      ev(['item:designPlanReview'], 'INSTANCE_CREATED', '2023-05-08'),
    ];
    // 工程建设许可 is not finished: it does not count yet.
    expect(stageWorkingDays(catalog, defaultCalendar, events)).toEqual({ landPlanning: 7 });
  });

  it('takes a decision on commitment (告知承诺) as the item decided', () => {
    const events = [
      ev(['item:designPlanReview'], 'INSTANCE_CREATED', '2023-05-08'),
      ev(['item:designPlanReview'], 'APPROVE', '2023-05-10'),
      ev(['item:engineeringPlanningPermit'], 'INSTANCE_CREATED', '2023-05-10'),
      ev(['item:engineeringPlanningPermit', 'notifyCommitment:1'], 'DECIDE_ON_COMMITMENT', '2023-05-11'),
    ];
    expect(stageWorkingDays(catalog, defaultCalendar, events)).toEqual({ engineeringPermit: 3 });
  });
});

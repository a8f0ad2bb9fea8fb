/**
 * docs/savings.md's two claims, re-derived on catalog v2 from the seed scenarios' recorded 2023 histories, with
 * the flags the demo projects are filed with (both industrial and exempt from 人防; 斯诺's plant a 特殊建设工程).
 */
import { copperFoilScenario, snowNewMaterialsScenario } from '../scenarios';
import { suizhouHighTechZoneCatalogV2 as v2 } from '../catalog';
import type { CatalogItem, ProjectFlags } from '../catalog/types';
import type { Harness } from '../testing/harness';
import { defaultCalendar } from '../calendar';
import { catalogForProject, planFromHistory, simulateSavings, runTimeline, statutoryLimitOf, type Practices } from '.';

function historyOf(h: Harness) {
  return [...h.instances.values()].flatMap((i) =>
    i.events.map((e) => ({ path: h.pathOf(i.id), type: e.type, payload: e.payload, occurredAt: e.occurredAt })),
  );
}

function onV2(h: Harness, flags: ProjectFlags) {
  const catalog = catalogForProject(v2, flags);
  const plan = planFromHistory(catalog, defaultCalendar, historyOf(h), {
    bundleCertificates: v2.jointIssuanceByProject!.industrial.certificates,
    definitionVersion: 3,
  });
  const run = (practices: Practices, statutory: boolean) =>
    runTimeline(catalog, defaultCalendar, plan, {
      practices,
      limitOf: (i: CatalogItem) => (statutory ? statutoryLimitOf(i).limit : i.promisedLimit),
      process: statutory ? 'traditional' : 'fastTrack',
    }).timeline;
  return { plan, result: simulateSavings(catalog, defaultCalendar, plan), run };
}

const NONE: Practices = {
  foundationFirst: false,
  tolerance: false,
  notifyCommit: false,
  jointIssuance: false,
  stagedAcceptance: false,
};

describe('claim 1 on catalog v2: 桩基先行, 2万吨高端铜箔 ("at least two months earlier")', () => {
  const { result: r, run } = onV2(copperFoilScenario().harness, {
    industrial: true,
    specialConstruction: false,
    civilDefense: 'exempt',
  });

  it('fast-track: the foundation permit 3 working days after the design plan (03-23 → 03-28), the full one 04-12', () => {
    const bar = (key: string) => r.fastTrack.bars.find((b) => b.key === key);
    expect(bar('foundationPermit')).toMatchObject({ start: '2023-03-23', end: '2023-03-28' });
    expect(bar('item:constructionDrawingReview')).toMatchObject({ start: '2023-03-23', end: '2023-04-07' });
    expect(bar('item:constructionPermit')).toMatchObject({ start: '2023-04-07', end: '2023-04-12' });
    expect(r.fastTrack.milestones.workStart.date).toBe('2023-04-01');
    // 桩基先行 alone: 10 working days at the permit (清明 04-05 off), 11 at the first workshop in use.
    expect(r.byPractice.foundationFirst).toMatchObject({ savedWorkingDays: 11, savedCalendarDays: 16 });
  });

  it('in the traditional process on statutory limits, 桩基先行 alone brings work start 41 working days forward', () => {
    const base = run(NONE, true);
    const withFoundation = run({ ...NONE, foundationFirst: true }, true);
    expect(base.milestones.workStart).toMatchObject({ date: '2023-08-20', workingDaysFromStart: 119 });
    expect(withFoundation.milestones.workStart).toMatchObject({ date: '2023-06-24', workingDaysFromStart: 78 });
  });

  it('whole saving against the statutory baseline: 97 working days (141 calendar days) at work start', () => {
    expect(r.savedByMilestone.workStart).toEqual({ workingDays: 97, calendarDays: 141 });
    expect(r.byPractice.jointIssuance.savedWorkingDays).toBe(4);
  });
});

describe('claim 2 on catalog v2: 容缺, 告知承诺, 分段竣工验收, 斯诺新材料 ("2–3 months")', () => {
  const {
    result: r,
    plan,
    run,
  } = onV2(snowNewMaterialsScenario().harness, {
    industrial: true,
    specialConstruction: true,
    civilDefense: 'exempt',
  });

  it('each practice alone at the first workshop in use: 分段 37, 容缺 2, 告知承诺 0 working days', () => {
    const shares = Object.fromEntries(Object.entries(r.byPractice).map(([k, p]) => [k, p.savedWorkingDays]));
    expect(shares).toEqual({
      foundationFirst: 0,
      tolerance: 2,
      notifyCommit: 0,
      jointIssuance: 5,
      stagedAcceptance: 37,
    });
    expect(r.fastTrack.milestones.firstSectionInUse.date).toBe('2023-11-30');
  });

  it('the three together: 40 working days (57 calendar days) at the first workshop, 3 at completion', () => {
    const without = run({ ...plan.practices, tolerance: false, notifyCommit: false, stagedAcceptance: false }, false);
    expect(without.milestones.firstSectionInUse).toMatchObject({ date: '2024-01-26', workingDaysFromStart: 246 });
    expect(r.fastTrack.milestones.firstSectionInUse.workingDaysFromStart).toBe(206);
    expect(r.fastTrack.milestones.completion).toMatchObject({ date: '2024-01-23', workingDaysFromStart: 243 });
  });

  it('whole saving against the statutory baseline: 125 working days (183 calendar days) at the first workshop', () => {
    expect(r.savedByMilestone.firstSectionInUse).toEqual({ workingDays: 125, calendarDays: 183 });
    expect(r.savedByMilestone.completion).toEqual({ workingDays: 88, calendarDays: 129 });
  });
});

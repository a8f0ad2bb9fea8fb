import { copperFoilScenario, snowNewMaterialsScenario } from '.';
import { suizhouHighTechZoneCatalog as catalog } from '../catalog';
import { planFromHistory, simulateSavings } from '../savings';
import type { Harness } from '../testing/harness';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import { replay } from '../replay';
import { defaultCalendar } from '../calendar';

describe('seed scenario: 斯诺新材料 10万吨锂电池负极材料一体化', () => {
  const s = snowNewMaterialsScenario();
  const h = s.harness;
  const ctx = () => h.context<ProjectCaseContext>(s.projectId);

  it('issues the six certificates jointly on one day (容缺 and 告知承诺 approvals count)', () => {
    const bundle = Object.values(ctx().certificates).filter((c) => c.bundle === 'sixCertificates');
    expect(bundle).toHaveLength(6);
    expect(new Set(bundle.map((c) => c.issuedAt))).toEqual(new Set([s.milestones.jointIssuance]));
  });

  it('accepts the three workshops one by one; production allowed after the first; complete only with the last', () => {
    const sections = ctx().sections;
    expect(sections.carbonization).toMatchObject({
      status: 'accepted',
      productionAllowed: true,
      acceptedAt: s.milestones.firstSectionAccepted,
    });
    expect(sections.graphitization.status).toBe('accepted');
    expect(sections.precursor.status).toBe('accepted');
    expect(ctx().stage).toBe('complete');
    expect(ctx().completedAt).toBe(s.milestones.complete);
    // the last section carried the site-wide checks
    expect(h.context<any>(h.at(s.projectId, 'section:precursor').id).siteWide).toMatchObject({ passed: true });
    expect(h.context<any>(h.at(s.projectId, 'section:carbonization').id).siteWide).toBeNull();
  });

  it('saves about two and a half months to the first workshop in use, mostly by staged acceptance (docs/savings.md)', () => {
    const plan = planFromHistory(catalog, defaultCalendar, historyOf(h), {
      bundleCertificates: catalog.bundles[2].certificates,
      definitionVersion: 2,
    });
    const r = simulateSavings(catalog, defaultCalendar, plan);
    expect(r.fastTrack.milestones.firstSectionInUse.date).toBe('2023-12-07');
    expect(r.baseline.milestones.firstSectionInUse.date).toBe('2024-02-21');
    expect(r.savedByMilestone.firstSectionInUse).toEqual({ workingDays: 50, calendarDays: 76 });
    expect(r.savedByMilestone.completion).toEqual({ workingDays: 13, calendarDays: 22 });
    const shares = Object.fromEntries(Object.entries(r.byPractice).map(([k, p]) => [k, p.savedWorkingDays]));
    expect(shares).toEqual({
      foundationFirst: 0,
      tolerance: 2,
      notifyCommit: 4,
      jointIssuance: 4,
      stagedAcceptance: 37,
    });
  });

  it('every instance replays to its stored snapshot', () => {
    for (const instance of h.instances.values()) {
      const r = replay(instance.events, {
        definitionId: instance.definitionId,
        version: instance.events[0] ? instance.definitionVersion : 1,
      });
      expect(r.ok && r.snapshot).toEqual(instance.snapshot);
    }
  });

  it('exports the commands in order, starting with the project creation', () => {
    expect(s.commands[0]).toMatchObject({ path: [], event: { type: 'INSTANCE_CREATED' } });
    expect(s.commands.length).toBeGreaterThan(40);
  });
});

describe('seed scenario: 2万吨高端铜箔 (桩基先行)', () => {
  const s = copperFoilScenario();
  const h = s.harness;

  it('starts work on the foundation permit about three weeks before the traditional permit, not two months', () => {
    // The savings simulator on this scenario's recorded history (the catalog's limits, not a sum of all nine
    // limits in series: reviews inside a stage run in parallel in the traditional process too).
    const plan = planFromHistory(catalog, defaultCalendar, historyOf(h), {
      bundleCertificates: catalog.bundles[1].certificates,
      definitionVersion: 1,
    });
    const r = simulateSavings(catalog, defaultCalendar, plan);
    expect(plan.practices.foundationFirst).toBe(true);
    const foundationDate = h
      .context<ProjectCaseContext>(s.projectId)
      .certificates.foundationConstructionPermit.issuedAt.slice(0, 10);
    // Foundation permit issued 03-16 in the scenario; on the catalog's limits it comes 7 working days after the
    // design plan (filing 1 + planning permit 5 + design plan 10 = 16 → 23 = 04-03), the traditional full permit
    // at 42 (04-28). Work starts 4 natural days after the permit, as recorded.
    expect(foundationDate).toBe('2023-03-16');
    expect(r.fastTrack.milestones.constructionPermit.date).toBe('2023-04-03');
    expect(r.baseline.milestones.constructionPermit.date).toBe('2023-04-28');
    expect(r.savedByMilestone.workStart).toEqual({ workingDays: 16, calendarDays: 25 });
    expect(r.byPractice.foundationFirst).toMatchObject({ savedWorkingDays: 15, savedCalendarDays: 24 });
  });

  it('the above-ground permit completes the 四证联发 bundle', () => {
    const c = h.context<ProjectCaseContext>(s.projectId);
    expect(c.jointIssuedAt).toBe(s.milestones.aboveGroundPermit);
    expect(c.stage).toBe('completionAcceptance');
    expect(h.state(h.at(s.projectId, 'foundation').id)).toBe('aboveGroundPermitted');
  });
});

function historyOf(h: Harness) {
  return [...h.instances.values()].flatMap((i) =>
    i.events.map((e) => ({ path: h.pathOf(i.id), type: e.type, payload: e.payload, occurredAt: e.occurredAt })),
  );
}

import { copperFoilScenario, snowNewMaterialsScenario, plainSequentialPermitDate } from '.';
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

  it('issues the foundation permit at least two months before the full permit of the plain sequential process', () => {
    const foundationDate = h
      .context<ProjectCaseContext>(s.projectId)
      .certificates.foundationConstructionPermit.issuedAt.slice(0, 10);
    const plain = plainSequentialPermitDate(s.milestones.created.slice(0, 10));
    // Counted on the working-day calendar (workflows/calendar) from the same start.
    expect(defaultCalendar.addMonths(foundationDate, 2) <= plain.date).toBe(true);
    const gain = defaultCalendar.workingDaysBetween(foundationDate, plain.date).days;
    expect(gain).toBeGreaterThanOrEqual(40);
  });

  it('the above-ground permit completes the 四证联发 bundle', () => {
    const c = h.context<ProjectCaseContext>(s.projectId);
    expect(c.jointIssuedAt).toBe(s.milestones.aboveGroundPermit);
    expect(c.stage).toBe('completionAcceptance');
    expect(h.state(h.at(s.projectId, 'foundation').id)).toBe('aboveGroundPermitted');
  });
});

/**
 * acceptance-section v4 (DOMAIN.md "Whole-process clock"): the section tells its project when a department holds
 * it, so project-case v3's government-time clock runs through the joint inspection and pauses while the
 * enterprise rectifies. On v3 the section said nothing and the clock stayed paused through the whole completion
 * stage.
 */
import { Harness } from '../testing/harness';
import { actors } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { industrialProject, INDUSTRIAL_PERMIT_PATH } from '../testing/project-fixture';
import { getDefinition, getMigration } from '../registry';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import type { AcceptanceSectionContext } from './acceptance-section.machine';

const T = '2026-03-02T01:00:00.000Z';
const BUILT = '2026-06-01T01:00:00.000Z';
const APPLIED = '2026-09-01T01:00:00.000Z';
const FOUND = '2026-09-03T01:00:00.000Z';
const FIXED = '2026-09-10T01:00:00.000Z';
const ent = actors.enterprise();

/** An industrial plant on project-case v3 at completion acceptance, in one section. */
function atAcceptance() {
  const { h, id } = industrialProject(3, { name: '厂房项目', at: T });
  for (const [key, dept] of INDUSTRIAL_PERMIT_PATH) {
    approveItem(h, id, key, dept, key === 'item:constructionPermit' ? BUILT : T);
  }
  const section = h.at(id, 'section:whole');
  return {
    h,
    id,
    sectionId: section.id,
    version: section.definitionVersion,
    ctx: () => h.context<ProjectCaseContext>(id),
  };
}

function inspect(h: Harness, sectionId: string, at: string, rectify: string[] = []) {
  must(h.send(sectionId, 'START_JOINT_INSPECTION', actors.clerk('housing'), at));
  recordAll(h, sectionId, at, rectify);
}

function recordAll(h: Harness, sectionId: string, at: string, rectify: string[] = []) {
  const ctx = h.context<AcceptanceSectionContext>(sectionId);
  for (const a of ctx.acceptanceItems) {
    if (h.context<AcceptanceSectionContext>(sectionId).results[a.code].result !== 'pending') continue;
    must(
      h.send(sectionId, 'RECORD_RESULT', actors.clerk(a.department), at, {
        acceptanceItem: a.code,
        result: rectify.includes(a.code) ? 'rectify' : 'pass',
      }),
    );
  }
  if (h.context<AcceptanceSectionContext>(sectionId).siteWide === null && h.state(sectionId) === 'jointInspection') {
    must(
      h.send(sectionId, 'RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), at, {
        totalFloorArea: 1,
        greenRatio: 0.5,
      }),
    );
  }
}

describe('acceptance-section v4: the whole-process clock runs while a department holds the section', () => {
  it('project-case v3 starts its sections on v4', () => {
    expect(atAcceptance().version).toBe(4);
  });

  it('runs through the joint inspection, pauses for rectification, runs again for the re-inspection', () => {
    const { h, id, sectionId, ctx } = atAcceptance();
    expect(ctx().clockPauses?.at(-1)).toEqual({ from: BUILT, to: null, reason: 'construction' });
    expect(h.timersOf(id)).toEqual([]);

    must(h.send(sectionId, 'APPLY', ent, APPLIED));
    expect(ctx().sectionsWithDepartment).toEqual(['whole']);
    expect(ctx().clockPauses?.at(-1)).toEqual({ from: BUILT, to: APPLIED, reason: 'construction' });
    expect(h.timersOf(id).sort()).toEqual(['wholeProcess:due', 'wholeProcess:warning']);

    inspect(h, sectionId, FOUND, ['qualityAcceptance']);
    expect(h.state(sectionId)).toBe('rectifying');
    expect(ctx().sectionsWithDepartment).toEqual([]);
    expect(ctx().clockPauses?.at(-1)).toMatchObject({ from: FOUND, to: null });
    expect(h.timersOf(id)).toEqual([]);

    must(h.send(sectionId, 'REPORT_RECTIFIED', ent, FIXED));
    expect(ctx().sectionsWithDepartment).toEqual(['whole']);
    expect(ctx().clockPauses?.at(-1)).toMatchObject({ from: FOUND, to: FIXED });
    expect(h.timersOf(id).sort()).toEqual(['wholeProcess:due', 'wholeProcess:warning']);

    recordAll(h, sectionId, FIXED);
    expect(h.state(sectionId)).toBe('accepted');
    expect(ctx().stage).toBe('complete');
    // Government time: the inspection rounds count, the months of construction and the rectification do not.
    expect(ctx().wholeProcess.pauses).toEqual(
      expect.arrayContaining([
        { from: BUILT, to: APPLIED },
        { from: FOUND, to: FIXED },
      ]),
    );
  });

  it('不予通过 hands the section back to the enterprise; applying again hands it to the departments', () => {
    const { h, sectionId, ctx } = atAcceptance();
    must(h.send(sectionId, 'APPLY', ent, APPLIED));
    inspect(h, sectionId, FOUND, ['qualityAcceptance']);
    must(h.send(sectionId, 'REPORT_RECTIFIED', ent, FIXED));
    recordAll(h, sectionId, FIXED, ['qualityAcceptance']);
    expect(h.state(sectionId)).toBe('notPassed');
    expect(ctx().sectionsWithDepartment).toEqual([]);
    expect(ctx().clockPauses?.at(-1)).toMatchObject({ from: FIXED, to: null });
    const again = '2026-10-12T01:00:00.000Z';
    must(h.send(sectionId, 'APPLY', ent, again));
    expect(ctx().sectionsWithDepartment).toEqual(['whole']);
    expect(ctx().clockPauses?.at(-1)).toMatchObject({ from: FIXED, to: again });
  });

  it('v3 → v4 moves a section the departments do not hold, and refuses one under inspection', () => {
    const migration = getMigration('acceptance-section', 3, 4)!;
    const { h, sectionId } = atAcceptance();
    expect(migration.migrate(h.get(sectionId).snapshot)).toMatchObject({ ok: true });
    must(h.send(sectionId, 'APPLY', ent, APPLIED));
    const refused = migration.migrate(h.get(sectionId).snapshot);
    expect(refused).toMatchObject({ ok: false });
    expect(refused.ok === false && refused.reason).toContain('正在联合验收');
    expect(getDefinition('acceptance-section', 4)!.title).toBe('验收分段');
  });
});

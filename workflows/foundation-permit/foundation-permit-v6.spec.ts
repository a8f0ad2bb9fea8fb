/**
 * foundation-permit v6: tells its project when an application is under the housing department's review
 * (FOUNDATION_WITH_DEPARTMENT) and when it left it (FOUNDATION_WITH_ENTERPRISE), and the v5 → v6 migration.
 */
import { actors } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { FOUNDATION_APPLICATION } from '../testing/scenario-data';
import { industrialProject } from '../testing/project-fixture';
import { registry } from '../registry';
import type { StepOutcome } from '../contract';
import { FOUNDATION_WITH_DEPARTMENT, FOUNDATION_WITH_ENTERPRISE } from '../protocol';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import { ent, foundationIssued, housing, T } from '../project-case/project-case.fixtures';

const LATER = '2026-03-04T01:00:00.000Z';
/** The notices a step sends the project, by type (the step must succeed). */
const holderNotices = (outcome: StepOutcome): string[] => {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome.effects.flatMap((e) => (e.kind === 'notifyParent' ? [e.event.type] : []));
};

describe('foundation-permit v6', () => {
  it('says when each application is with the department and when it leaves it, whatever the way out', () => {
    const { h, id, fId } = foundationIssued(9);
    expect(h.get(fId).definitionVersion).toBe(6);
    must(h.send(fId, 'WORK_STARTED', ent, T));
    const applied = must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    expect(holderNotices(applied)).toEqual([FOUNDATION_WITH_DEPARTMENT]);
    expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBe(true);
    const refused = must(h.send(fId, 'REFUSE_ABOVE_GROUND_PERMIT', housing, T, { reason: '上部结构设计变更未审' }));
    expect(holderNotices(refused)).toEqual([FOUNDATION_WITH_ENTERPRISE]);
    expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBe(false);
    // Revoked while the above-ground permit is under review: the review ends with it.
    must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
    const revoked = must(h.send(fId, 'REVOKE_FOUNDATION_PERMIT', housing, LATER, { reason: '违法施工' }));
    expect(holderNotices(revoked)).toEqual([FOUNDATION_WITH_ENTERPRISE, 'FOUNDATION_PERMIT_LAPSED']);
    expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBe(false);
  });

  it('a refused foundation-stage permit leaves the department too', () => {
    const { h, id } = industrialProject(9, { name: '桩基项目', at: T, practices: { foundationFirst: true } });
    approveItem(h, id, 'item:projectFiling', 'development', T);
    approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
    approveItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
    const fId = h.at(id, 'foundation').id;
    const applied = must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, T, FOUNDATION_APPLICATION));
    expect(holderNotices(applied)).toEqual([FOUNDATION_WITH_DEPARTMENT]);
    expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBe(true);
    const refused = must(h.send(fId, 'REFUSE_FOUNDATION_PERMIT', housing, T, { reason: '质量安全措施不足' }));
    expect(holderNotices(refused)).toEqual([FOUNDATION_WITH_ENTERPRISE, 'FOUNDATION_PERMIT_REFUSED']);
    expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBe(false);
  });

  it('v5 (project-case v8 starts it) says nothing of who holds it', () => {
    const { h, fId } = foundationIssued(8);
    expect(h.get(fId).definitionVersion).toBe(5);
    must(h.send(fId, 'WORK_STARTED', ent, T));
    expect(holderNotices(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T))).toEqual([]);
  });

  describe('migration v5 → v6', () => {
    const migration = registry.getMigration('foundation-permit', 5, 6)!;

    it('is refused while the department reviews an application (the project does not know it holds it)', () => {
      const { h, fId } = foundationIssued(8);
      must(h.send(fId, 'WORK_STARTED', ent, T));
      must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, T));
      const r = migration.migrate(h.get(fId).snapshot);
      expect(r).toMatchObject({ ok: false });
      expect(!r.ok && r.reason).toContain('正在审查中');
    });

    it('is refused under a project before v9, which would refuse the notices (and the next application with them)', () => {
      expect(migration.parent).toMatchObject({ definitionId: 'project-case', minVersion: 9 });
      const { h, fId } = foundationIssued(8);
      must(h.send(fId, 'WORK_STARTED', ent, T));
      const r = h.migrate(fId, 6, actors.admin, T);
      expect(r).toMatchObject({ ok: false });
      expect(!r.ok && r.reason).toContain('请先将项目迁移到第9版');
      expect(h.get(fId).definitionVersion).toBe(5);
    });

    it('moves a case the enterprise holds once its project is on v9; its next application is counted', () => {
      const { h, id, fId } = foundationIssued(8);
      must(h.send(fId, 'WORK_STARTED', ent, T));
      expect(h.migrate(id, 9, actors.admin, T)).toEqual({ ok: true });
      expect(h.migrate(fId, 6, actors.admin, T)).toEqual({ ok: true });
      must(h.send(fId, 'APPLY_ABOVE_GROUND_PERMIT', ent, LATER));
      expect(h.context<ProjectCaseContext>(id).foundationWithDepartment).toBe(true);
    });
  });
});

/**
 * Fixtures the versioned project-case specs (v4, v5) share: their instant and actors, and the 桩基先行 path of an
 * industrial plant to an issued foundation permit.
 */
import type { ProjectPractices } from '../protocol';
import { actors } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { industrialProject } from '../testing/project-fixture';
import { FOUNDATION_APPLICATION } from '../testing/scenario-data';

export const T = '2026-03-02T01:00:00.000Z';
export const ent = actors.enterprise();
export const housing = actors.clerk('housing');
export const planning = actors.clerk('planning');

/** A 桩基先行 project (with the other practices given) whose foundation permit is issued; `fId` is the foundation case. */
export function foundationIssued(version: number, practices: Partial<ProjectPractices> = {}) {
  const { h, id } = industrialProject(version, {
    name: '桩基项目',
    at: T,
    practices: { foundationFirst: true, ...practices },
  });
  approveItem(h, id, 'item:projectFiling', 'development', T);
  approveItem(h, id, 'item:landTitleRegistration', 'planning', T);
  approveItem(h, id, 'item:landUsePlanningPermit', 'planning', T);
  const fId = h.at(id, 'foundation').id;
  must(h.send(fId, 'APPLY_FOUNDATION_PERMIT', ent, T, FOUNDATION_APPLICATION));
  approveItem(h, id, 'item:designPlanReview', 'planning', T);
  must(h.send(fId, 'ISSUE_FOUNDATION_PERMIT', housing, T));
  return { h, id, fId };
}

/**
 * Fixtures the versioned project-case specs (v4, v5) share: an industrial project (no fire or 人防 review) filed at
 * one instant, and the 桩基先行 path to an issued foundation permit.
 */
import type { ProjectPractices } from '../protocol';
import { Harness } from '../testing/harness';
import { actors, ENTERPRISE_ID } from '../testing/fixtures';
import { approveItem, must } from '../testing/drive';
import { NO_PRACTICES } from '../testing/project-fixture';

export const T = '2026-03-02T01:00:00.000Z';
export const ent = actors.enterprise();
export const housing = actors.clerk('housing');
export const planning = actors.clerk('planning');

/** A project case of `version` for an industrial plant with 联合发证 and the practices given. */
export function industrialProject(
  version: number,
  options: { name: string; category?: string; practices?: Partial<ProjectPractices> },
) {
  const h = new Harness();
  const id = h.create(
    'p',
    'project-case',
    version,
    {
      projectId: 'p',
      name: options.name,
      enterpriseId: ENTERPRISE_ID,
      category: options.category ?? 'socialInvestment',
      practices: { ...NO_PRACTICES, jointIssuance: true, ...options.practices },
      flags: { industrial: true, specialConstruction: false, civilDefense: 'exempt' },
    },
    ent,
    T,
  );
  return { h, id };
}

/** The 桩基先行 application of a 1# plant whose drawings are not yet reviewed. */
export const FOUNDATION_APPLICATION = {
  landContractSignedAndPaid: true,
  foundationDrawingsReviewed: false,
  drawingStabilityCommitment: true,
  contractorEngaged: true,
  supervisorEngaged: true,
  fundsCommitmentSigned: true,
  qualitySafetyMeasures: true,
  unitWorks: [{ name: '1#厂房', area: 18000, includesSuperstructure: true }],
};

/** A 桩基先行 project (with the other practices given) whose foundation permit is issued; `fId` is the foundation case. */
export function foundationIssued(version: number, practices: Partial<ProjectPractices> = {}) {
  const { h, id } = industrialProject(version, {
    name: '桩基项目',
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

/**
 * The design-plan pre-review of a 带方案出让 project in the savings report's fast track: the rule project-case v4
 * applies (v4/design-plan-pre-review.ts), read from there so the report schedules the review as the process opens
 * it — after the project filing, not after the land permits. Cases before v4 did not pre-review.
 */
import type { Catalog } from '../catalog/types';
import { dependsOnFor, preReviewItems } from '../project-case/v4/design-plan-pre-review';

/** The first project-case version that pre-reviews the design plan (project-case.machine.ts, `v4`). */
export const PRE_REVIEW_CASE_VERSION = 4;

/** Items the project's case opens before their stage, each with the items it still waits for. */
export function preReviewedItems(catalog: Catalog, category: string, caseVersion: number): Record<string, string[]> {
  if (caseVersion < PRE_REVIEW_CASE_VERSION) return {};
  const out: Record<string, string[]> = {};
  for (const code of preReviewItems(catalog, category)) {
    const item = catalog.items.find((i) => i.code === code);
    if (item) out[code] = dependsOnFor(item, category);
  }
  return out;
}

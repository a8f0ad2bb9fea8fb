/**
 * project-case v4, 带方案出让 (DOMAIN.md catalog corrections, "Dependencies"): for land sold with an approved
 * design plan the design plan may be pre-reviewed before the land sale. A project of the category
 * 带方案出让用地项目 (`landWithDesignPlan`, which the filing allows only with that land supply mode) opens the
 * design-plan review in the land stage, and it waits only for the project filing, not for the land permits; the
 * engineering stage then finds it approved. Other projects keep the catalog's order.
 */
import type { Catalog, CatalogItem } from '../../catalog/types';

export const PRE_REVIEW_CATEGORY = 'landWithDesignPlan';
export const PRE_REVIEWED_ITEM = 'designPlanReview';
/** What the pre-review still waits for: the project is filed (备案) before its design plan is reviewed. */
const PRE_REVIEW_DEPENDS_ON = ['projectFiling'];

/** The item's dependencies on this project. */
export function dependsOnFor(item: CatalogItem, category: string): string[] {
  return category === PRE_REVIEW_CATEGORY && item.code === PRE_REVIEWED_ITEM ? PRE_REVIEW_DEPENDS_ON : item.dependsOn;
}

/** Items this project opens before their stage, besides the catalog's `opensEarly` ones. */
export function preReviewItems(catalog: Catalog, category: string): string[] {
  return category === PRE_REVIEW_CATEGORY && catalog.items.some((i) => i.code === PRE_REVIEWED_ITEM)
    ? [PRE_REVIEWED_ITEM]
    : [];
}

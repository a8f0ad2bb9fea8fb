/**
 * project-case v10: an item that ends without a decision (ITEM_CLOSED: 撤件、撤回、不受理) or is revoked (ITEM_REVOKED)
 * is no longer with the enterprise. v3–v9 took its code off `itemsWithEnterprise` (补正) only when the item went back
 * to the department or was decided, so an item closed while in 补正 stayed listed: the clock read 企业补正 instead of
 * 待企业重新申报, and once the enterprise applied again (REAPPLY_ITEM, a new item of the same code, received by the
 * window) `governmentWorking` still skipped that code and the clock stood while a department held the item.
 * (A refusal is an ITEM_DECIDED, which every version already takes off the list; a revocation follows a decision,
 * so its code is normally off the list already: v10 takes it off all the same, so no ending leaves it there.)
 */
import { PROJECT_CASE_V10 } from '../../protocol';
import type { ProjectCaseContext } from '../project-case.types';

/** The first project-case version whose ended items leave `itemsWithEnterprise`. */
export const ENDED_ITEM_VERSION = PROJECT_CASE_V10;

/** The item `code` ended (closed or revoked): the enterprise holds nothing of it any more. */
export function releaseEndedItem(
  context: ProjectCaseContext,
  code: string,
): Pick<ProjectCaseContext, 'itemsWithEnterprise'> | Record<string, never> {
  if (context.itemsWithEnterprise === undefined) return {};
  return { itemsWithEnterprise: context.itemsWithEnterprise.filter((c) => c !== code) };
}

/**
 * The codes a v9 case lists as with the enterprise although their item is not open (closed, revoked, refused…) are
 * what v10 would never have kept: this is the list without them. An open item stays listed: it may be a
 * re-application of a closed item (its new instance received by a department, the code listed only because v9 kept
 * it) or truly in 补正, and the project's context does not say which (v10-migration.ts).
 */
export function openItemsWithEnterprise(context: ProjectCaseContext, listed: readonly string[]): string[] {
  return listed.filter((c) => context.items[c]?.status === 'open');
}

/**
 * project-case v9: one rule for "the project waits for the enterprise's re-application" (重新申报). v8's clock reads
 * 待企业重新申报 by `waitsForReapplication` (v8/clock-pauses.ts: a required item of a reached stage refused, closed or
 * revoked), while its summary kept v7's `waitsOnReapplication` (a reopened earlier stage, or a REFUSED item of the
 * current stage). On a revoked or closed item of the current stage they disagreed: the clock said 待企业重新申报 and
 * nobody's 待办 held the case. v9's summary calls the clock's predicate.
 */
import type { StageKey } from '../../catalog/types';
import type { ProjectCaseContext } from '../project-case.types';
import { governmentWorking, reapplicationInProgress, reopenedStage } from '../project-case.rules';
import { waitsForReapplication } from '../v8/clock-pauses';

/**
 * The case is the enterprise's (its and the steward's 待办, REAPPLY_ITEM offered, no department queue): a
 * re-application is due (the clock's rule) and no department holds anything of the project, so the clock stands on
 * 待企业重新申报. While a department does hold something (an item, a section, a foundation review), the case stays
 * the department's, as on v7, except for a reopened earlier stage not yet applied for again (v7 already gave that
 * to the enterprise).
 */
export function waitsOnEnterpriseForReapplication(
  context: ProjectCaseContext,
  stageKeys: readonly StageKey[],
): boolean {
  if (!waitsForReapplication(context, stageKeys)) return false;
  if (!governmentWorking(context)) return true;
  const reopened = reopenedStage(context, stageKeys);
  return reopened !== null && !reapplicationInProgress(context, reopened);
}

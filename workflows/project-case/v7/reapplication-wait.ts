/**
 * project-case v7 (issue #18 point 13, DOMAIN.md "Revocation is visible"): a project that waits for the
 * enterprise's re-application (重新申报) waits on the enterprise. v6's summary said 'department' whatever the
 * context, so the enterprise's and the steward's 待办 (queues on waiting_on = 'enterprise') never listed the
 * re-application the project page offers. The machine is v6's (v5's); only describe() changes, hence the
 * migration from v6 that always moves.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import type { StageKey } from '../../catalog/types';
import { DEFINITION_IDS } from '../../protocol';
import type { ProjectCaseContext } from '../project-case.types';
import { governmentWorking, itemReapplyProblem, reapplicationInProgress, reopenedStage } from '../project-case.rules';

/** The first project-case version whose summary waits on the enterprise for a re-application. */
export const REAPPLICATION_WAIT_VERSION = 7;

/**
 * The project waits on the enterprise's re-application: a stage reopened by a revocation (or a lapse) whose
 * re-application is not yet applied for, or a refused required item (不予通过，可重新申报) of the current stage while no
 * department has anything of the project open (an open item or acceptance inspection keeps it the department's,
 * as on v6). Neither holds once the re-application is applied for (the item is open again).
 */
export function waitsOnReapplication(context: ProjectCaseContext, stageKeys: readonly StageKey[]): boolean {
  if (context.stage === 'complete') return false;
  const reopened = reopenedStage(context, stageKeys);
  if (reopened !== null && !reapplicationInProgress(context, reopened)) return true;
  if (reopened !== null || governmentWorking(context)) return false;
  return context.itemOrder.some((code) => {
    const item = context.items[code];
    return (
      item.stage === context.stage &&
      item.required &&
      item.status === 'refused' &&
      itemReapplyProblem(context, code) === null
    );
  });
}

/** v6 → v7: every case moves; the machine and the context are v6's, only the summary reads the context anew. */
export function createProjectCaseReapplicationWaitMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: REAPPLICATION_WAIT_VERSION - 1,
    toVersion: REAPPLICATION_WAIT_VERSION,
    migrate: (snapshot: PersistedSnapshot) => ({ ok: true, snapshot: { ...snapshot } }),
  };
}

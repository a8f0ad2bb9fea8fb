/**
 * project-case v6 (issue #18 points 10 and 13, DOMAIN.md "Revocation is visible"): the case's summary follows a
 * revocation. A revoked (or lapsed) approval reopens its stage; v6's summary names that stage, queues the case with
 * the stage's lead department and says 已撤销，待重新申报, so the project list, its `?stage=` filter and the
 * department queue agree with the project page. The machine is v5's; only describe() changes, hence the migration
 * from v5 that always moves.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import type { StageKey } from '../../catalog/types';
import { DEFINITION_IDS } from '../../protocol';
import type { ProjectCaseContext } from '../project-case.types';
import { reapplicationInProgress, reopenedStage } from '../project-case.rules';
import { lapsedPermit } from '../v4/work-start-watch';

/** The first project-case version whose summary (stage, queue, label) follows a reopened stage. */
export const REOPENED_STAGE_VERSION = 6;

const REVOKED_STAGE_LABEL = '已撤销，待重新申报';
const LAPSED_STAGE_LABEL = '施工许可证已失效，待重新申报';
const REAPPLYING_LABEL = '已撤销，重新申报办理中';

/**
 * How a reopened stage reads: its re-application in progress, a lapsed construction permit (v4), or any other
 * revocation 已撤销.
 */
export function reopenedStageLabel(context: ProjectCaseContext, stage: string): string {
  if (reapplicationInProgress(context, stage)) return REAPPLYING_LABEL;
  const lapse = lapsedPermit(context);
  const lapsedItem = lapse ? context.certificates[lapse.certificate]?.itemCode : undefined;
  return lapsedItem && context.items[lapsedItem]?.stage === stage ? LAPSED_STAGE_LABEL : REVOKED_STAGE_LABEL;
}

/**
 * The stage the project is at, as the project page shows it: the earliest reopened stage, or the stage the case
 * reached. A completed case stays complete (null).
 */
export function currentStageOf(context: ProjectCaseContext, stageKeys: readonly StageKey[]): StageKey | null {
  if (context.stage === 'complete') return null;
  return reopenedStage(context, stageKeys) ?? context.stage;
}

/** v5 → v6: every case moves; the machine and the context are v5's, only the summary reads the context anew. */
export function createProjectCaseReopenedStageMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: REOPENED_STAGE_VERSION - 1,
    toVersion: REOPENED_STAGE_VERSION,
    migrate: (snapshot: PersistedSnapshot) => ({ ok: true, snapshot: { ...snapshot } }),
  };
}

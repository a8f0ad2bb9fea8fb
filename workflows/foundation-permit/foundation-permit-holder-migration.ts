/**
 * foundation-permit v5 → v6 (v6 tells its project when an application is with the housing department). A case the
 * enterprise holds (preparing, waiting for the work start, foundation work underway) or one that has ended moves as
 * it is: the project counts it as with the enterprise, which is true, and its next application tells the project.
 * One under review stays until the decision: its project heard nothing when it was applied for, so the review would
 * go uncounted until then, and the notice that ends it would be the first the project hears.
 * Its project must take the notices (project-case v9; move the project first): v3–v8 refuse them, and with them
 * the enterprise's next application (the engine checks `parent` before moving the case).
 */
import type { DefinitionMigration, PersistedSnapshot } from '../contract';
import { rule, stateString } from '../core/define';
import { DEFINITION_IDS, PROJECT_CASE_V9 } from '../protocol';
import { HOLDER_NOTICE_FOUNDATION_VERSION } from './foundation-permit.machine';

/** The states in which the housing department reviews an application (describe(): not the enterprise's turn). */
const IN_REVIEW = ['foundationApplied', 'foundationPermitted.aboveGroundApplied'];

export function createFoundationPermitHolderMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.foundationPermit,
    fromVersion: HOLDER_NOTICE_FOUNDATION_VERSION - 1,
    toVersion: HOLDER_NOTICE_FOUNDATION_VERSION,
    parent: {
      definitionId: DEFINITION_IDS.projectCase,
      minVersion: PROJECT_CASE_V9,
      reason: rule(
        `所属项目的流程版本早于第${PROJECT_CASE_V9}版，不接收桩基先行施工许可的审查通知，请先将项目迁移到第${PROJECT_CASE_V9}版`,
        `the project is on a version before ${PROJECT_CASE_V9}, which refuses the permit's review notices; move the project first`,
      ),
    },
    migrate(snapshot: PersistedSnapshot) {
      if (IN_REVIEW.includes(stateString(snapshot.value))) {
        return {
          ok: false,
          reason: rule(
            '本桩基先行的施工许可申请正在审查中，项目未记录该审查，作出审查决定后再迁移',
            'an application is under the housing department’s review, unknown to the project; migrate after the decision',
          ),
        };
      }
      return { ok: true, snapshot };
    },
  };
}

/**
 * project-case v10 → v11. v11 is v10 plus: the open sections are told what acceptance waits for
 * (acceptance-conditions.ts), work-start v3 reports the start (work-started.ts), acceptance opens once the permit is
 * in force, a complete project offers a re-application (completed-reapplication.ts), a re-applied item may be
 * withdrawn (撤件) until decided. Every case moves as it is; what it sends follows from its next step (the `always`
 * guard), and from then on it starts its children on V11_CHILD_VERSIONS.
 *
 * Limits, because the project's snapshot does not hold what would settle them:
 * - Sections opened on v10 run acceptance-section v4, which does not take ACCEPTANCE_CONDITIONS: they are not told
 *   (only sections v11 opens are marked `takesConditions`); their APPLY stays as on v10.
 * - Work-start periods started on v10 (work-start v2, even once moved to v3) are not judged: the project cannot
 *   know whether work was reported started before the move (work-started.ts).
 * - A case already in completion acceptance stays there although its permit may not be in force.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import { DEFINITION_IDS, PROJECT_CASE_V11 } from '../../protocol';

/** v10 → v11: every case moves as it is. */
export function createProjectCaseV11Migration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: PROJECT_CASE_V11 - 1,
    toVersion: PROJECT_CASE_V11,
    migrate: (snapshot: PersistedSnapshot) => ({ ok: true, snapshot }),
  };
}

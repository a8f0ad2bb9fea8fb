/**
 * project-case v8 → v9. v9 is v8 plus: its foundation permit starts on foundation-permit v6 and the clock counts that
 * permit's review (v9/foundation-review.ts), and its summary waits on the enterprise whenever the clock waits for a
 * re-application (v9/reapplication-wait.ts). Every case moves: the summary reads the context anew, and a foundation
 * permit already started keeps its version (v5 says nothing of its review, so the clock stands through it as on v8,
 * until that permit itself moves to v6 by its own migration). The moved case has no `foundationWithDepartment`
 * (absent reads as "not under review"), which is true of a v5 permit's project until the v6 permit's next notice.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import { DEFINITION_IDS, PROJECT_CASE_V9 } from '../../protocol';

/** v8 → v9: every case moves. */
export function createProjectCaseV9Migration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: PROJECT_CASE_V9 - 1,
    toVersion: PROJECT_CASE_V9,
    migrate: (snapshot: PersistedSnapshot) => ({ ok: true, snapshot: { ...snapshot } }),
  };
}

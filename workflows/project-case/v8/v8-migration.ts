/**
 * project-case v8: the children it starts are the versions in V8_CHILD_VERSIONS (workflows/protocol.ts); the
 * children a v7 case already started keep their versions (each has its own migration). Hence the migration from v7
 * always moves: what changes is only what the case starts from now on.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import { DEFINITION_IDS, PROJECT_CASE_V8 } from '../../protocol';

/** v7 → v8: every case moves. */
export function createProjectCaseV8Migration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: PROJECT_CASE_V8 - 1,
    toVersion: PROJECT_CASE_V8,
    migrate: (snapshot: PersistedSnapshot) => ({ ok: true, snapshot: { ...snapshot } }),
  };
}

/**
 * project-case v8: the children it starts are the versions in V8_CHILD_VERSIONS (workflows/protocol.ts); the
 * children a v7 case already started keep their versions (each has its own migration). Hence the migration from v7
 * always moves: what changes is only what the case starts from now on. The clock's pauses (v8/clock-pauses.ts) need
 * nothing either: the pauses recorded on v7 stay as recorded, one open at the migration keeps its reason until it
 * ends, and a moved case (no sectionsWithEnterprise) reads its sections' pauses as v7 did.
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

/**
 * foundation-permit v6 → v7 (the enterprise asks for the work-start extension; the revocation reason names the
 * approvals). Every case moves: v7's states, timers and notices are v6's. A case waiting for the work start keeps
 * its period and the extensions the department granted on v6 (they count towards the two); from the move on, only
 * the enterprise's request extends it. A reason already stored keeps its words (the views name its codes).
 * Its project is v9 or later already: only project-case v9+ starts v6, and v7 sends it nothing new.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../contract';
import { DEFINITION_IDS } from '../protocol';
import { EXTENSION_REQUEST_FOUNDATION_VERSION } from './foundation-permit.machine';

export function createFoundationPermitRequestMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.foundationPermit,
    fromVersion: EXTENSION_REQUEST_FOUNDATION_VERSION - 1,
    toVersion: EXTENSION_REQUEST_FOUNDATION_VERSION,
    migrate(snapshot: PersistedSnapshot) {
      return { ok: true, snapshot: { ...snapshot, context: { ...snapshot.context, extensionRequests: [] } } };
    },
  };
}

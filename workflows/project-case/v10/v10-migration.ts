/**
 * project-case v9 → v10. v10 is v9 plus: a closed or revoked item leaves `itemsWithEnterprise`
 * (v10/ended-item.ts). Every case moves; the migration drops from `itemsWithEnterprise` the codes of items that are
 * not open, which v10 would never have kept there.
 *
 * Limits, both because the project's snapshot does not hold what would settle them:
 * - A closed item already re-applied for on v9 is open again and stays listed: its new instance may be with the
 *   department (the stale v9 entry) or in 补正 itself, and only that child knows. Its clock keeps standing, as on
 *   v9, until the new item's next notice (back with the department, decided, closed) settles the entry.
 * - A closed item keeps no date, so the instant the enterprise stopped correcting is not known: the moved case's
 *   open 企业补正 pause is relabelled 待企业重新申报 at its next event (the `pauseReasonStale` relabel), not at the
 *   closure.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import { DEFINITION_IDS, PROJECT_CASE_V10 } from '../../protocol';
import { migrateContext } from '../../core/kit';
import type { ProjectCaseContext } from '../project-case.types';
import { openItemsWithEnterprise } from './ended-item';

/** v9 → v10: every case moves, its ended items off `itemsWithEnterprise`. */
export function createProjectCaseV10Migration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: PROJECT_CASE_V10 - 1,
    toVersion: PROJECT_CASE_V10,
    migrate: (snapshot: PersistedSnapshot) => ({
      ok: true,
      snapshot: migrateContext<ProjectCaseContext>(snapshot, (next) => {
        if (next.itemsWithEnterprise)
          next.itemsWithEnterprise = openItemsWithEnterprise(next, next.itemsWithEnterprise);
      }),
    }),
  };
}

/**
 * A migration's parent rule (DefinitionMigration.parent): the engine and the test harness check it before moving a
 * case, so a child never moves onto a version whose notices its parent would refuse.
 */
import type { DefinitionMigration } from '../contract';
/** Why a case with this parent (null: a root instance) cannot move under `migration`, or null. */
export function migrationParentProblem(
  migration: DefinitionMigration,
  parent: { definitionId: string; definitionVersion: number } | null,
): string | null {
  const need = migration.parent;
  if (!need || parent === null) return null;
  return parent.definitionId === need.definitionId && parent.definitionVersion >= need.minVersion ? null : need.reason;
}

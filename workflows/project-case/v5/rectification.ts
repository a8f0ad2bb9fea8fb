/**
 * project-case v5 (issue #18, DOMAIN.md "Above-ground permit under 桩基先行"): the project keeps which of its
 * 告知承诺 are in rectification (approval-item v3 passes the order on) and tells its foundation permit (v4), with
 * those revoked, in the PREREQUISITES_UPDATED notice; the migration from v4.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import { DEFINITION_IDS } from '../../protocol';
import type { ProjectCaseContext } from '../project-case.types';

/** The first project-case version that passes a 告知承诺 rectification on to the foundation permit. */
export const RECTIFICATION_VERSION = 5;

/** The context a v5 case starts with: nothing in rectification, and its foundation permit will hear of it. */
export const rectificationStart = (): Pick<
  ProjectCaseContext,
  'commitmentsInRectification' | 'rectificationNotice'
> => ({
  commitmentsInRectification: [],
  rectificationNotice: true,
});

/** An item's 告知承诺 enters rectification, or leaves it (verified, revoked: the item's own notice). */
export function markInRectification(
  context: ProjectCaseContext,
  code: string,
  on: boolean,
): Pick<ProjectCaseContext, 'commitmentsInRectification'> | Record<string, never> {
  if (!context.commitmentsInRectification) return {};
  const rest = context.commitmentsInRectification.filter((c) => c !== code);
  return { commitmentsInRectification: on ? [...rest, code] : rest };
}

/**
 * What v5 adds to the foundation permit's notice, only for a foundation permit it started (v4): the items whose
 * 告知承诺 is in rectification, and those approved on 告知承诺 and revoked. None for an older case or child.
 */
export function rectificationNoticeFields(context: ProjectCaseContext): Record<string, string[]> {
  if (!context.rectificationNotice) return {};
  const rectifying = context.commitmentsInRectification ?? [];
  return {
    commitmentsInRectification: context.itemOrder.filter((c) => rectifying.includes(c)),
    commitmentsRevoked: context.itemOrder.filter(
      (c) => context.items[c].status === 'revoked' && context.items[c].basis === 'notifyCommitment',
    ),
  };
}

/**
 * v4 → v5: every case moves (none has a rectification on record: v4's items never report one). Its foundation
 * permit, if already started, stays on foundation-permit v3 and keeps receiving v3's notice; one started after the
 * migration is v4 and hears of rectifications. Items started after the migration are approval-item v3.
 */
export function createProjectCaseRectificationMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: RECTIFICATION_VERSION - 1,
    toVersion: RECTIFICATION_VERSION,
    migrate(snapshot: PersistedSnapshot) {
      const ctx = snapshot.context as unknown as ProjectCaseContext;
      const started = !['notDeclared', 'waiting'].includes(ctx.foundation.status);
      return {
        ok: true,
        snapshot: {
          ...snapshot,
          context: { ...snapshot.context, commitmentsInRectification: [], rectificationNotice: !started },
        },
      };
    },
  };
}

/** The 验收分段's migration v4 → v5 (the project's acceptance conditions; no commitment checks of its own). */
import type { DefinitionMigration, PersistedSnapshot } from '../contract';
import { rule, stateString } from '../core/define';
import { DEFINITION_IDS } from '../protocol';
import type { AcceptanceSectionContext as C } from './acceptance-section.types';

/**
 * v4 → v5: the states are v4's. A section moves unless a 对标验收 recorded on it is still open (pending or not
 * met): v5 keeps no commitment checks (the commitment's own case records the 对标验收) and its gate is the open
 * commitments the project sends, which a project older than v11 never does; such a section finishes on v4. The
 * checks all met (or none) are dropped, and nothing blocks until the project says otherwise.
 */
export function createAcceptanceSectionConditionsMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.acceptanceSection,
    fromVersion: 4,
    toVersion: 5,
    migrate(snapshot: PersistedSnapshot) {
      const context = snapshot.context as Partial<C>;
      const open = Object.values(context.commitmentChecks ?? {}).filter((c) => c.result !== 'met');
      if (open.length) {
        return {
          ok: false,
          reason: rule(
            `本分段有未完成的对标验收（${open.map((c) => c.itemName).join('、')}），在原版本办结`,
            'a commitment check recorded on the section is still open; the section finishes on v4',
          ),
        };
      }
      const { commitmentChecks: _dropped, ...rest } = context;
      return {
        ok: true,
        snapshot: {
          ...snapshot,
          context: {
            ...rest,
            applyBlockedBy: null,
            openCommitments: [],
            applicationRound: applicationRoundOf(stateString(snapshot.value), context),
            heldBy: 'department',
          },
        },
      };
    },
  };
}

/**
 * v4 → v5: the round the section's current application began with, read off v4's context: an application's
 * first round is the one it was applied with, and only a rectification (which pauses the joint clock, the
 * application's own) leads to a second; a section rectifying is in the first round of its application (a defect
 * in the second is 不予通过). So under inspection with a pause on the clock it is a re-inspection (round − 1).
 */
function applicationRoundOf(state: string, context: Partial<C>): number {
  const round = context.round ?? 1;
  if (state === 'jointInspection' && (context.clock?.pauses.length ?? 0) > 0) return round - 1;
  return round;
}

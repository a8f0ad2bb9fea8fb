/**
 * work-start v1 → v2 (extensions counted from the end of the period before, label after an extension). A case
 * still waiting for the start with no extension moves as it is: its period and timer are the same on v2, and an
 * extension asked for after the move follows v2. One already extended stays on v1: its deadline was counted from
 * the issue date and the enterprise was told that date; recounting it would move a deadline already granted.
 * A finished case (started, lapsed) has no deadline left to show.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../contract';
import { rule } from '../core/define';
import { DEFINITION_IDS } from '../protocol';
import { EXTENSION_FROM_END_VERSION } from './work-start.machine';

/** The extensions granted so far in a snapshot's work-start period (work-start and foundation-permit alike). */
export function extensionsOf(snapshot: PersistedSnapshot): number {
  const period = snapshot.context.workStart;
  if (typeof period !== 'object' || period === null || !('extensions' in period)) return 0;
  return typeof period.extensions === 'number' ? period.extensions : 0;
}

export function createWorkStartExtensionMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.workStart,
    fromVersion: EXTENSION_FROM_END_VERSION - 1,
    toVersion: EXTENSION_FROM_END_VERSION,
    migrate(snapshot: PersistedSnapshot) {
      if (snapshot.value !== 'awaitingWorkStart') {
        return {
          ok: false,
          reason: rule(
            '开工期限已结束（已开工或施工许可证已失效），无需迁移',
            'the work-start period has ended (started or lapsed); nothing to migrate',
          ),
        };
      }
      if (extensionsOf(snapshot) > 0) {
        return {
          ok: false,
          reason: rule(
            '已按旧版本延期，延期期限自领证之日起累计计算并已告知企业；迁移会改变已批准的开工期限，不迁移',
            'already extended on v1 (counted from the issue date); moving would change a deadline already granted',
          ),
        };
      }
      return { ok: true, snapshot };
    },
  };
}

/**
 * foundation-permit v4 → v5 (each work-start extension from the end of the period before, labelled; as
 * work-start v2). A case whose period was not extended moves as it is: its deadline and timer are the same on v5.
 * One already extended stays on v4: its due date was counted from the issue date and told to the enterprise.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../contract';
import { rule } from '../core/define';
import { DEFINITION_IDS } from '../protocol';
import { extensionsOf } from '../work-start/work-start-migration';
import { EXTENSION_FROM_END_FOUNDATION_VERSION } from './foundation-permit.machine';

export function createFoundationPermitExtensionMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.foundationPermit,
    fromVersion: EXTENSION_FROM_END_FOUNDATION_VERSION - 1,
    toVersion: EXTENSION_FROM_END_FOUNDATION_VERSION,
    migrate(snapshot: PersistedSnapshot) {
      if (extensionsOf(snapshot) > 0) {
        return {
          ok: false,
          reason: rule(
            '桩基阶段施工许可已按旧版本延期，延期期限自领证之日起累计计算并已告知企业；迁移会改变已批准的开工期限，不迁移',
            'already extended on v4 (counted from the issue date); moving would change a deadline already granted',
          ),
        };
      }
      return { ok: true, snapshot };
    },
  };
}

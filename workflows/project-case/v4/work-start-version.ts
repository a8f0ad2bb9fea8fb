/**
 * project-case v4 (建筑法 art. 9 for the ordinary construction permit): its notice, and the migration from v3.
 */
import type { DefinitionMigration, PersistedSnapshot } from '../../contract';
import type { Catalog } from '../../catalog/types';
import { rule } from '../../core/define';
import { s } from '../../core/json-schema';
import { DEFINITION_IDS } from '../../protocol';
import type { ProjectCaseContext } from '../project-case.machine';

/** The first project-case version that watches the construction permit's work-start period. */
export const WORK_START_VERSION = 4;

export const constructionPermitLapsedSchema = s.object(
  { itemCode: s.string('事项'), certificate: s.string('证照'), at: s.string('失效时间') },
  ['certificate'],
);

/**
 * v3 → v4: the same case, watching construction permits issued from now on. A case whose construction permit
 * was already issued on v3 stays there: its work-start period would start at the migration, not at the issue.
 */
export function createProjectCaseWorkStartMigration(catalog: Catalog): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.projectCase,
    fromVersion: WORK_START_VERSION - 1,
    toVersion: WORK_START_VERSION,
    migrate(snapshot: PersistedSnapshot) {
      const ctx = snapshot.context as unknown as ProjectCaseContext;
      const record = ctx.items[catalog.foundationFirst.constructionPermitItem];
      const issued = record?.certificate ? ctx.certificates[record.certificate] : undefined;
      if (issued?.status === 'valid' && !record.viaFoundationPermit) {
        return {
          ok: false,
          reason: rule(
            '施工许可证已按旧版本核发，其开工期限无法从核发之日起跟踪，不迁移',
            'the construction permit was issued on v3; its work-start period cannot be tracked from the issue date',
          ),
        };
      }
      return { ok: true, snapshot: { ...snapshot, context: { ...snapshot.context, workStartWatches: [] } } };
    },
  };
}

/**
 * work-start v2 → v3 (v3 tells the project when work is reported started). Every case moves as it is: the period,
 * its timer and its label are v2's. One still waiting tells its project of the start once it is reported; one
 * already started or lapsed has nothing left to report (the project, moved from project-case v10, does not wait
 * for a start it was never told of: project-case/v11/work-started.ts).
 */
import type { DefinitionMigration, PersistedSnapshot } from '../contract';
import { DEFINITION_IDS } from '../protocol';
import { WORK_STARTED_NOTICE_VERSION } from './work-start.machine';

export function createWorkStartNoticeMigration(): DefinitionMigration {
  return {
    definitionId: DEFINITION_IDS.workStart,
    fromVersion: WORK_STARTED_NOTICE_VERSION - 1,
    toVersion: WORK_STARTED_NOTICE_VERSION,
    migrate: (snapshot: PersistedSnapshot) => ({ ok: true, snapshot }),
  };
}

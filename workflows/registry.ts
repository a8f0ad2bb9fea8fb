/**
 * Every released definition version. A released version never changes; new behaviour is a new version, and
 * every version stays loadable so old instances replay on the code they ran on.
 */
import type { DefinitionMigration, WorkflowDefinition } from './contract';
import type { Catalog } from './catalog/types';
import { suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2 } from './catalog';
import type { RuntimeDefinition } from './core/define';
import {
  createApprovalItemDefinition,
  createApprovalItemEarlyFulfilmentMigration,
  createApprovalItemMigration,
  createApprovalItemRectificationMigration,
} from './approval-item/approval-item.definition';
import {
  createAcceptanceSectionDefinition,
  createAcceptanceSectionHolderMigration,
  createAcceptanceSectionMigration,
} from './acceptance-section/acceptance-section.definition';
import { createAcceptanceSectionConditionsMigration } from './acceptance-section/acceptance-section.migration-v5';
import {
  createFoundationPermitDefinition,
  createFoundationPermitMigration,
  createFoundationPermitRectificationMigration,
} from './foundation-permit/foundation-permit.definition';
import {
  createNotifyCommitmentDefinition,
  createNotifyCommitmentMigration,
  createNotifyCommitmentRectificationMigration,
} from './notify-commitment/notify-commitment.definition';
import {
  createToleranceCommitmentDefinition,
  createToleranceCommitmentMigration,
} from './tolerance-commitment/tolerance-commitment.definition';
import {
  createProjectCaseDefinition,
  createProjectCaseFlagsMigration,
  createProjectCaseMigration,
} from './project-case/project-case.definition';
import { createProblemDefinition } from './problem/problem.definition';
import { createProjectCaseWorkStartMigration } from './project-case/v4/work-start-version';
import { createProjectCaseRectificationMigration } from './project-case/v5/rectification';
import { createProjectCaseReopenedStageMigration } from './project-case/v6/reopened-stage';
import { createProjectCaseReapplicationWaitMigration } from './project-case/v7/reapplication-wait';
import { createProjectCaseV8Migration } from './project-case/v8/v8-migration';
import { createProjectCaseV9Migration } from './project-case/v9/v9-migration';
import { createProjectCaseV10Migration } from './project-case/v10/v10-migration';
import { createProjectCaseV11Migration } from './project-case/v11/v11-migration';
import { createFoundationPermitHolderMigration } from './foundation-permit/foundation-permit-holder-migration';
import { createWorkStartDefinition } from './work-start/work-start.definition';
import { createWorkStartExtensionMigration } from './work-start/work-start-migration';
import { createWorkStartNoticeMigration } from './work-start/work-start-notice-migration';
import { createFoundationPermitExtensionMigration } from './foundation-permit/foundation-permit-extension-migration';
import { createFoundationPermitRequestMigration } from './foundation-permit/foundation-permit-request-migration';

/** Definitions of different context types share one list: the context type is erased here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDefinition = RuntimeDefinition<any>;

export interface Registry {
  definitions: AnyDefinition[];
  migrations: DefinitionMigration[];
  getDefinition(id: string, version: number): AnyDefinition | undefined;
  latestVersion(id: string): number | undefined;
  getMigration(id: string, fromVersion: number, toVersion: number): DefinitionMigration | undefined;
}

/**
 * `catalog` is the released catalog the first versions were built from; `corrected` (catalog v2, DOMAIN.md's
 * second-round corrections) builds the versions after them. One line per definition version.
 */
export function createRegistry(catalog: Catalog, corrected: Catalog = catalog): Registry {
  const definitions: AnyDefinition[] = [
    createApprovalItemDefinition(catalog, 1),
    createApprovalItemDefinition(corrected, 2),
    createApprovalItemDefinition(corrected, 3), // passes a 告知承诺 rectification order on to the project (v5)
    createApprovalItemDefinition(corrected, 4), // v3 + takes its 容缺's fulfilment before the decision
    // v1 四证联发, v2 六证联发: one version per bundle the released catalog declares.
    ...Object.keys(catalog.bundles)
      .map(Number)
      .sort((a, b) => a - b)
      .map((version) => createProjectCaseDefinition(catalog, version)),
    // v3: the corrected catalog; the project's flags choose its items and its bundle.
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 3)] : []),
    // v4: the ordinary construction permit lapses if work does not start in time (建筑法 art. 9).
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 4)] : []),
    // v5: a 告知承诺 in rectification or revoked blocks the above-ground permit (starts foundation-permit v4).
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 5)] : []),
    // v6: v5's machine; its summary (stage, queue, label) follows a stage reopened by a revocation.
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 6)] : []),
    // v7: v6's machine; a project waiting for a re-application (重新申报) waits on the enterprise.
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 7)] : []),
    // v8: v7 starting the children of V8_CHILD_VERSIONS (workflows/protocol.ts).
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 8)] : []),
    // v9: v8 starting the foundation permit on v6 and counting its review; re-application by the clock's rule.
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 9)] : []),
    // v10: v9 taking a closed or revoked item off the items with the enterprise (补正).
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 10)] : []),
    // v11: v10 telling its sections what acceptance waits for (permit in force, work started, commitments open).
    ...(corrected.jointIssuanceByProject ? [createProjectCaseDefinition(corrected, 11)] : []),
    createWorkStartDefinition(corrected, 1), // 施工许可开工期限, started by project-case v4
    createWorkStartDefinition(corrected, 2), // v1 + each extension from the end of the period before, and labelled
    createWorkStartDefinition(corrected, 3), // v2 + tells the project when work is reported started (project-case v11)
    createAcceptanceSectionDefinition(catalog, 1),
    createAcceptanceSectionDefinition(catalog, 2), // 验收分段: rectification deadline, paused clock, 不予通过, 先建后验 checks
    createAcceptanceSectionDefinition(corrected, 3), // the v2 rules on catalog v2 (土地核验, 竣工验收备案, fire with housing)
    createAcceptanceSectionDefinition(corrected, 4), // v3 + tells the project who holds it (whole-process clock)
    createAcceptanceSectionDefinition(corrected, 5), // v4 + waits for the project's acceptance conditions (ACCEPTANCE_CONDITIONS)
    createToleranceCommitmentDefinition(catalog, 1),
    createToleranceCommitmentDefinition(catalog, 2), // 容缺: supplied in time is kept; review on the department's clock
    createToleranceCommitmentDefinition(corrected, 3), // the v2 rules on catalog v2's tolerance lists
    createNotifyCommitmentDefinition(catalog, 1),
    createNotifyCommitmentDefinition(catalog, 2), // 告知承诺: a report in time stops the enterprise's clock
    createNotifyCommitmentDefinition(corrected, 3), // the v2 rules on catalog v2 (the construction permit allows it)
    createNotifyCommitmentDefinition(corrected, 4), // v3 + tells its item when rectification is ordered
    createFoundationPermitDefinition(catalog, 1),
    createFoundationPermitDefinition(catalog, 2), // 桩基先行: refusal not final, revocation, 告知承诺 not blocking
    createFoundationPermitDefinition(corrected, 3), // the v2 rules on catalog v2
    createFoundationPermitDefinition(corrected, 4), // v3 + any 告知承诺 in rectification or revoked blocks ±0.000以上
    createFoundationPermitDefinition(corrected, 5), // v4 + each work-start extension from the end of the period before
    createFoundationPermitDefinition(corrected, 6), // v5 + tells the project when the department reviews an application
    createFoundationPermitDefinition(corrected, 7), // v6 + extension on the enterprise's request; reason names approvals
    createProblemDefinition(catalog, 1),
  ];
  const migrations: DefinitionMigration[] = [
    createProjectCaseMigration(catalog, 1, 2),
    createApprovalItemMigration(1, 2),
    createApprovalItemRectificationMigration(),
    createApprovalItemEarlyFulfilmentMigration(),
    ...(corrected.jointIssuanceByProject
      ? [
          createProjectCaseFlagsMigration(1),
          createProjectCaseFlagsMigration(2),
          createProjectCaseWorkStartMigration(corrected),
          createProjectCaseRectificationMigration(),
          createProjectCaseReopenedStageMigration(),
          createProjectCaseReapplicationWaitMigration(),
          createProjectCaseV8Migration(),
          createProjectCaseV9Migration(),
          createProjectCaseV10Migration(),
          createProjectCaseV11Migration(),
        ]
      : []),
    createToleranceCommitmentMigration(),
    createNotifyCommitmentMigration(catalog),
    createNotifyCommitmentRectificationMigration(),
    createFoundationPermitMigration(),
    createFoundationPermitRectificationMigration(),
    createAcceptanceSectionMigration(),
    createAcceptanceSectionHolderMigration(),
    createAcceptanceSectionConditionsMigration(),
    createWorkStartExtensionMigration(),
    createWorkStartNoticeMigration(),
    createFoundationPermitExtensionMigration(),
    createFoundationPermitHolderMigration(),
    createFoundationPermitRequestMigration(),
  ];
  return {
    definitions,
    migrations,
    getDefinition: (id, version) => definitions.find((d) => d.id === id && d.version === version),
    latestVersion: (id) => {
      const versions = definitions.filter((d) => d.id === id).map((d) => d.version);
      return versions.length ? Math.max(...versions) : undefined;
    },
    getMigration: (id, fromVersion, toVersion) =>
      migrations.find((m) => m.definitionId === id && m.fromVersion === fromVersion && m.toVersion === toVersion),
  };
}

/** The registry built from the default catalog (随州高新区). */
export const registry: Registry = createRegistry(suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2);
export const definitions: WorkflowDefinition[] = registry.definitions;
export const migrations: DefinitionMigration[] = registry.migrations;
export const getDefinition = registry.getDefinition;
export const latestVersion = registry.latestVersion;
export const getMigration = registry.getMigration;

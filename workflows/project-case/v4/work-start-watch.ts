/**
 * project-case v4: the ordinary construction permit lapses like the foundation permit (建筑法 art. 9). Each time
 * the construction permit certificate is issued, the project starts a work-start child (workflows/work-start) on
 * it; when that child reports the lapse, the certificate is 已失效 (the certificate registry follows the case),
 * the approval no longer stands, so the permit can be applied for again (重新申报), and a joint issuance it was
 * part of is marked affected. Under 桩基先行 the permit comes with the above-ground permit after work started on
 * the foundation, so it is not watched; after the foundation permit lapsed or was revoked it is an ordinary one.
 */
import type { Effect } from '../../contract';
import type { Catalog } from '../../catalog/types';
import {
  DEFINITION_IDS,
  EXTENSION_FROM_END_CHILD_VERSIONS,
  EXTENSION_FROM_END_PROJECT_VERSION,
  PROJECT_CASE_V11,
  V11_CHILD_VERSIONS,
} from '../../protocol';
import type { ProjectCaseContext } from '../project-case.machine';

export const WORK_START_DEFINITION_VERSION = 1;
/**
 * The work-start version a project-case version starts: v2 (each extension from the end of the period before, and
 * a label that says so) from EXTENSION_FROM_END_PROJECT_VERSION on; v4–v6 are released and keep starting v1; v11
 * starts v3, which reports the start (v11/work-started.ts).
 */
export function workStartVersionFor(projectCaseVersion: number): number {
  if (projectCaseVersion >= PROJECT_CASE_V11) return V11_CHILD_VERSIONS.workStart;
  return projectCaseVersion >= EXTENSION_FROM_END_PROJECT_VERSION
    ? EXTENSION_FROM_END_CHILD_VERSIONS.workStart
    : WORK_START_DEFINITION_VERSION;
}

export interface WorkStartWatch {
  certificate: string;
  issuedAt: string;
  childKey: string;
  /** 'started': work reported started (only a watch started by project-case v11 on work-start v3 is told). */
  status: 'watching' | 'lapsed' | 'started';
  /** v11: the child reports the start (work-start v3), so 'watching' means work is not reported started yet. */
  reportsStart?: boolean;
}

/** The certificate whose work-start period is not yet watched, or null. */
export function unwatchedPermit(context: ProjectCaseContext, catalog: Catalog): string | null {
  const code = catalog.foundationFirst.constructionPermitItem;
  const record = context.items[code];
  if (!record?.certificate || record.viaFoundationPermit) return null;
  const cert = context.certificates[record.certificate];
  if (cert?.status !== 'valid') return null;
  const watched = (context.workStartWatches ?? []).some(
    (w) => w.certificate === record.certificate && w.issuedAt === cert.issuedAt,
  );
  return watched ? null : record.certificate;
}

function nextWatch(context: ProjectCaseContext, catalog: Catalog, reportsStart = false): WorkStartWatch | null {
  const certificate = unwatchedPermit(context, catalog);
  if (!certificate) return null;
  const n = (context.workStartWatches ?? []).length + 1;
  return {
    certificate,
    issuedAt: context.certificates[certificate].issuedAt,
    childKey: `workStart:${n}`,
    status: 'watching',
    ...(reportsStart ? { reportsStart } : {}),
  };
}

/** Starts the work-start child on the newly issued permit. */
export function startWatchEffects(
  context: ProjectCaseContext,
  catalog: Catalog,
  definitionVersion = WORK_START_DEFINITION_VERSION,
): Effect[] {
  const watch = nextWatch(context, catalog);
  if (!watch) return [];
  return [
    {
      kind: 'createChild',
      childKey: watch.childKey,
      definitionId: DEFINITION_IDS.workStart,
      definitionVersion,
      input: {
        projectId: context.projectId,
        enterpriseId: context.enterpriseId,
        itemCode: catalog.foundationFirst.constructionPermitItem,
        certificate: watch.certificate,
      },
    },
  ];
}

export function watchStarted(
  context: ProjectCaseContext,
  catalog: Catalog,
  reportsStart = false,
): Partial<ProjectCaseContext> {
  const watch = nextWatch(context, catalog, reportsStart);
  return watch ? { workStartWatches: [...(context.workStartWatches ?? []), watch] } : {};
}

/** The certificate lapsed: 已失效; the approval no longer stands (re-application); the bundle is affected. */
export function permitLapsed(
  context: ProjectCaseContext,
  event: { payload: { certificate: string }; occurredAt: string },
): Partial<ProjectCaseContext> {
  const { certificate } = event.payload;
  const current = context.certificates[certificate];
  if (!current || current.status !== 'valid') return {};
  const code = current.itemCode;
  return {
    certificates: {
      ...context.certificates,
      [certificate]: { ...current, status: 'lapsed', revokedAt: event.occurredAt, reason: 'workNotStarted' },
    },
    items: { ...context.items, [code]: { ...context.items[code], status: 'revoked', commitmentOpen: false } },
    workStartWatches: (context.workStartWatches ?? []).map((w) =>
      w.certificate === certificate && w.issuedAt === current.issuedAt ? { ...w, status: 'lapsed' } : w,
    ),
    bundleAffected: context.bundleAffected || current.bundle !== null,
  };
}

/** The construction permit's latest lapse, while it has not been issued again. */
export function lapsedPermit(context: ProjectCaseContext): WorkStartWatch | null {
  const last = (context.workStartWatches ?? []).at(-1);
  return last?.status === 'lapsed' && context.certificates[last.certificate]?.status !== 'valid' ? last : null;
}

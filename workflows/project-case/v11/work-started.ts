/**
 * project-case v11: work-start v3 tells the project when work is reported started on the construction permit
 * (CONSTRUCTION_WORK_STARTED); acceptance waits for it (acceptance-conditions.ts). Under 桩基先行 the permit comes
 * with the above-ground permit, issued only after work on the foundation was reported started, so it has no
 * work-start period of its own and nothing to wait for.
 *
 * Limit: a watch started before v11 (work-start v1/v2, or a case moved from v10) never hears of the start, so it is
 * not judged: only a watch marked `reportsStart` (started by v11 on work-start v3) holds acceptance back.
 */
import type { Catalog } from '../../catalog/types';
import type { ProjectCaseContext } from '../project-case.types';

/** Work is not reported started on the construction permit in force (v11 watches only). */
export function workNotReportedStarted(context: ProjectCaseContext, catalog: Catalog): boolean {
  const record = context.items[catalog.foundationFirst.constructionPermitItem];
  if (!record?.certificate || record.viaFoundationPermit) return false;
  const cert = context.certificates[record.certificate];
  if (cert?.status !== 'valid') return false;
  const watch = (context.workStartWatches ?? []).findLast(
    (w) => w.certificate === record.certificate && w.issuedAt === cert.issuedAt,
  );
  // v11 watches every permit it issues in the same step; a permit without a watch has not been reported started.
  if (!watch) return true;
  return watch.reportsStart === true && watch.status !== 'started';
}

/** CONSTRUCTION_WORK_STARTED: the watch of that certificate (its latest) is 'started'. */
export function recordWorkStarted(
  context: ProjectCaseContext,
  payload: { certificate: string },
): Pick<ProjectCaseContext, 'workStartWatches'> | Record<string, never> {
  const watches = context.workStartWatches ?? [];
  const index = watches.findLastIndex((w) => w.certificate === payload.certificate && w.status === 'watching');
  if (index < 0) return {};
  return { workStartWatches: watches.map((w, i) => (i === index ? { ...w, status: 'started' } : w)) };
}

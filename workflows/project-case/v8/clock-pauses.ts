/**
 * project-case v8: the whole-process clock's pauses say truly what the project waits on (DOMAIN.md, "Whole-process
 * clock": government time only, the pauses shown in the project view).
 * - A wait for a re-application (重新申报: a stage reopened by a revocation or a lapse, or a refused or closed
 *   required item) reads 'reapplication', no longer 施工期间 or 待企业申报下一阶段.
 * - A section handed back to the enterprise (整改, or 不予通过 and to apply again) reads 'rectification'; a section
 *   not yet applied for reads 'construction', whether or not another section was accepted (v3–v7 guessed both
 *   from "some section accepted").
 * - Under 桩基先行, once the construction stage's own items are decided, the project waits on its foundation permit
 *   and the above-ground (±0.000以上) permit: 'foundationFirst', no longer 待企业申报下一阶段 (no application is due).
 * - When the reason changes while the clock stands, the pause's record is split at that instant (the deadline's
 *   own pause runs on: the arithmetic sees one pause).
 * - No pause lasts nothing: a pause closed at the instant it opened (a stage's end opening the next stage's items
 *   in the same step) is dropped, and a pause opened at the instant the last one closed continues it. Counted days
 *   are the same either way (a pause covers the days from its start up to, not including, its end).
 */
import type { DeadlineSpec } from '../../contract';
import type { StageKey } from '../../catalog/types';
import { PROJECT_CASE_V8 } from '../../protocol';
import type { ClockPauseReason, ProjectCaseContext } from '../project-case.types';
import { governmentWorking, isApproved, itemReapplyProblem, pauseReason, stageComplete } from '../project-case.rules';

/** The first project-case version whose clock pauses follow this module. */
export const CLOCK_PAUSES_VERSION = PROJECT_CASE_V8;

type ClockPause = NonNullable<ProjectCaseContext['clockPauses']>[number];
type Clock = Pick<ProjectCaseContext, 'wholeProcess' | 'clockPauses'>;

/** The context a v8 case starts with: no section handed back to the enterprise. */
export const clockPausesStart = (): Pick<ProjectCaseContext, 'sectionsWithEnterprise'> => ({
  sectionsWithEnterprise: [],
});

/**
 * A required item of a stage the project has reached (the current one or one reopened before it) is not approved
 * and can only move again by the enterprise's re-application: refused, closed or revoked.
 */
export function waitsForReapplication(context: ProjectCaseContext, stageKeys: readonly StageKey[]): boolean {
  if (context.stage === 'complete') return false;
  const reached = stageKeys.indexOf(context.stage);
  return context.itemOrder.some((code) => {
    const item = context.items[code];
    return (
      item.required &&
      stageKeys.indexOf(item.stage) <= reached &&
      !isApproved(item.status) &&
      itemReapplyProblem(context, code) === null
    );
  });
}

/** 桩基先行: the construction permit comes from the foundation permit, still in progress (not yet above ground). */
function waitsOnFoundationPermit(context: ProjectCaseContext): boolean {
  return (
    context.stage === 'constructionPermit' &&
    ['inProgress', 'permitted', 'stoppedAtFoundation'].includes(context.foundation.status) &&
    context.itemOrder.some((c) => context.items[c].viaFoundationPermit && !isApproved(context.items[c].status))
  );
}

/** Why the clock stands now (only meaningful while no department has anything of the project). */
export function pauseReasonV8(context: ProjectCaseContext, stageKeys: readonly StageKey[]): ClockPauseReason {
  if ((context.itemsWithEnterprise ?? []).length) return 'correction';
  if (waitsForReapplication(context, stageKeys)) return 'reapplication';
  if (waitsOnFoundationPermit(context)) return 'foundationFirst';
  const handedBack = context.sectionsWithEnterprise;
  // A case moved from v7 never recorded which sections were handed back: v7's reading.
  if (handedBack === undefined) return pauseReason(context);
  if (
    context.stage === 'completionAcceptance' ||
    (context.stage === 'constructionPermit' && stageComplete(context, 'constructionPermit'))
  ) {
    return handedBack.some((k) => context.sections[k]?.status !== 'accepted') ? 'rectification' : 'construction';
  }
  return context.itemOrder.some((c) => context.items[c].status === 'open') ? 'enterprise' : 'betweenStages';
}

/**
 * The clock stands and its open pause's record gives another reason than the project's state now does. Not on a
 * case moved from v7 (it has no sectionsWithEnterprise): its open pause keeps v7's reason until it ends, since the
 * instant its reason changed is not known (the next event's would date it wrongly).
 */
export function pauseReasonStale(context: ProjectCaseContext, stageKeys: readonly StageKey[]): boolean {
  if (context.stage === 'complete' || context.sectionsWithEnterprise === undefined) return false;
  const open = (context.clockPauses ?? []).at(-1);
  return open !== undefined && open.to === null && open.reason !== pauseReasonV8(context, stageKeys);
}

/** The open pause's record split at `at` under the reason that holds now (relabelled if it opened at `at`). */
export function relabelPause(
  context: ProjectCaseContext,
  stageKeys: readonly StageKey[],
  at: string,
): Pick<ProjectCaseContext, 'clockPauses'> {
  const pauses = context.clockPauses ?? [];
  const open = pauses.at(-1);
  if (open === undefined || open.to !== null) return {};
  const reason = pauseReasonV8(context, stageKeys);
  const before = pauses.slice(0, -1);
  return {
    clockPauses:
      open.from === at
        ? [...before, { ...open, reason }]
        : [...before, { ...open, to: at }, { from: at, to: null, reason }],
  };
}

/** The clock follows whether a department has the project: it resumes or pauses at `at`, never for no time. */
export function syncClockV8(context: ProjectCaseContext, stageKeys: readonly StageKey[], at: string): Clock {
  const pauses = context.clockPauses ?? [];
  if (governmentWorking(context)) {
    return { wholeProcess: resume(context.wholeProcess, at), clockPauses: closeRecords(pauses, at) };
  }
  const reason = pauseReasonV8(context, stageKeys);
  const last = pauses.at(-1);
  return {
    wholeProcess: pause(context.wholeProcess, at),
    clockPauses:
      last !== undefined && last.to === at && last.reason === reason
        ? [...pauses.slice(0, -1), { ...last, to: null }]
        : [...pauses, { from: at, to: null, reason }],
  };
}

/** Closes the open pause at `at`, or drops it when it opened at `at`. */
function resume(spec: DeadlineSpec, at: string): DeadlineSpec {
  return {
    ...spec,
    pauses: spec.pauses.flatMap((p) => (p.to !== undefined ? [p] : p.from === at ? [] : [{ from: p.from, to: at }])),
  };
}

function closeRecords(pauses: ClockPause[], at: string): ClockPause[] {
  return pauses.flatMap((p) => (p.to !== null ? [p] : p.from === at ? [] : [{ ...p, to: at }]));
}

/** Opens a pause at `at`, or reopens the last one when it closed at `at`. */
function pause(spec: DeadlineSpec, at: string): DeadlineSpec {
  const last = spec.pauses.at(-1);
  if (last !== undefined && last.to === at)
    return { ...spec, pauses: [...spec.pauses.slice(0, -1), { from: last.from }] };
  return { ...spec, pauses: [...spec.pauses, { from: at }] };
}

/** A section's holder changed (acceptance-section v4's notices): the enterprise holds it after 整改 or 不予通过. */
export function markSectionWithEnterprise(
  context: ProjectCaseContext,
  key: string,
  withEnterprise: boolean,
): Pick<ProjectCaseContext, 'sectionsWithEnterprise'> | Record<string, never> {
  if (!context.sectionsWithEnterprise) return {};
  const rest = context.sectionsWithEnterprise.filter((k) => k !== key);
  return { sectionsWithEnterprise: withEnterprise && key in context.sections ? [...rest, key] : rest };
}

/** The 项目's rules: the machine's guards and the pure computations its actions and its definition share. */
import type { StageKey } from '../catalog/types';
import { isPaused } from '../core/time';
import type { ProjectCaseEvent } from './project-case.events';
import type { ClockPauseReason, ItemStatus, ProjectCaseContext } from './project-case.types';

type On = { context: ProjectCaseContext };
type OnEvent = On & { event: ProjectCaseEvent };

/**
 * v3: the whole-process clock counts government time only (DOMAIN.md, second round): it runs while an item,
 * an acceptance inspection or a joint issuance is with a department, and is paused while everything waits
 * on the enterprise. v9: also while the foundation permit's application is under review (v9/foundation-review.ts).
 */
export function governmentWorking(context: ProjectCaseContext): boolean {
  if (context.stage === 'complete') return false;
  const withEnterprise = context.itemsWithEnterprise ?? [];
  const itemOpen = context.itemOrder.some((c) => context.items[c].status === 'open' && !withEnterprise.includes(c));
  // Only v9 sets foundationWithDepartment (its foundation permit, v6, says when the department reviews it).
  return itemOpen || (context.sectionsWithDepartment ?? []).length > 0 || context.foundationWithDepartment === true;
}

export function pauseReason(context: ProjectCaseContext): ClockPauseReason {
  if ((context.itemsWithEnterprise ?? []).length) return 'correction';
  // The permit stage just completed: construction runs until the acceptance is applied for.
  if (
    context.stage === 'completionAcceptance' ||
    (context.stage === 'constructionPermit' && stageComplete(context, 'constructionPermit'))
  ) {
    return context.sectionOrder.some((k) => context.sections[k].status === 'accepted')
      ? 'rectification'
      : 'construction';
  }
  return context.itemOrder.some((c) => context.items[c].status === 'open') ? 'enterprise' : 'betweenStages';
}

/** v3: the clock's running state disagrees with what the project waits on. */
export function clockOutOfSync(context: ProjectCaseContext): boolean {
  if (!context.clockPauses || context.stage === 'complete') return false;
  return governmentWorking(context) === isPaused(context.wholeProcess);
}

const APPROVED: ItemStatus[] = ['approved', 'approvedWithTolerance'];
export const isApproved = (s: ItemStatus) => APPROVED.includes(s);

export const projectCaseGuards = {
  landPlanningDone: ({ context }: On) => stageComplete(context, 'landPlanning'),
  engineeringPermitDone: ({ context }: On) => stageComplete(context, 'engineeringPermit'),
  constructionPermitDone: ({ context }: On) => stageComplete(context, 'constructionPermit'),
  allSectionsAccepted: ({ context }: On) =>
    context.sectionOrder.length > 0 && context.sectionOrder.every((k) => context.sections[k].status === 'accepted'),
  jointIssuanceDeclared: ({ context }: On) => context.bundle !== null,
  bundleIssued: ({ context }: On) => context.jointIssuedAt !== null,
  foundationFirstDeclared: ({ context }: On) => context.practices.foundationFirst,
  knownItem: ({ context, event }: OnEvent) =>
    'itemCode' in event.payload &&
    typeof event.payload.itemCode === 'string' &&
    event.payload.itemCode in context.items,
  itemReapplicable: ({ context, event }: OnEvent) =>
    event.type === 'REAPPLY_ITEM' && itemReapplyProblem(context, event.payload.itemCode) === null,
  knownOpenSection: ({ context, event }: OnEvent) =>
    'sectionKey' in event.payload &&
    typeof event.payload.sectionKey === 'string' &&
    context.sections[event.payload.sectionKey]?.status === 'open',
  clockNotOverdue: ({ context }: On) => context.timerState === 'normal' && !isPaused(context.wholeProcess),
  /** The foundation-stage permit can be prepared once the design plan is under review (工程建设许可). */
  foundationStageReached: ({ context }: On) => context.stage !== 'landPlanning',
  clockRunning: ({ context }: On) =>
    (context.timerState === 'normal' || context.timerState === 'warning') && !isPaused(context.wholeProcess),
  clockOutOfSync: ({ context }: On) => clockOutOfSync(context),
};

export function stageComplete(context: ProjectCaseContext, stage: StageKey): boolean {
  const items = context.itemOrder.map((c) => context.items[c]).filter((i) => i.stage === stage && i.required);
  return items.every((i) => isApproved(i.status));
}

/**
 * A stage a revocation (or a lapse) reopened: one before the stage the case has reached with a required item no
 * longer approved — revoked, or re-applied for (重新申报) and not yet approved again. Reaching a stage needs every
 * required item of the stages before it approved, so nothing else leaves one there unapproved.
 */
export function stageReopened(context: ProjectCaseContext, stageKeys: readonly StageKey[], stage: StageKey): boolean {
  const reached = context.stage === 'complete' ? stageKeys.length : stageKeys.indexOf(context.stage);
  if (stageKeys.indexOf(stage) >= reached) return false;
  return context.itemOrder.some((c) => {
    const i = context.items[c];
    return i.stage === stage && i.required && !isApproved(i.status);
  });
}

/** The earliest reopened stage (stageReopened), or null; `stageKeys` in process order (the catalog's). */
export function reopenedStage(context: ProjectCaseContext, stageKeys: readonly StageKey[]): StageKey | null {
  return stageKeys.find((k) => stageReopened(context, stageKeys, k)) ?? null;
}

/** The reopened stage's item being applied for again (重新申报办理中), if any. */
export function reapplicationInProgress(context: ProjectCaseContext, stage: string): boolean {
  return context.itemOrder.some((c) => {
    const i = context.items[c];
    return i.stage === stage && i.required && (i.status === 'open' || i.status === 'pending');
  });
}

export function reapplyProblem(context: ProjectCaseContext, event: { payload: { itemCode?: unknown } }): string | null {
  return itemReapplyProblem(context, String(event.payload.itemCode));
}

/** Why the item cannot be applied for again (重新申报), or null. */
export function itemReapplyProblem(context: ProjectCaseContext, itemCode: string): string | null {
  const record = context.items[itemCode];
  if (!record) return '未知事项 / unknown item';
  if (!['refused', 'closed', 'revoked'].includes(record.status)) {
    return '该事项无需重新申请 / only a refused, closed or revoked item can be applied for again';
  }
  if (record.viaFoundationPermit) return '该事项由桩基先行施工许可办理 / handled by the foundation permit';
  return null;
}

/**
 * Items that need an approval-item instance now: those of the current stage, and (v3) those marked to open
 * early once their dependencies are approved (联合审图 after the design plan).
 */
export function stageItemsToOpen(context: ProjectCaseContext, earlyItems: readonly string[] = []): string[] {
  return context.itemOrder.filter((c) => {
    const r = context.items[c];
    if (r.status !== 'pending' || r.viaFoundationPermit) return false;
    if (r.stage === context.stage) return true;
    return (
      context.stage !== 'complete' &&
      earlyItems.includes(c) &&
      r.dependsOn.every((d) => isApproved(context.items[d]?.status ?? 'pending'))
    );
  });
}

export function foundationActive(context: ProjectCaseContext): boolean {
  return ['inProgress', 'permitted'].includes(context.foundation.status);
}

/** Certificates whose item is approved and releasable, issued at once unless they wait for the bundle. */
export function issueCertificates(
  context: ProjectCaseContext,
  at: string,
): Pick<ProjectCaseContext, 'certificates' | 'jointIssuedAt'> {
  const certificates = { ...context.certificates };
  let jointIssuedAt = context.jointIssuedAt;
  const bundle = context.bundle;
  const ready = (code: string) => {
    const r = context.items[code];
    return isApproved(r.status) && r.certificateReleasable;
  };
  for (const code of context.itemOrder) {
    const r = context.items[code];
    if (!r.certificate || certificates[r.certificate]?.status === 'valid' || !ready(code)) continue;
    // Bundle members wait for the joint issuance; issued after it (re-approval after a revocation), they come out
    // on their own like any other certificate.
    if (bundle && bundle.certificates.includes(r.certificate) && jointIssuedAt === null) continue;
    certificates[r.certificate] = {
      itemCode: code,
      status: 'valid',
      issuedAt: at,
      bundle: null,
      revokedAt: null,
      reason: null,
    };
  }
  if (bundle && jointIssuedAt === null) {
    const members = bundle.certificates.map((cert) =>
      context.itemOrder.find((c) => context.items[c].certificate === cert),
    );
    if (members.every((code) => code !== undefined && ready(code))) {
      // 联发: every member on one issue date, or none.
      jointIssuedAt = at;
      members.forEach((code, i) => {
        certificates[bundle.certificates[i]] = {
          itemCode: code!,
          status: 'valid',
          issuedAt: at,
          bundle: bundle.code,
          revokedAt: null,
          reason: null,
        };
      });
    }
  }
  return { certificates, jointIssuedAt };
}

/** The 事项实例's rules: the machine's guards and the reasons the definition gives when they refuse. */
import type { Facts } from '../contract';
import { beijingDate, isBefore } from '../core/time';
import { missingMaterials, toleranceIneligibility } from '../tolerance-commitment/eligibility';
import type { ApprovalItemEvent } from './approval-item.events';
import type { ApprovalItemContext } from './approval-item.types';

type On = { context: ApprovalItemContext };
type OnEvent = On & { event: ApprovalItemEvent };

/** Pure guards, exported for tests and for the definition's rule messages. */
export const approvalItemGuards = {
  applicationOpen: ({ context }: On) => !context.applicationDecided,
  materialsComplete: ({ context }: On) =>
    missingMaterials({ materials: context.item.materials, submittedMaterials: context.submittedMaterials }).length ===
      0 &&
    (context.tolerance === null || ['rejected', 'fulfilled', 'breached'].includes(context.tolerance.status)) &&
    (context.notifyCommitment === null || context.notifyCommitment.status === 'refused'),
  toleranceAccepted: ({ context }: On) => context.tolerance?.status === 'accepted',
  noPendingCommitment: ({ context }: On) =>
    !(context.tolerance && ['requested', 'accepted'].includes(context.tolerance.status)) &&
    !(context.notifyCommitment && context.notifyCommitment.status === 'requested'),
  toleranceEligible: ({ context, event }: OnEvent) =>
    context.practices.tolerance &&
    !(context.tolerance && ['requested', 'accepted', 'breached'].includes(context.tolerance.status)) &&
    context.notifyCommitment?.status !== 'requested' &&
    toleranceIneligibility(
      {
        itemName: context.item.name,
        toleranceMode: context.item.toleranceMode,
        materials: context.item.materials,
        submittedMaterials: context.submittedMaterials,
      },
      event.type === 'REQUEST_TOLERANCE' && event.payload.commitmentLetterSigned === true,
      event.facts,
    ).length === 0,
  notifyCommitEligible: ({ context, event }: OnEvent) =>
    context.notifyCommitment?.status !== 'requested' &&
    !(context.tolerance && ['requested', 'accepted'].includes(context.tolerance.status)) &&
    notifyCommitIneligibility(context, {
      signed: event.type === 'REQUEST_NOTIFY_COMMITMENT' && event.payload.commitmentSigned === true,
      facts: event.facts,
      at: event.occurredAt,
    }).length === 0,
  correctionCovered: ({ context, event }: OnEvent) => {
    const supplied = event.type === 'COMPLETE_CORRECTION' ? event.payload.suppliedMaterials : [];
    return (context.correction?.requested ?? []).every((m) => supplied.includes(m));
  },
  clockRunning: ({ context }: On) => context.timerState === 'normal' || context.timerState === 'warning',
  clockNotOverdue: ({ context }: On) => context.timerState === 'normal',
  decidedNow: ({ context }: On) => context.decision !== null,
  dependenciesMet: ({ context }: On) => (context.blockedBy ?? []).length === 0,
};

/** v2: why the item cannot be decided yet (names the items it waits for), or null. */
export function dependencyProblem(context: ApprovalItemContext, names: (code: string) => string): string | null {
  const blocked = context.blockedBy ?? [];
  if (!blocked.length) return null;
  const list = blocked.map(names).join('、');
  return `须待${list}办结通过后办理 / depends on ${blocked.join(', ')}, not yet approved`;
}

/** v2: why this correction request is refused (补正 all at once), or null. */
export function correctionRequestProblem(context: ApprovalItemContext, requested: string[]): string | null {
  if (context.lastResubmission === undefined || context.corrections === 0) return null;
  const resubmitted = context.lastResubmission ?? [];
  const outside = requested.filter((m) => !resubmitted.includes(m));
  return outside.length
    ? `已一次性告知补正；再次补正只能针对重新提交的材料，以下材料不在其中：${outside.join('、')} / ` +
        `a second correction may only name resubmitted materials; not resubmitted: ${outside.join(', ')}`
    : null;
}

/** A 告知承诺 request as the rules judge it: whether it is signed, and who asks when. */
export interface CommitmentRequest {
  signed: boolean;
  facts: Facts | undefined;
  at: string;
}

export function notifyCommitIneligibility(context: ApprovalItemContext, request: CommitmentRequest): string[] {
  const reasons: string[] = [];
  if (!context.practices.notifyCommit) {
    reasons.push('本项目未申报告知承诺制 / the project did not declare 告知承诺');
  }
  if (!context.item.notifyCommitAllowed) {
    reasons.push(`「${context.item.name}」不适用告知承诺制 / this item does not allow approval on commitment`);
  }
  if (!request.signed) {
    reasons.push('未签署告知承诺书 / the commitment is not signed');
  }
  const barredUntil = request.facts?.enterprise?.commitmentBarredUntil;
  if (barredUntil && commitmentBarred(request.facts, request.at)) {
    reasons.push(
      `申请人因承诺失信在限制期内，${beijingDate(barredUntil)}前不得适用告知承诺 / the applicant is barred from 告知承诺 until ${barredUntil}`,
    );
  }
  return reasons;
}

export function commitmentBarred(facts: Facts | undefined, at: string): boolean {
  const until = facts?.enterprise?.commitmentBarredUntil;
  return !!until && isBefore(at, until);
}

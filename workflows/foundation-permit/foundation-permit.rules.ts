/** The 桩基先行's rules: its entry conditions, when the above-ground permit may be issued, and its guards. */
import type { FoundationCondition, FoundationFirstRules } from '../catalog/types';
import { rule } from '../core/define';
import type { FoundationPermitEvent } from './foundation-permit.events';
import type { FoundationPermitContext } from './foundation-permit.types';

type On = { context: FoundationPermitContext };
type OnEvent = On & { event: FoundationPermitEvent };

/** The approvals the above-ground permit itself builds on. */
function aboveGroundPrerequisites(rules: FoundationFirstRules): string[] {
  return [...rules.fullReviewItems, rules.planningPermitItem];
}

/** The approvals the foundation permit was issued on (entry conditions met through an item). */
export function foundationBasisItems(context: FoundationPermitContext): string[] {
  const r = context.rules;
  const items: string[] = [];
  if (r.entryConditions.includes('designPlanApproved')) items.push(r.designPlanItem);
  if (r.entryConditions.includes('engineeringPlanningPermit')) items.push(r.planningPermitItem);
  if (r.entryConditions.includes('landUseRights') && !context.application?.landContractSignedAndPaid)
    items.push(r.landTitleItem);
  return items;
}

const CONDITION_TEXT: Record<FoundationCondition, [string, string]> = {
  landUseRights: [
    '未取得土地使用权（不动产权证书或已签出让合同并缴清价款）',
    'land-use rights missing (title, or land contract signed and price paid)',
  ],
  designPlanApproved: ['建设工程设计方案尚未批复', 'design plan not approved'],
  engineeringPlanningPermit: ['未取得建设工程规划许可证', 'no 建设工程规划许可证'],
  foundationDrawingsReviewedOrStabilityCommitment: [
    '桩基施工图未审查且未签图纸稳定承诺',
    'foundation drawings neither reviewed nor covered by a drawing-stability commitment',
  ],
  contractorAndSupervisorEngaged: ['施工、监理单位未确定', 'contractor and supervisor not engaged'],
  fundsCommitment: ['未提交资金落实承诺书', 'no funds commitment letter'],
  qualitySafetyMeasures: ['质量安全措施未落实', 'quality and safety measures missing'],
  unitWorksDeclared: [
    '未按全部单位工程（含上部结构）申报面积',
    'unit works with their full area (superstructure included) not declared',
  ],
};

export function unmetFoundationConditions(context: FoundationPermitContext): FoundationCondition[] {
  const a = context.application;
  const approved = (code: string) => context.approvedItems.includes(code);
  const met: Record<FoundationCondition, boolean> = {
    landUseRights: approved(context.rules.landTitleItem) || !!a?.landContractSignedAndPaid,
    designPlanApproved: approved(context.rules.designPlanItem),
    engineeringPlanningPermit: approved(context.rules.planningPermitItem),
    foundationDrawingsReviewedOrStabilityCommitment:
      !!a && (a.foundationDrawingsReviewed || a.drawingStabilityCommitment),
    contractorAndSupervisorEngaged: !!a && a.contractorEngaged && a.supervisorEngaged,
    fundsCommitment: !!a?.fundsCommitmentSigned,
    qualitySafetyMeasures: !!a?.qualitySafetyMeasures,
    unitWorksDeclared:
      !!a && a.unitWorks.length > 0 && a.unitWorks.every((u) => u.area > 0 && u.includesSuperstructure),
  };
  return context.rules.entryConditions.filter((c) => !met[c]);
}

export function foundationConditionMessage(conditions: FoundationCondition[]): string {
  return conditions.map((c) => rule(CONDITION_TEXT[c][0], CONDITION_TEXT[c][1])).join('；');
}

/**
 * Why the above-ground permit cannot be issued now; empty when it can. `name` gives an item's Chinese name for the
 * message (the guards only count the problems).
 */
export function aboveGroundProblems(
  context: FoundationPermitContext,
  version = 1,
  name: (code: string) => string = (code) => code,
): string[] {
  const problems: string[] = [];
  const missingReview = context.rules.fullReviewItems.filter((c) => !context.approvedItems.includes(c));
  if (missingReview.length) {
    problems.push(
      rule(
        `施工图联合审查（含消防）未全部通过：${missingReview.map(name).join('、')}`,
        `full joint drawing review incomplete: ${missingReview.join(', ')}`,
      ),
    );
  }
  if (!context.approvedItems.includes(context.rules.planningPermitItem)) {
    problems.push(rule('未取得建设工程规划许可证', 'no 建设工程规划许可证'));
  }
  if (context.foundationPermit?.status !== 'valid')
    problems.push(rule('桩基阶段施工许可无效', 'no valid foundation permit'));
  // v1: every open commitment blocks. v2: only those on its own prerequisites, and never a 告知承诺 awaiting
  // verification (对标验收 checks it).
  const own = aboveGroundPrerequisites(context.rules);
  const pending = context.verificationPending ?? [];
  const blocking =
    version >= 2
      ? context.openCommitments.filter((c) => own.includes(c) && !pending.includes(c))
      : context.openCommitments;
  if (blocking.length) {
    problems.push(
      rule(`仍有未履行的承诺：${blocking.map(name).join('、')}`, `commitments still open: ${blocking.join(', ')}`),
    );
  }
  // v4: any 告知承诺 of the project in rectification or revoked, not only on its own prerequisites (DOMAIN.md).
  if (version >= 4) {
    const rectifying = context.commitmentsInRectification ?? [];
    if (rectifying.length) {
      problems.push(
        rule(
          `告知承诺正在限期整改：${rectifying.map(name).join('、')}`,
          `告知承诺 in rectification: ${rectifying.join(', ')}`,
        ),
      );
    }
    const revoked = context.commitmentsRevoked ?? [];
    if (revoked.length) {
      problems.push(rule(`告知承诺已撤销：${revoked.map(name).join('、')}`, `告知承诺 revoked: ${revoked.join(', ')}`));
    }
  }
  return problems;
}

/** v2: an approval the foundation permit was issued on is no longer approved (revoked). */
export function revokedBasis(context: FoundationPermitContext, approvedItems: string[]): string[] {
  return foundationBasisItems(context).filter((c) => context.approvedItems.includes(c) && !approvedItems.includes(c));
}

/** Pure guards, exported for tests. */
export const foundationPermitGuards = {
  entryConditionsMet: ({ context }: On) => unmetFoundationConditions(context).length === 0,
  canExtend: ({ context }: On) => context.workStart.extensions < context.rules.maxExtensions,
  aboveGroundAllowed: ({ context }: On) => aboveGroundProblems(context, 1).length === 0,
  aboveGroundAllowedV2: ({ context }: On) => aboveGroundProblems(context, 2).length === 0,
  aboveGroundAllowedV4: ({ context }: On) => aboveGroundProblems(context, 4).length === 0,
  basisRevoked: ({ context, event }: OnEvent) =>
    revokedBasis(context, event.type === 'PREREQUISITES_UPDATED' ? event.payload.approvedItems : []).length > 0,
};

/**
 * 桩基先行: a construction permit for the foundation stage (pit support, earthwork, piles) issued while the
 * full drawing review continues, then the above-ground (±0.000以上) permit. Entry conditions are catalog data.
 * Work must start within 3 months of the permit; at most two 3-month extensions; else the permit lapses.
 * A refused above-ground permit stops work at the foundation.
 *
 * Version 2 (DOMAIN.md, second round): a refused above-ground permit is not final: the enterprise may apply
 * again after changes, and the foundation permit stays valid until its own lapse or revocation. The
 * above-ground permit is blocked by open 容缺 commitments on its own prerequisites, not by 告知承诺 commitments
 * still awaiting verification (those are checked at acceptance). The housing department may revoke the
 * foundation permit, and it is revoked when an approval it was issued on is revoked (the cascade).
 */
import { assign, setup } from 'xstate';
import type { Effect, EngineEvent } from '../contract';
import type { Catalog, FoundationCondition, FoundationFirstRules } from '../catalog/types';
import { emitAction, rule } from '../core/define';
import {
  WORK_START_TIMER,
  extendWorkStartPeriod,
  startWorkStartPeriod,
  workStartTimerEffect,
  type WorkStartPeriod,
} from '../work-start/work-start-period';
import {
  ABOVE_GROUND_PERMIT_ISSUED,
  ABOVE_GROUND_PERMIT_REFUSED,
  FOUNDATION_PERMIT_ISSUED,
  FOUNDATION_PERMIT_LAPSED,
  FOUNDATION_PERMIT_REFUSED,
} from '../protocol';

export interface FoundationApplication {
  landContractSignedAndPaid: boolean;
  foundationDrawingsReviewed: boolean;
  /** 图纸稳定承诺 */
  drawingStabilityCommitment: boolean;
  contractorEngaged: boolean;
  supervisorEngaged: boolean;
  fundsCommitmentSigned: boolean;
  qualitySafetyMeasures: boolean;
  /** Every unit work with its full area, superstructure included. */
  unitWorks: { name: string; area: number; includesSuperstructure: boolean }[];
}

export interface FoundationPermitContext {
  projectId: string;
  enterpriseId: string;
  rules: FoundationFirstRules;
  approvedItems: string[];
  openCommitments: string[];
  /** v2: open commitments that are 告知承诺 awaiting verification (checked at acceptance, not here). */
  verificationPending?: string[];
  /** v2: why the foundation permit was revoked. */
  revocation?: { reason: string; at: string } | null;
  application: FoundationApplication | null;
  foundationPermit: { issuedAt: string; status: 'valid' | 'lapsed' } | null;
  workStart: WorkStartPeriod;
  aboveGround: { appliedAt: string | null; issuedAt: string | null; refusedReason: string | null };
}

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

type Args = { context: FoundationPermitContext; event: EngineEvent };
const pl = (e: EngineEvent) => e.payload as Record<string, unknown>;

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
  return problems;
}

/** v2: an approval the foundation permit was issued on is no longer approved (revoked). */
export function revokedBasis(context: FoundationPermitContext, approvedItems: string[]): string[] {
  return foundationBasisItems(context).filter((c) => context.approvedItems.includes(c) && !approvedItems.includes(c));
}

export const foundationPermitGuards = {
  entryConditionsMet: ({ context }: Args) => unmetFoundationConditions(context).length === 0,
  canExtend: ({ context }: Args) => context.workStart.extensions < context.rules.maxExtensions,
  aboveGroundAllowed: ({ context }: Args) => aboveGroundProblems(context, 1).length === 0,
  aboveGroundAllowedV2: ({ context }: Args) => aboveGroundProblems(context, 2).length === 0,
  basisRevoked: ({ context, event }: Args) =>
    revokedBasis(context, (pl(event).approvedItems as string[] | undefined) ?? []).length > 0,
};

/** `version` 1 is the released behaviour; 2 lets the enterprise apply again and adds revocation. */
export function createFoundationPermitMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  const rules = catalog.foundationFirst;
  // The parent's lapse event carries the cause: it shows the permit as no longer valid and falls back to the
  // plain construction permit either way.
  const notifyRevoked = ({ context, event }: Args) => ({
    effects: [
      { kind: 'cancelTimer', timerKey: WORK_START_TIMER },
      {
        kind: 'notifyParent',
        event: {
          type: FOUNDATION_PERMIT_LAPSED,
          payload: {
            projectId: context.projectId,
            at: event.occurredAt,
            reason: context.revocation?.reason ?? null,
            cause: 'revoked',
          },
        },
      },
    ] as Effect[],
  });
  const workStartTimer = ({ context }: Args) => ({ effects: [workStartTimerEffect(context.workStart.deadline!)] });
  const notify =
    (type: string) =>
    ({ context, event }: Args) => ({
      effects: [
        {
          kind: 'notifyParent',
          event: {
            type,
            payload: { projectId: context.projectId, at: event.occurredAt, reason: pl(event).reason ?? null },
          },
        },
      ] as Effect[],
    });

  return setup({
    types: {} as { context: FoundationPermitContext; events: EngineEvent; input: EngineEvent },
    guards: foundationPermitGuards,
    actions: {
      emit: emitAction,
      updatePrerequisites: assign(({ event }) => ({
        approvedItems: (pl(event).approvedItems as string[]) ?? [],
        openCommitments: (pl(event).openCommitments as string[]) ?? [],
        ...(v2 ? { verificationPending: (pl(event).verificationPending as string[] | undefined) ?? [] } : {}),
      })),
      revokeForBasis: assign(({ context, event }) => {
        const gone = revokedBasis(context, (pl(event).approvedItems as string[] | undefined) ?? []);
        return {
          foundationPermit: context.foundationPermit
            ? { ...context.foundationPermit, status: 'lapsed' as const }
            : null,
          revocation: { reason: `所依据的审批已撤销：${gone.join('、')}`, at: event.occurredAt },
        };
      }),
      revokeByDepartment: assign(({ context, event }) => ({
        foundationPermit: context.foundationPermit ? { ...context.foundationPermit, status: 'lapsed' as const } : null,
        revocation: { reason: String(pl(event).reason), at: event.occurredAt },
      })),
      recordApplication: assign(({ event }) => {
        const p = pl(event);
        return {
          application: {
            landContractSignedAndPaid: p.landContractSignedAndPaid === true,
            foundationDrawingsReviewed: p.foundationDrawingsReviewed === true,
            drawingStabilityCommitment: p.drawingStabilityCommitment === true,
            contractorEngaged: p.contractorEngaged === true,
            supervisorEngaged: p.supervisorEngaged === true,
            fundsCommitmentSigned: p.fundsCommitmentSigned === true,
            qualitySafetyMeasures: p.qualitySafetyMeasures === true,
            unitWorks: (p.unitWorks as FoundationApplication['unitWorks']) ?? [],
          },
        };
      }),
      issueFoundationPermit: assign(({ event }) => ({
        foundationPermit: { issuedAt: event.occurredAt, status: 'valid' as const },
        workStart: startWorkStartPeriod('桩基阶段施工许可开工期限', event.occurredAt, rules.workStartMonths),
      })),
      extendWorkStart: assign(({ context }) => ({
        workStart: extendWorkStartPeriod(context.workStart, rules.extensionMonths),
      })),
      startWork: assign(({ context, event }) => ({ workStart: { ...context.workStart, startedAt: event.occurredAt } })),
      lapse: assign(({ context }) => ({
        foundationPermit: context.foundationPermit ? { ...context.foundationPermit, status: 'lapsed' as const } : null,
      })),
      applyAboveGround: assign(({ context, event }) => ({
        aboveGround: { ...context.aboveGround, appliedAt: event.occurredAt },
      })),
      issueAboveGround: assign(({ context, event }) => ({
        aboveGround: { ...context.aboveGround, issuedAt: event.occurredAt },
      })),
      refuseAboveGround: assign(({ context, event }) => ({
        aboveGround: { ...context.aboveGround, refusedReason: String(pl(event).reason) },
      })),
    },
  }).createMachine({
    id: 'foundationPermit',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload as Record<string, unknown>;
      return {
        projectId: String(p.projectId),
        enterpriseId: String(p.enterpriseId),
        rules,
        approvedItems: (p.approvedItems as string[] | undefined) ?? [],
        openCommitments: (p.openCommitments as string[] | undefined) ?? [],
        ...(v2 ? { verificationPending: (p.verificationPending as string[] | undefined) ?? [], revocation: null } : {}),
        application: null,
        foundationPermit: null,
        workStart: { deadline: null, extensions: 0, startedAt: null },
        aboveGround: { appliedAt: null, issuedAt: null, refusedReason: null },
      };
    },
    initial: 'preparing',
    on: {
      PREREQUISITES_UPDATED: { actions: 'updatePrerequisites' },
    },
    states: {
      // 准备申报
      preparing: {
        on: { APPLY_FOUNDATION_PERMIT: { target: 'foundationApplied', actions: 'recordApplication' } },
      },
      // 已申请桩基阶段施工许可
      foundationApplied: {
        on: {
          ISSUE_FOUNDATION_PERMIT: {
            guard: 'entryConditionsMet',
            target: 'foundationPermitted',
            actions: [
              'issueFoundationPermit',
              { type: 'emit', params: workStartTimer },
              { type: 'emit', params: notify(FOUNDATION_PERMIT_ISSUED) },
            ],
          },
          REFUSE_FOUNDATION_PERMIT: {
            target: 'refused',
            actions: { type: 'emit', params: notify(FOUNDATION_PERMIT_REFUSED) },
          },
        },
      },
      // 桩基阶段施工许可有效
      foundationPermitted: {
        // v2: revoked by the department, or with an approval it was issued on.
        on: v2
          ? {
              PREREQUISITES_UPDATED: [
                {
                  guard: 'basisRevoked',
                  target: '#foundationPermit.revoked',
                  actions: ['revokeForBasis', 'updatePrerequisites', { type: 'emit', params: notifyRevoked }],
                },
                { actions: 'updatePrerequisites' },
              ],
              REVOKE_FOUNDATION_PERMIT: {
                target: '#foundationPermit.revoked',
                actions: ['revokeByDepartment', { type: 'emit', params: notifyRevoked }],
              },
            }
          : {},
        initial: 'awaitingWorkStart',
        states: {
          awaitingWorkStart: {
            on: {
              WORK_STARTED: {
                target: 'foundationWorkUnderway',
                actions: [
                  'startWork',
                  { type: 'emit', params: { effects: [{ kind: 'cancelTimer', timerKey: WORK_START_TIMER }] } },
                ],
              },
              // 延期: at most twice, 3 months each.
              EXTEND_WORK_START: {
                guard: 'canExtend',
                actions: ['extendWorkStart', { type: 'emit', params: workStartTimer }],
              },
              WORK_START_DEADLINE_PASSED: {
                target: '#foundationPermit.lapsed',
                actions: ['lapse', { type: 'emit', params: notify(FOUNDATION_PERMIT_LAPSED) }],
              },
            },
          },
          foundationWorkUnderway: {
            on: { APPLY_ABOVE_GROUND_PERMIT: { target: 'aboveGroundApplied', actions: 'applyAboveGround' } },
          },
          // 已申请±0.000以上施工许可
          aboveGroundApplied: {
            on: {
              ISSUE_ABOVE_GROUND_PERMIT: {
                guard: v2 ? 'aboveGroundAllowedV2' : 'aboveGroundAllowed',
                target: '#foundationPermit.aboveGroundPermitted',
                actions: ['issueAboveGround', { type: 'emit', params: notify(ABOVE_GROUND_PERMIT_ISSUED) }],
              },
              // v2: not final; work goes on at the foundation and the enterprise may apply again.
              REFUSE_ABOVE_GROUND_PERMIT: v2
                ? { target: 'foundationWorkUnderway', actions: 'refuseAboveGround' }
                : {
                    target: '#foundationPermit.stoppedAtFoundation',
                    actions: ['refuseAboveGround', { type: 'emit', params: notify(ABOVE_GROUND_PERMIT_REFUSED) }],
                  },
            },
          },
        },
      },
      // ±0.000以上施工许可已核发
      aboveGroundPermitted: { type: 'final' },
      // 停工于桩基阶段 (v1 only: in v2 a refusal is not final)
      ...(v2 ? {} : { stoppedAtFoundation: { type: 'final' as const } }),
      // 逾期未开工，许可失效
      lapsed: { type: 'final' },
      // 不予核发桩基阶段施工许可
      refused: { type: 'final' },
      // v2: 桩基阶段施工许可已撤销
      ...(v2 ? { revoked: { type: 'final' as const } } : {}),
    },
  });
}

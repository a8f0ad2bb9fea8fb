/**
 * 告知承诺制 / 先建后验: the applicant commits in writing that it meets the published conditions; the department
 * decides at once; compliance is verified afterwards by site inspection or at completion acceptance (对标验收).
 * A finding leads to a rectification order with a deadline; unfixed or false commitments are revoked, a credit
 * record is written and 告知承诺 eligibility is lost for 6 months.
 *
 * Version 2 (DOMAIN.md, second round): reporting the rectification before the deadline stops the enterprise's
 * clock; the department's verification of the report then runs on its own clock (the item's promised limit, with
 * warning and overdue). Revocation follows only if it was not reported in time, or the report is verified
 * non-compliant (the order was the second chance).
 */
import { assign, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent } from '../contract';
import type { Catalog } from '../catalog/types';
import { catalogItem } from '../catalog';
import { emitAction, rule } from '../core/define';
import { addMonthsIso, deadline } from '../core/time';
import { commitmentBarred } from '../approval-item/approval-item.machine';
import { COMMITMENT_DECIDED, COMMITMENT_REFUSED, COMMITMENT_REVOKED, COMMITMENT_VERIFIED } from '../protocol';
import { cancelClock, scheduleClock, type ClockTimers } from '../core/kit';

export interface NotifyCommitmentContext {
  projectId: string;
  enterpriseId: string;
  item: { code: string; name: string; department: string; notifyCommitAllowed: boolean };
  commitmentSigned: boolean;
  conditions: string[];
  decidedAt: string | null;
  verification: {
    method: 'siteInspection' | 'completionAcceptance';
    at: string;
    compliant: boolean;
    findings: string | null;
  }[];
  rectification: {
    order: string;
    deadline: DeadlineSpec;
    reportedAt: string | null;
    /** v2: the department's clock for verifying a reported rectification. */
    verification?: { deadline: DeadlineSpec; timerState: 'normal' | 'warning' | 'overdue' } | null;
  } | null;
  /** v2: the item's promised limit, the department's time to verify a reported rectification. */
  promisedLimit?: { amount: number; unit: DeadlineSpec['unit'] };
  outcome: {
    kind: 'verified' | 'revoked' | 'refused' | 'cancelled';
    reason: string;
    at: string;
    barsCommitmentUntil: string | null;
  } | null;
}

type Args = { context: NotifyCommitmentContext; event: EngineEvent };
const pl = (e: EngineEvent) => e.payload as Record<string, unknown>;

export function notifyCommitmentIneligibility(
  context: NotifyCommitmentContext,
  event: Pick<EngineEvent, 'facts' | 'occurredAt'>,
): string[] {
  const reasons: string[] = [];
  if (!context.item.notifyCommitAllowed) {
    reasons.push(rule(`「${context.item.name}」不适用告知承诺制`, 'this item does not allow approval on commitment'));
  }
  if (!context.commitmentSigned) reasons.push(rule('未签署告知承诺书', 'the commitment is not signed'));
  if (commitmentBarred(event.facts, event.occurredAt)) {
    reasons.push(
      rule(
        `申请人在${event.facts?.enterprise?.commitmentBarredUntil}前不得适用告知承诺`,
        `the applicant is barred from 告知承诺 until ${event.facts?.enterprise?.commitmentBarredUntil}`,
      ),
    );
  }
  return reasons;
}

export const notifyCommitmentGuards = {
  eligible: ({ context, event }: Args) => notifyCommitmentIneligibility(context, event).length === 0,
  compliant: ({ event }: Args) => pl(event).compliant === true,
};

const RECTIFICATION_TIMER = 'rectification:due';
const cancelRectification: Effect = { kind: 'cancelTimer', timerKey: RECTIFICATION_TIMER };
const VERIFICATION_CLOCK: ClockTimers = {
  warning: { key: 'rectification:verification:warning', event: 'VERIFICATION_TIME_WARNING' },
  due: { key: 'rectification:verification:due', event: 'VERIFICATION_TIME_OVERDUE' },
};

/** `version` 1 is the released behaviour; 2 stops the enterprise's clock when it reports the rectification. */
export function createNotifyCommitmentMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  const cancelVerification: Effect[] = v2 ? cancelClock(VERIFICATION_CLOCK) : [];
  const startVerificationEffects = ({ context }: Args) => {
    const spec = context.rectification!.verification!.deadline;
    return {
      effects: [cancelRectification, ...scheduleClock(VERIFICATION_CLOCK, spec)],
    };
  };
  const revokedEffects = ({ context }: Args) => ({
    effects: [
      { kind: 'cancelTimer', timerKey: RECTIFICATION_TIMER },
      ...cancelVerification,
      {
        kind: 'notifyParent',
        event: { type: COMMITMENT_REVOKED, payload: { itemCode: context.item.code, reason: context.outcome!.reason } },
      },
      {
        kind: 'creditRecord',
        enterpriseId: context.enterpriseId,
        reason: `告知承诺不实或未整改：${context.item.name}（${context.outcome!.reason}）`,
        barsTolerance: false,
        barsCommitmentUntil: context.outcome!.barsCommitmentUntil!,
      },
    ] as Effect[],
  });
  return setup({
    types: {} as { context: NotifyCommitmentContext; events: EngineEvent; input: EngineEvent },
    guards: notifyCommitmentGuards,
    actions: {
      emit: emitAction,
      decide: assign(({ event }) => ({ decidedAt: event.occurredAt })),
      recordVerification: assign(({ context, event }) => ({
        verification: [
          ...context.verification,
          {
            method: pl(event).method as 'siteInspection' | 'completionAcceptance',
            at: event.occurredAt,
            compliant: pl(event).compliant === true,
            findings: (pl(event).findings as string | undefined) ?? null,
          },
        ],
      })),
      orderRectification: assign(({ context, event }) => ({
        rectification: {
          order: String(pl(event).findings ?? '限期整改'),
          deadline: deadline(
            'rectification',
            `${context.item.name}承诺整改期限`,
            event.occurredAt,
            Number(pl(event).rectificationDays ?? catalog.rectificationDays),
            'workingDays',
          ),
          reportedAt: null,
        },
      })),
      reportRectified: assign(({ context, event }) => ({
        rectification: context.rectification ? { ...context.rectification, reportedAt: event.occurredAt } : null,
      })),
      startVerificationClock: assign(({ context, event }) => {
        const limit = context.promisedLimit ?? { amount: catalog.rectificationDays, unit: 'workingDays' as const };
        return {
          rectification: context.rectification
            ? {
                ...context.rectification,
                verification: {
                  deadline: deadline(
                    'rectificationVerification',
                    `${context.item.name}整改复查时限`,
                    event.occurredAt,
                    limit.amount,
                    limit.unit,
                  ),
                  timerState: 'normal' as const,
                },
              }
            : null,
        };
      }),
      verificationClock: assign(({ context }, params: { timerState: 'warning' | 'overdue' }) => ({
        rectification: context.rectification?.verification
          ? {
              ...context.rectification,
              verification: { ...context.rectification.verification, timerState: params.timerState },
            }
          : context.rectification,
      })),
      revoke: assign(({ event }, params: { reason?: string }) => ({
        outcome: {
          kind: 'revoked' as const,
          reason: params.reason ?? String(pl(event).reason ?? ''),
          at: event.occurredAt,
          barsCommitmentUntil: addMonthsIso(event.occurredAt, catalog.commitmentBarMonths),
        },
      })),
      verified: assign(({ event }) => ({
        outcome: { kind: 'verified' as const, reason: '核查符合承诺', at: event.occurredAt, barsCommitmentUntil: null },
      })),
    },
  }).createMachine({
    id: 'notifyCommitment',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload as Record<string, unknown>;
      const item = catalogItem(catalog, String(p.itemCode));
      return {
        projectId: String(p.projectId),
        enterpriseId: String(p.enterpriseId),
        item: {
          code: item.code,
          name: item.name,
          department: item.department,
          notifyCommitAllowed: item.notifyCommitAllowed,
        },
        commitmentSigned: p.commitmentSigned === true,
        conditions: (p.conditions as string[] | undefined) ?? [],
        decidedAt: null,
        verification: [],
        rectification: null,
        ...(v2 ? { promisedLimit: item.promisedLimit } : {}),
        outcome: null,
      };
    },
    initial: 'signed',
    states: {
      // 已签署告知承诺书
      signed: {
        on: {
          DECIDE_ON_COMMITMENT: {
            guard: 'eligible',
            target: 'awaitingVerification',
            actions: [
              'decide',
              {
                type: 'emit',
                params: ({ context }: Args) => ({
                  effects: [
                    {
                      kind: 'notifyParent',
                      event: { type: COMMITMENT_DECIDED, payload: { itemCode: context.item.code } },
                    },
                  ] as Effect[],
                }),
              },
            ],
          },
          REFUSE_COMMITMENT: {
            target: 'refused',
            actions: [
              assign(({ event }: Args) => ({
                outcome: {
                  kind: 'refused' as const,
                  reason: String(pl(event).reason),
                  at: event.occurredAt,
                  barsCommitmentUntil: null,
                },
              })),
              {
                type: 'emit',
                params: ({ context }: Args) => ({
                  effects: [
                    {
                      kind: 'notifyParent',
                      event: { type: COMMITMENT_REFUSED, payload: { itemCode: context.item.code } },
                    },
                  ] as Effect[],
                }),
              },
            ],
          },
          PARENT_CLOSED: { target: 'cancelled' },
        },
      },
      // 已审批，待核查（先建后验）
      awaitingVerification: {
        on: {
          VERIFY: [
            {
              guard: 'compliant',
              target: 'verified',
              actions: [
                'recordVerification',
                'verified',
                {
                  type: 'emit',
                  params: ({ context }: Args) => ({
                    effects: [
                      {
                        kind: 'notifyParent',
                        event: { type: COMMITMENT_VERIFIED, payload: { itemCode: context.item.code } },
                      },
                    ] as Effect[],
                  }),
                },
              ],
            },
            {
              target: 'rectifying',
              actions: [
                'recordVerification',
                'orderRectification',
                {
                  type: 'emit',
                  params: ({ context }: Args) => ({
                    effects: [
                      {
                        kind: 'scheduleTimer',
                        timerKey: RECTIFICATION_TIMER,
                        deadline: context.rectification!.deadline,
                        at: 'due',
                        event: { type: 'RECTIFICATION_DEADLINE_PASSED', payload: {} },
                      },
                    ] as Effect[],
                  }),
                },
              ],
            },
          ],
          FIND_FALSE_COMMITMENT: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: {} },
              { type: 'emit', params: revokedEffects },
            ],
          },
          PARENT_CLOSED: { target: 'cancelled' },
        },
      },
      // 限期整改
      rectifying: {
        on: {
          REPORT_RECTIFIED: v2
            ? {
                target: 'rectificationReported',
                actions: [
                  'reportRectified',
                  'startVerificationClock',
                  { type: 'emit', params: startVerificationEffects },
                ],
              }
            : { target: 'rectificationReported', actions: 'reportRectified' },
          RECTIFICATION_DEADLINE_PASSED: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: { reason: '逾期未整改 / not rectified by the deadline' } },
              { type: 'emit', params: revokedEffects },
            ],
          },
          FIND_FALSE_COMMITMENT: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: {} },
              { type: 'emit', params: revokedEffects },
            ],
          },
          PARENT_CLOSED: {
            target: 'cancelled',
            actions: { type: 'emit', params: { effects: [{ kind: 'cancelTimer', timerKey: RECTIFICATION_TIMER }] } },
          },
        },
      },
      // 整改完成待复查
      rectificationReported: {
        on: {
          CONFIRM_RECTIFIED: {
            target: 'verified',
            actions: [
              'verified',
              {
                type: 'emit',
                params: ({ context }: Args) => ({
                  effects: [
                    { kind: 'cancelTimer', timerKey: RECTIFICATION_TIMER },
                    ...cancelVerification,
                    {
                      kind: 'notifyParent',
                      event: { type: COMMITMENT_VERIFIED, payload: { itemCode: context.item.code } },
                    },
                  ] as Effect[],
                }),
              },
            ],
          },
          REJECT_RECTIFICATION: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: {} },
              { type: 'emit', params: revokedEffects },
            ],
          },
          // v2: reported in time, the enterprise's clock has stopped; the department's runs instead.
          ...(v2
            ? {
                VERIFICATION_TIME_WARNING: {
                  actions: { type: 'verificationClock', params: { timerState: 'warning' } },
                },
                VERIFICATION_TIME_OVERDUE: {
                  actions: { type: 'verificationClock', params: { timerState: 'overdue' } },
                },
                // Only a timer set before a migration from v1 can still fire: the report was in time.
                RECTIFICATION_DEADLINE_PASSED: {},
              }
            : {
                RECTIFICATION_DEADLINE_PASSED: {
                  target: 'revoked',
                  actions: [
                    { type: 'revoke', params: { reason: '逾期未整改 / not rectified by the deadline' } },
                    { type: 'emit', params: revokedEffects },
                  ],
                },
              }),
          PARENT_CLOSED: {
            target: 'cancelled',
            actions: {
              type: 'emit',
              params: { effects: [{ kind: 'cancelTimer', timerKey: RECTIFICATION_TIMER }, ...cancelVerification] },
            },
          },
        },
      },
      // 核查通过
      verified: { type: 'final' },
      // 撤销（承诺不实或未整改）
      revoked: { type: 'final' },
      // 不予适用告知承诺
      refused: { type: 'final' },
      cancelled: { type: 'final' },
    },
  });
}

/**
 * 容缺受理: a department accepts an application with non-core materials missing on a signed commitment.
 * The notice (容缺受理通知书) lists each missing material, its form, the deadline (never longer than the item's
 * promised time) and the consequence. Materials come in one by one; a non-compliant material or the day after
 * the deadline is a breach: the approval given on tolerance is revoked (through the item), and a credit record
 * bars further tolerance until repaired.
 *
 * Version 2 (DOMAIN.md, second round): the enterprise keeps its commitment by supplying before the deadline,
 * measured when the material reaches the department. Reviewing what was supplied runs on the department's own
 * clock (the item's promised limit, with warning and overdue). The deadline breaches only what is still missing
 * then; a material rejected on review goes back to missing while time is left, and breaches only when none is.
 */
import { and, assign, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent } from '../contract';
import type { Catalog, Material, ToleranceMode } from '../catalog/types';
import { catalogItem } from '../catalog';
import { emitAction, rule } from '../core/define';
import { deadline, isBefore } from '../core/time';
import { TOLERANCE_ACCEPTED, TOLERANCE_BREACHED, TOLERANCE_FULFILLED, TOLERANCE_REJECTED } from '../protocol';
import { missingMaterials, toleranceIneligibility } from './eligibility';
import { cancelClock, scheduleClock, type ClockTimers } from '../core/kit';

export type MaterialStatus = 'missing' | 'supplied' | 'accepted' | 'nonCompliant';

export interface ToleranceCommitmentContext {
  projectId: string;
  enterpriseId: string;
  item: {
    code: string;
    name: string;
    department: string;
    promisedLimit: { amount: number; unit: DeadlineSpec['unit'] };
    toleranceMode: ToleranceMode | null;
    supplementDays: number;
    materials: Material[];
  };
  submittedMaterials: string[];
  commitmentLetterSigned: boolean;
  missing: Record<
    string,
    { name: string; form: string; status: MaterialStatus; suppliedAt: string | null; note: string | null }
  >;
  /** 容缺受理通知书 */
  notice: { issuedAt: string; deadline: DeadlineSpec; consequence: string; decisionMode: ToleranceMode } | null;
  extension: { reason: string; extraDays: number; at: string } | null;
  remindedAt: string | null;
  /** v2: the department's clock for reviewing supplied materials; runs while one awaits review. */
  review?: { deadline: DeadlineSpec; timerState: 'normal' | 'warning' | 'overdue' } | null;
  /** v2: the supplement deadline has passed (what is supplied by then still counts). */
  deadlinePassed?: boolean;
  outcome: { kind: 'fulfilled' | 'breached' | 'rejected' | 'cancelled'; reason: string; at: string } | null;
}

type Args = { context: ToleranceCommitmentContext; event: EngineEvent };
const pl = (e: EngineEvent) => e.payload as Record<string, unknown>;

export const CONSEQUENCE =
  '逾期未补齐或补交材料不符合要求的，撤销已作出的审批决定，收回并注销据此核发的证照，相关审批一并受影响，记入信用记录并不再适用容缺受理。';

/**
 * Why the enterprise may not have 容缺 now, judged from the case and the facts known when the event is judged
 * (`at` is the event's instant). v2: an unrepaired 告知承诺 record bars 容缺 too, while it bars 告知承诺.
 */
export function eligibilityReasons(
  context: ToleranceCommitmentContext,
  circumstances: Pick<EngineEvent, 'facts'> & { at?: string },
  version = 1,
): string[] {
  const until = circumstances.facts?.enterprise?.commitmentBarredUntil;
  // Facts that name the barring record already say it (toleranceIneligibility); older facts did not.
  const named = !!circumstances.facts?.enterprise?.toleranceBarredBy;
  const commitmentBar =
    version >= 2 && !named && until && (!circumstances.at || isBefore(circumstances.at, until))
      ? [
          rule(
            `申请人有未修复的告知承诺失信记录，${until.slice(0, 10)}前不得适用容缺受理`,
            `an unrepaired 告知承诺 record bars tolerance until ${until}`,
          ),
        ]
      : [];
  return [...commitmentBar, ...toleranceIneligibilityOf(context, circumstances)];
}

function toleranceIneligibilityOf(context: ToleranceCommitmentContext, event: Pick<EngineEvent, 'facts'>): string[] {
  return toleranceIneligibility(
    {
      itemName: context.item.name,
      toleranceMode: context.item.toleranceMode,
      materials: context.item.materials,
      submittedMaterials: context.submittedMaterials,
    },
    context.commitmentLetterSigned,
    event.facts,
  );
}

export const toleranceCommitmentGuards = {
  eligible: ({ context, event }: Args) =>
    eligibilityReasons(context, { facts: event.facts, at: event.occurredAt }, 1).length === 0,
  eligibleV2: ({ context, event }: Args) =>
    eligibilityReasons(context, { facts: event.facts, at: event.occurredAt }, 2).length === 0,
  materialMissing: ({ context, event }: Args) => context.missing[pl(event).material as string]?.status === 'missing',
  materialSupplied: ({ context, event }: Args) => context.missing[pl(event).material as string]?.status === 'supplied',
  compliant: ({ event }: Args) => pl(event).compliant === true,
  allAccepted: ({ context }: Args) => Object.values(context.missing).every((m) => m.status === 'accepted'),
  notExtended: ({ context }: Args) => context.extension === null,
  /** v2: a rejected material can still be supplied again before the deadline. */
  timeLeft: ({ context }: Args) => context.deadlinePassed !== true,
  /** v2: some material has not reached the department. */
  anyMissing: ({ context }: Args) => Object.values(context.missing).some((m) => m.status === 'missing'),
};

/** v2: is any supplied material still waiting for the department's review? */
export function awaitingReview(context: ToleranceCommitmentContext): boolean {
  return Object.values(context.missing).some((m) => m.status === 'supplied');
}

const TIMERS = {
  reminder: 'tolerance:reminder',
  due: 'tolerance:due',
  reviewWarning: 'tolerance:review:warning',
  reviewDue: 'tolerance:review:due',
};

/** `version` 1 is the released behaviour; 2 keeps the commitment of an enterprise that supplied in time. */
export function createToleranceCommitmentMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  const REVIEW_CLOCK: ClockTimers = {
    warning: { key: TIMERS.reviewWarning, event: 'REVIEW_TIME_WARNING' },
    due: { key: TIMERS.reviewDue, event: 'REVIEW_TIME_OVERDUE' },
  };
  const reviewTimers = (spec: DeadlineSpec): Effect[] => scheduleClock(REVIEW_CLOCK, spec);
  const cancelReview: Effect[] = cancelClock(REVIEW_CLOCK);
  const timers = (spec: DeadlineSpec): Effect[] => [
    {
      kind: 'scheduleTimer',
      timerKey: TIMERS.reminder,
      deadline: spec,
      at: { reminderWorkingDaysBefore: catalog.toleranceReminderDays },
      event: { type: 'SUPPLEMENT_REMINDER', payload: {} },
    },
    // "On the day after it passes": 'due' fires at the start of the day after the last day.
    {
      kind: 'scheduleTimer',
      timerKey: TIMERS.due,
      deadline: spec,
      at: 'due',
      event: { type: 'SUPPLEMENT_DEADLINE_PASSED', payload: {} },
    },
  ];
  const cancel: Effect[] = [
    { kind: 'cancelTimer', timerKey: TIMERS.reminder },
    { kind: 'cancelTimer', timerKey: TIMERS.due },
    ...(v2 ? cancelReview : []),
  ];
  const stopReviewTimersIfIdle = ({ context }: Args) => ({ effects: awaitingReview(context) ? [] : cancelReview });
  const breachEffects = ({ context }: Args) => ({
    effects: [
      ...cancel,
      {
        kind: 'notifyParent',
        event: { type: TOLERANCE_BREACHED, payload: { itemCode: context.item.code, reason: context.outcome!.reason } },
      },
      {
        kind: 'creditRecord',
        enterpriseId: context.enterpriseId,
        reason: `容缺受理失信：${context.item.name}（${context.outcome!.reason}）`,
        barsTolerance: true,
      },
    ] as Effect[],
  });

  return setup({
    types: {} as { context: ToleranceCommitmentContext; events: EngineEvent; input: EngineEvent },
    guards: toleranceCommitmentGuards,
    actions: {
      emit: emitAction,
      issueNotice: assign(({ context, event }) => {
        const days = Math.min(context.item.supplementDays, context.item.promisedLimit.amount);
        return {
          notice: {
            issuedAt: event.occurredAt,
            deadline: deadline(
              'toleranceSupplement',
              `${context.item.name}容缺材料补齐期限`,
              event.occurredAt,
              days,
              context.item.promisedLimit.unit,
            ),
            consequence: CONSEQUENCE,
            decisionMode: context.item.toleranceMode ?? 'issueNow',
          },
        };
      }),
      supply: assign(({ context, event }) => {
        const code = pl(event).material as string;
        return {
          missing: {
            ...context.missing,
            [code]: { ...context.missing[code], status: 'supplied' as MaterialStatus, suppliedAt: event.occurredAt },
          },
        };
      }),
      review: assign(({ context, event }) => {
        const code = pl(event).material as string;
        const status: MaterialStatus = pl(event).compliant === true ? 'accepted' : 'nonCompliant';
        return {
          missing: {
            ...context.missing,
            [code]: { ...context.missing[code], status, note: (pl(event).note as string) ?? null },
          },
        };
      }),
      remind: assign(({ event }) => ({ remindedAt: event.occurredAt })),
      startReviewClock: assign(({ context, event }) =>
        context.review
          ? {}
          : {
              review: {
                deadline: deadline(
                  'toleranceReview',
                  `${context.item.name}补交材料审核时限`,
                  event.occurredAt,
                  context.item.promisedLimit.amount,
                  context.item.promisedLimit.unit,
                ),
                timerState: 'normal' as const,
              },
            },
      ),
      stopReviewClockIfIdle: assign(({ context }) => (awaitingReview(context) ? {} : { review: null })),
      reviewClock: assign(({ context }, params: { timerState: 'warning' | 'overdue' }) =>
        context.review ? { review: { ...context.review, timerState: params.timerState } } : {},
      ),
      resupplyAllowed: assign(({ context, event }) => {
        const code = pl(event).material as string;
        return {
          missing: {
            ...context.missing,
            [code]: {
              ...context.missing[code],
              status: 'missing' as MaterialStatus,
              suppliedAt: null,
              note: (pl(event).note as string) ?? null,
            },
          },
        };
      }),
      markDeadlinePassed: assign({ deadlinePassed: true }),
      extend: assign(({ context, event }) => {
        const extraDays = Number(pl(event).extraDays);
        return {
          extension: { reason: String(pl(event).reason), extraDays, at: event.occurredAt },
          notice: context.notice
            ? {
                ...context.notice,
                deadline: { ...context.notice.deadline, amount: context.notice.deadline.amount + extraDays },
              }
            : null,
        };
      }),
      outcome: assign(
        (
          { context, event },
          params: { kind: 'fulfilled' | 'breached' | 'rejected' | 'cancelled'; reason?: string },
        ) => {
          let reason = params.reason ?? String(pl(event).reason ?? '');
          if (params.kind === 'breached' && !params.reason) {
            const code = pl(event).material as string;
            reason = `补交材料不符合要求：${context.missing[code]?.name ?? code}${pl(event).note ? '（' + String(pl(event).note) + '）' : ''}`;
          }
          return { outcome: { kind: params.kind, reason, at: event.occurredAt } };
        },
      ),
    },
  }).createMachine({
    id: 'toleranceCommitment',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload as Record<string, unknown>;
      const item = catalogItem(catalog, String(p.itemCode));
      const submitted = (p.submittedMaterials as string[] | undefined) ?? [];
      const missing = missingMaterials({ materials: item.materials, submittedMaterials: submitted });
      return {
        projectId: String(p.projectId),
        enterpriseId: String(p.enterpriseId),
        item: {
          code: item.code,
          name: item.name,
          department: item.department,
          promisedLimit: item.promisedLimit,
          toleranceMode: item.toleranceMode,
          supplementDays: item.toleranceSupplementDays,
          materials: item.materials,
        },
        submittedMaterials: submitted,
        commitmentLetterSigned: p.commitmentLetterSigned === true,
        missing: Object.fromEntries(
          missing.map((m) => [
            m.code,
            { name: m.name, form: m.form ?? '原件', status: 'missing' as MaterialStatus, suppliedAt: null, note: null },
          ]),
        ),
        notice: null,
        extension: null,
        remindedAt: null,
        ...(v2 ? { review: null, deadlinePassed: false } : {}),
        outcome: null,
      };
    },
    initial: 'requested',
    states: {
      // 申请容缺受理（已签承诺书）
      requested: {
        on: {
          ACCEPT_TOLERANCE: {
            guard: v2 ? 'eligibleV2' : 'eligible',
            target: 'awaitingSupplement',
            actions: [
              'issueNotice',
              {
                type: 'emit',
                params: ({ context }: Args) => ({
                  effects: [
                    ...timers(context.notice!.deadline),
                    {
                      kind: 'notifyParent',
                      event: {
                        type: TOLERANCE_ACCEPTED,
                        payload: {
                          itemCode: context.item.code,
                          missingMaterials: Object.keys(context.missing),
                          deadline: context.notice!.deadline,
                          decisionMode: context.notice!.decisionMode,
                        },
                      },
                    },
                  ] as Effect[],
                }),
              },
            ],
          },
          REJECT_TOLERANCE: {
            target: 'rejected',
            actions: [
              { type: 'outcome', params: { kind: 'rejected' } },
              {
                type: 'emit',
                params: ({ context }: Args) => ({
                  effects: [
                    {
                      kind: 'notifyParent',
                      event: {
                        type: TOLERANCE_REJECTED,
                        payload: { itemCode: context.item.code, reason: context.outcome!.reason },
                      },
                    },
                  ] as Effect[],
                }),
              },
            ],
          },
          PARENT_CLOSED: {
            target: 'cancelled',
            actions: { type: 'outcome', params: { kind: 'cancelled', reason: '事项已终止' } },
          },
        },
      },
      // 已出具容缺受理通知书，待补齐
      awaitingSupplement: {
        always: {
          guard: 'allAccepted',
          target: 'fulfilled',
          actions: [
            { type: 'outcome', params: { kind: 'fulfilled', reason: '材料已补齐' } },
            {
              type: 'emit',
              params: ({ context }: Args) => ({
                effects: [
                  ...cancel,
                  {
                    kind: 'notifyParent',
                    event: { type: TOLERANCE_FULFILLED, payload: { itemCode: context.item.code } },
                  },
                ] as Effect[],
              }),
            },
          ],
        },
        on: v2
          ? {
              // v2: supplying in time keeps the commitment; the department reviews on its own clock.
              SUPPLY_MATERIAL: {
                guard: 'materialMissing',
                actions: [
                  'supply',
                  'startReviewClock',
                  // Scheduling again under the same keys replaces the timers with the same instants.
                  {
                    type: 'emit',
                    params: ({ context }: Args) => ({ effects: reviewTimers(context.review!.deadline) }),
                  },
                ],
              },
              REVIEW_MATERIAL: [
                {
                  guard: and(['materialSupplied', 'compliant']),
                  actions: ['review', 'stopReviewClockIfIdle', { type: 'emit', params: stopReviewTimersIfIdle }],
                },
                // Rejected with time left: missing again, and the enterprise may supply it once more.
                {
                  guard: and(['materialSupplied', 'timeLeft']),
                  actions: [
                    'resupplyAllowed',
                    'stopReviewClockIfIdle',
                    { type: 'emit', params: stopReviewTimersIfIdle },
                  ],
                },
                {
                  guard: 'materialSupplied',
                  target: 'breached',
                  actions: [
                    'review',
                    { type: 'outcome', params: { kind: 'breached' } },
                    { type: 'emit', params: breachEffects },
                  ],
                },
              ],
              SUPPLEMENT_REMINDER: { guard: 'anyMissing', actions: 'remind' },
              EXTEND_FOR_FORCE_MAJEURE: {
                guard: 'notExtended',
                actions: [
                  'extend',
                  { type: 'emit', params: ({ context }: Args) => ({ effects: timers(context.notice!.deadline) }) },
                ],
              },
              // Only what has not reached the department by the deadline breaches.
              SUPPLEMENT_DEADLINE_PASSED: [
                {
                  guard: 'anyMissing',
                  target: 'breached',
                  actions: [
                    'markDeadlinePassed',
                    {
                      type: 'outcome',
                      params: {
                        kind: 'breached',
                        reason: '逾期未补齐容缺材料 / missing materials not supplied by the deadline',
                      },
                    },
                    { type: 'emit', params: breachEffects },
                  ],
                },
                { actions: 'markDeadlinePassed' },
              ],
              REVIEW_TIME_WARNING: { actions: { type: 'reviewClock', params: { timerState: 'warning' } } },
              REVIEW_TIME_OVERDUE: { actions: { type: 'reviewClock', params: { timerState: 'overdue' } } },
              PARENT_CLOSED: {
                target: 'cancelled',
                actions: [
                  { type: 'outcome', params: { kind: 'cancelled', reason: '事项已终止' } },
                  { type: 'emit', params: { effects: cancel } },
                ],
              },
            }
          : {
              SUPPLY_MATERIAL: { guard: 'materialMissing', actions: 'supply' },
              REVIEW_MATERIAL: [
                { guard: and(['materialSupplied', 'compliant']), actions: 'review' },
                {
                  guard: 'materialSupplied',
                  target: 'breached',
                  actions: [
                    'review',
                    { type: 'outcome', params: { kind: 'breached' } },
                    { type: 'emit', params: breachEffects },
                  ],
                },
              ],
              SUPPLEMENT_REMINDER: { actions: 'remind' },
              // 不可抗力: once, by the department, with a reason.
              EXTEND_FOR_FORCE_MAJEURE: {
                guard: 'notExtended',
                actions: [
                  'extend',
                  { type: 'emit', params: ({ context }: Args) => ({ effects: timers(context.notice!.deadline) }) },
                ],
              },
              SUPPLEMENT_DEADLINE_PASSED: {
                target: 'breached',
                actions: [
                  {
                    type: 'outcome',
                    params: {
                      kind: 'breached',
                      reason: '逾期未补齐容缺材料 / missing materials not supplied by the deadline',
                    },
                  },
                  { type: 'emit', params: breachEffects },
                ],
              },
              PARENT_CLOSED: {
                target: 'cancelled',
                actions: [
                  { type: 'outcome', params: { kind: 'cancelled', reason: '事项已终止' } },
                  { type: 'emit', params: { effects: cancel } },
                ],
              },
            },
      },
      // 已补齐
      fulfilled: { type: 'final' },
      // 失信：撤销审批、注销证照、记入信用
      breached: { type: 'final' },
      // 不同意容缺受理
      rejected: { type: 'final' },
      // 事项终止，承诺随之终止
      cancelled: { type: 'final' },
    },
  });
}

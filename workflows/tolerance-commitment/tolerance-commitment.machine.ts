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
 *
 * Its data is in tolerance-commitment.types.ts, its events in tolerance-commitment.events.ts, its guards in
 * tolerance-commitment.rules.ts and what it asks of the engine in tolerance-commitment.effects.ts.
 */

import { and, assertEvent, assign, setup } from 'xstate';
import type { DeadlineSpec } from '../contract';
import type { Catalog } from '../catalog/types';
import { catalogItem } from '../catalog';
import { emitAction } from '../core/define';
import type { CreatedEvent } from '../core/events';
import { deadline } from '../core/time';
import { reasonOf } from '../core/kit';
import { missingMaterials } from './eligibility';
import type { ToleranceCommitmentEvent } from './tolerance-commitment.events';
import { awaitingReview, toleranceCommitmentGuards } from './tolerance-commitment.rules';
import {
  acceptedEffects,
  breachEffects,
  cancelAll,
  cancelReview,
  fulfilledEffects,
  rejectedEffects,
  reviewTimers,
  supplementTimers,
} from './tolerance-commitment.effects';
import {
  CONSEQUENCE,
  type MaterialStatus,
  type OutcomeKind,
  type ToleranceCommitmentContext,
  type ToleranceCommitmentInput,
} from './tolerance-commitment.types';

// The commitment's data and rules, where the definition, the other machines and the tests have always found them.
export * from './tolerance-commitment.types';
export { awaitingReview, eligibilityReasons, toleranceCommitmentGuards } from './tolerance-commitment.rules';

type On = { context: ToleranceCommitmentContext };

/** `version` 1 is the released behaviour; 2 keeps the commitment of an enterprise that supplied in time. */
export function createToleranceCommitmentMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  const timers = (spec: DeadlineSpec) => supplementTimers(spec, catalog.toleranceReminderDays);
  const cancel = cancelAll(v2);
  const stopReviewTimersIfIdle = ({ context }: On) => ({ effects: awaitingReview(context) ? [] : cancelReview });
  const breach = ({ context }: On) => ({ effects: breachEffects(context, v2) });

  return setup({
    types: {} as {
      context: ToleranceCommitmentContext;
      events: ToleranceCommitmentEvent;
      input: CreatedEvent<ToleranceCommitmentInput>;
    },
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
        assertEvent(event, 'SUPPLY_MATERIAL');
        const code = event.payload.material;
        const supplied: MaterialStatus = 'supplied';
        return {
          missing: {
            ...context.missing,
            [code]: { ...context.missing[code], status: supplied, suppliedAt: event.occurredAt },
          },
        };
      }),
      review: assign(({ context, event }) => {
        assertEvent(event, 'REVIEW_MATERIAL');
        const code = event.payload.material;
        const status: MaterialStatus = event.payload.compliant === true ? 'accepted' : 'nonCompliant';
        return {
          missing: {
            ...context.missing,
            [code]: { ...context.missing[code], status, note: event.payload.note ?? null },
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
                timerState: 'normal',
              },
            },
      ),
      stopReviewClockIfIdle: assign(({ context }) => (awaitingReview(context) ? {} : { review: null })),
      reviewClock: assign(({ context }, params: { timerState: 'warning' | 'overdue' }) =>
        context.review ? { review: { ...context.review, timerState: params.timerState } } : {},
      ),
      resupplyAllowed: assign(({ context, event }) => {
        assertEvent(event, 'REVIEW_MATERIAL');
        const code = event.payload.material;
        const missing: MaterialStatus = 'missing';
        return {
          missing: {
            ...context.missing,
            [code]: { ...context.missing[code], status: missing, suppliedAt: null, note: event.payload.note ?? null },
          },
        };
      }),
      markDeadlinePassed: assign({ deadlinePassed: true }),
      extend: assign(({ context, event }) => {
        assertEvent(event, 'EXTEND_FOR_FORCE_MAJEURE');
        const { reason, extraDays } = event.payload;
        return {
          extension: { reason, extraDays, at: event.occurredAt },
          notice: context.notice
            ? {
                ...context.notice,
                deadline: { ...context.notice.deadline, amount: context.notice.deadline.amount + extraDays },
              }
            : null,
        };
      }),
      outcome: assign(({ context, event }, params: { kind: OutcomeKind; reason?: string }) => {
        let reason = params.reason ?? reasonOf(event.payload);
        if (params.kind === 'breached' && !params.reason) {
          // Only a non-compliant material breaches without a reason of its own.
          assertEvent(event, 'REVIEW_MATERIAL');
          const { material: code, note } = event.payload;
          reason = `补交材料不符合要求：${context.missing[code]?.name ?? code}${note ? '（' + String(note) + '）' : ''}`;
        }
        return { outcome: { kind: params.kind, reason, at: event.occurredAt } };
      }),
    },
  }).createMachine({
    id: 'toleranceCommitment',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      // The engine checked the input against the definition's inputSchema before the machine sees it.
      const p = input.payload;
      const item = catalogItem(catalog, p.itemCode);
      const submitted = p.submittedMaterials ?? [];
      const missing = missingMaterials({ materials: item.materials, submittedMaterials: submitted });
      return {
        projectId: p.projectId,
        enterpriseId: p.enterpriseId,
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
            { name: m.name, form: m.form ?? '原件', status: 'missing', suppliedAt: null, note: null },
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
                params: ({ context }: On) => ({ effects: acceptedEffects(context, catalog.toleranceReminderDays) }),
              },
            ],
          },
          REJECT_TOLERANCE: {
            target: 'rejected',
            actions: [
              { type: 'outcome', params: { kind: 'rejected' } },
              { type: 'emit', params: ({ context }: On) => ({ effects: rejectedEffects(context) }) },
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
            { type: 'emit', params: ({ context }: On) => ({ effects: fulfilledEffects(context, v2) }) },
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
                    params: ({ context }: On) => ({ effects: reviewTimers(context.review!.deadline) }),
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
                    { type: 'emit', params: breach },
                  ],
                },
              ],
              SUPPLEMENT_REMINDER: { guard: 'anyMissing', actions: 'remind' },
              EXTEND_FOR_FORCE_MAJEURE: {
                guard: 'notExtended',
                actions: [
                  'extend',
                  { type: 'emit', params: ({ context }: On) => ({ effects: timers(context.notice!.deadline) }) },
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
                    { type: 'emit', params: breach },
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
                    { type: 'emit', params: breach },
                  ],
                },
              ],
              SUPPLEMENT_REMINDER: { actions: 'remind' },
              // 不可抗力: once, by the department, with a reason.
              EXTEND_FOR_FORCE_MAJEURE: {
                guard: 'notExtended',
                actions: [
                  'extend',
                  { type: 'emit', params: ({ context }: On) => ({ effects: timers(context.notice!.deadline) }) },
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
                  { type: 'emit', params: breach },
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

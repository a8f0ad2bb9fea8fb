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
 *
 * Version 4 (issue #18): the item is told when rectification is ordered (COMMITMENT_RECTIFICATION_ORDERED), so the
 * project can block the above-ground permit; the rectification ends with the notices every version sends.
 *
 * Its data is in notify-commitment.types.ts, its events in notify-commitment.events.ts, its guards in
 * notify-commitment.rules.ts and what it asks of the engine in notify-commitment.effects.ts.
 */

import { assertEvent, assign, setup } from 'xstate';
import type { Catalog } from '../catalog/types';
import { catalogItem } from '../catalog';
import { emitAction } from '../core/define';
import type { CreatedEvent } from '../core/events';
import { addMonthsIso, deadline } from '../core/time';
import { reasonOf } from '../core/kit';
import type { NotifyCommitmentEvent } from './notify-commitment.events';
import { notifyCommitmentGuards } from './notify-commitment.rules';
import {
  closedEffects,
  confirmedEffects,
  decidedEffects,
  rectificationEffects,
  refusedEffects,
  revokedEffects,
  startVerificationEffects,
  verifiedEffects,
} from './notify-commitment.effects';
import type { NotifyCommitmentContext, NotifyCommitmentInput, Outcome } from './notify-commitment.types';

// The commitment's data and rules, where the definition, the other machines and the tests have always found them.
export * from './notify-commitment.types';
export { notifyCommitmentGuards, notifyCommitmentIneligibility } from './notify-commitment.rules';

type On = { context: NotifyCommitmentContext };

/** `version` 1 is the released behaviour; 2 stops the enterprise's clock when it reports the rectification. */
export function createNotifyCommitmentMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  // v4: the item hears of a rectification order.
  const v4 = version >= 4;
  const revoked = ({ context }: On) => ({ effects: revokedEffects(context, v2) });
  return setup({
    types: {} as {
      context: NotifyCommitmentContext;
      events: NotifyCommitmentEvent;
      input: CreatedEvent<NotifyCommitmentInput>;
    },
    guards: notifyCommitmentGuards,
    actions: {
      emit: emitAction,
      decide: assign(({ event }) => ({ decidedAt: event.occurredAt })),
      recordVerification: assign(({ context, event }) => {
        assertEvent(event, 'VERIFY');
        return {
          verification: [
            ...context.verification,
            {
              method: event.payload.method,
              at: event.occurredAt,
              compliant: event.payload.compliant === true,
              findings: event.payload.findings ?? null,
            },
          ],
        };
      }),
      orderRectification: assign(({ context, event }) => {
        assertEvent(event, 'VERIFY');
        return {
          rectification: {
            order: event.payload.findings ?? '限期整改',
            deadline: deadline(
              'rectification',
              `${context.item.name}承诺整改期限`,
              event.occurredAt,
              event.payload.rectificationDays ?? catalog.rectificationDays,
              'workingDays',
            ),
            reportedAt: null,
          },
        };
      }),
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
                  timerState: 'normal',
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
          kind: 'revoked',
          reason: params.reason ?? reasonOf(event.payload),
          at: event.occurredAt,
          barsCommitmentUntil: addMonthsIso(event.occurredAt, catalog.commitmentBarMonths),
        },
      })),
      verified: assign(({ event }) => ({
        outcome: {
          kind: 'verified',
          reason: '核查符合承诺',
          at: event.occurredAt,
          barsCommitmentUntil: null,
        } satisfies Outcome,
      })),
    },
  }).createMachine({
    id: 'notifyCommitment',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      // The engine checked the input against the definition's inputSchema before the machine sees it.
      const p = input.payload;
      const item = catalogItem(catalog, p.itemCode);
      return {
        projectId: p.projectId,
        enterpriseId: p.enterpriseId,
        item: {
          code: item.code,
          name: item.name,
          department: item.department,
          notifyCommitAllowed: item.notifyCommitAllowed,
        },
        commitmentSigned: p.commitmentSigned === true,
        conditions: p.conditions ?? [],
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
            actions: ['decide', { type: 'emit', params: ({ context }: On) => ({ effects: decidedEffects(context) }) }],
          },
          REFUSE_COMMITMENT: {
            target: 'refused',
            actions: [
              assign(({ event }) => {
                assertEvent(event, 'REFUSE_COMMITMENT');
                const outcome: Outcome = {
                  kind: 'refused',
                  reason: event.payload.reason,
                  at: event.occurredAt,
                  barsCommitmentUntil: null,
                };
                return { outcome };
              }),
              { type: 'emit', params: ({ context }: On) => ({ effects: refusedEffects(context) }) },
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
                { type: 'emit', params: ({ context }: On) => ({ effects: verifiedEffects(context) }) },
              ],
            },
            {
              target: 'rectifying',
              actions: [
                'recordVerification',
                'orderRectification',
                { type: 'emit', params: ({ context }: On) => ({ effects: rectificationEffects(context, v4) }) },
              ],
            },
          ],
          FIND_FALSE_COMMITMENT: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: {} },
              { type: 'emit', params: revoked },
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
                  { type: 'emit', params: ({ context }: On) => ({ effects: startVerificationEffects(context) }) },
                ],
              }
            : { target: 'rectificationReported', actions: 'reportRectified' },
          RECTIFICATION_DEADLINE_PASSED: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: { reason: '逾期未整改 / not rectified by the deadline' } },
              { type: 'emit', params: revoked },
            ],
          },
          FIND_FALSE_COMMITMENT: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: {} },
              { type: 'emit', params: revoked },
            ],
          },
          PARENT_CLOSED: {
            target: 'cancelled',
            // The department's verification clock runs only once the rectification is reported.
            actions: { type: 'emit', params: { effects: closedEffects(false) } },
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
              { type: 'emit', params: ({ context }: On) => ({ effects: confirmedEffects(context, v2) }) },
            ],
          },
          REJECT_RECTIFICATION: {
            target: 'revoked',
            actions: [
              { type: 'revoke', params: {} },
              { type: 'emit', params: revoked },
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
                    { type: 'emit', params: revoked },
                  ],
                },
              }),
          PARENT_CLOSED: {
            target: 'cancelled',
            actions: {
              type: 'emit',
              params: { effects: closedEffects(v2) },
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

/**
 * 容缺受理: a department accepts an application with non-core materials missing on a signed commitment.
 * The notice (容缺受理通知书) lists each missing material, its form, the deadline (never longer than the item's
 * promised time) and the consequence. Materials come in one by one; a non-compliant material or the day after
 * the deadline is a breach: the approval given on tolerance is revoked (through the item), and a credit record
 * bars further tolerance until repaired.
 */
import { and, assign, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent } from '../contract';
import type { Catalog, Material, ToleranceMode } from '../catalog/types';
import { catalogItem } from '../catalog';
import { emitAction } from '../core/define';
import { deadline } from '../core/time';
import { TOLERANCE_ACCEPTED, TOLERANCE_BREACHED, TOLERANCE_FULFILLED, TOLERANCE_REJECTED } from '../protocol';
import { missingMaterials, toleranceIneligibility } from './eligibility';

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
  outcome: { kind: 'fulfilled' | 'breached' | 'rejected' | 'cancelled'; reason: string; at: string } | null;
}

type Args = { context: ToleranceCommitmentContext; event: EngineEvent };
const pl = (e: EngineEvent) => e.payload as Record<string, unknown>;

export const CONSEQUENCE =
  '逾期未补齐或补交材料不符合要求的，撤销已作出的审批决定，收回并注销据此核发的证照，相关审批一并受影响，记入信用记录并不再适用容缺受理。';

export function eligibilityReasons(context: ToleranceCommitmentContext, event: Pick<EngineEvent, 'facts'>): string[] {
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
  eligible: ({ context, event }: Args) => eligibilityReasons(context, event).length === 0,
  materialMissing: ({ context, event }: Args) => context.missing[pl(event).material as string]?.status === 'missing',
  materialSupplied: ({ context, event }: Args) => context.missing[pl(event).material as string]?.status === 'supplied',
  compliant: ({ event }: Args) => pl(event).compliant === true,
  allAccepted: ({ context }: Args) => Object.values(context.missing).every((m) => m.status === 'accepted'),
  notExtended: ({ context }: Args) => context.extension === null,
};

const TIMERS = { reminder: 'tolerance:reminder', due: 'tolerance:due' };

export function createToleranceCommitmentMachine(catalog: Catalog) {
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
  ];
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
        outcome: null,
      };
    },
    initial: 'requested',
    states: {
      // 申请容缺受理（已签承诺书）
      requested: {
        on: {
          ACCEPT_TOLERANCE: {
            guard: 'eligible',
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
        on: {
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

/**
 * One approval item (事项实例), following the national system's state model:
 * 已接件 → 窗口受理 → 部门受理 → 办结 (通过 / 容缺通过 / 不通过), with 补正 and 特别程序 side paths and the exits
 * 不受理, 撤件, 撤回, 撤销. The promised time limit is a DeadlineSpec; warning and overdue arrive as timer events.
 */
import { and, assign, not, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent, Facts, TimerState } from '../contract';
import type { Catalog, Material, StageKey, ToleranceMode } from '../catalog/types';
import { catalogItem } from '../catalog';
import { emitAction } from '../core/define';
import { deadline, isBefore, isPaused, pauseDeadline, resumeDeadline } from '../core/time';
import { missingMaterials, toleranceIneligibility } from '../tolerance-commitment/eligibility';
import {
  APPLICATION_DECIDED,
  DEFINITION_IDS,
  ITEM_CLOSED,
  ITEM_COMMITMENT_FULFILLED,
  ITEM_DECIDED,
  ITEM_REVOKED,
  type DecisionBasis,
  type ItemOutcome,
  CHILD_VERSIONS,
} from '../protocol';

export interface ApprovalItemInput {
  projectId: string;
  enterpriseId: string;
  itemCode: string;
  /** The application (申请) this item belongs to: the project stage's joint application. */
  applicationKey?: string;
  submittedMaterials?: string[];
  practices?: { tolerance?: boolean; notifyCommit?: boolean };
  /** v2: items of the project this one depends on that are not approved yet (catalog `dependsOn`). */
  blockedBy?: string[];
  /** v2: the item as it applies to this project (materials chosen by the project flags); default the catalog's. */
  materials?: Material[];
  /** v2: an item of the same application was already decided when this one was created (no 撤件). */
  applicationDecided?: boolean;
  [key: string]: unknown;
}

export interface ItemSpecSnapshot {
  code: string;
  name: string;
  stage: StageKey;
  department: string;
  promisedLimit: { amount: number; unit: DeadlineSpec['unit'] };
  materials: Material[];
  toleranceMode: ToleranceMode | null;
  toleranceSupplementDays: number;
  notifyCommitAllowed: boolean;
  certificate: string | null;
}

export interface ApprovalItemContext {
  projectId: string;
  enterpriseId: string;
  applicationKey: string;
  item: ItemSpecSnapshot;
  practices: { tolerance: boolean; notifyCommit: boolean };
  submittedMaterials: string[];
  receivedAt: string;
  clock: DeadlineSpec | null;
  timerState: TimerState;
  /** Timer state before a pause, restored when the special procedure ends. */
  timerStateBeforePause: TimerState | null;
  applicationDecided: boolean;
  correction: { requested: string[]; note: string | null; requestedAt: string } | null;
  corrections: number;
  specialProcedure: { procedure: string; reason: string; startedAt: string } | null;
  tolerance: {
    status: 'requested' | 'accepted' | 'rejected' | 'fulfilled' | 'breached';
    missingMaterials: string[];
    childKey: string;
  } | null;
  toleranceRequests: number;
  notifyCommitment: { status: 'requested' | 'decided' | 'refused' | 'verified' | 'revoked'; childKey: string } | null;
  notifyCommitmentRequests: number;
  decision: {
    outcome: ItemOutcome;
    basis: DecisionBasis;
    decidedAt: string;
    decidedBy: string;
    opinion: string | null;
    certificateReleasable: boolean;
  } | null;
  exit: { kind: 'notAccepted' | 'withdrawn' | 'recalled' | 'revoked'; reason: string; at: string; by: string } | null;
  /** v2: dependencies (catalog `dependsOn`) not yet approved; the item is not decided before they are. */
  blockedBy?: string[];
  /** v2: materials of the last resubmission after a 补正; a second request may name only these. */
  lastResubmission?: string[] | null;
  /** v2: the window let 5 working days pass without a decision: accepted from the day received (行政许可法 art. 32). */
  deemedAcceptedAt?: string | null;
}

/** 行政许可法 art. 32: the window decides within 5 working days, or the application counts as accepted. */
export const WINDOW_DECISION_WORKING_DAYS = 5;
export const TIMER_WINDOW = 'window:deemedAcceptance';
export const DEPENDENCY_APPROVED = 'DEPENDENCY_APPROVED';
/** project-case v3 → approval-item v2: an approval this item waits for was revoked; it waits again. */
export const DEPENDENCY_REVOKED = 'DEPENDENCY_REVOKED';
export const WINDOW_DEEMED_ACCEPTED = 'WINDOW_DEEMED_ACCEPTED';
export const WINDOW_REQUEST_CORRECTION = 'WINDOW_REQUEST_CORRECTION';
/** approval-item v2 → project-case v3: the item waits on the enterprise (补正) / is back with the department. */
export const ITEM_WAITING_ON_ENTERPRISE = 'ITEM_WAITING_ON_ENTERPRISE';
export const ITEM_BACK_WITH_DEPARTMENT = 'ITEM_BACK_WITH_DEPARTMENT';

type P = Record<string, unknown>;
const payload = (event: EngineEvent): P => event.payload as P;
const str = (event: EngineEvent, key: string): string => String(payload(event)[key] ?? '');
const optStr = (event: EngineEvent, key: string): string | null =>
  typeof payload(event)[key] === 'string' ? (payload(event)[key] as string) : null;

export const TIMER_WARNING = 'promised:warning';
export const TIMER_DUE = 'promised:due';

function clockTimers(clock: DeadlineSpec): Effect[] {
  return [
    {
      kind: 'scheduleTimer',
      timerKey: TIMER_WARNING,
      deadline: clock,
      at: 'warning',
      event: { type: 'PROMISED_TIME_WARNING', payload: {} },
    },
    {
      kind: 'scheduleTimer',
      timerKey: TIMER_DUE,
      deadline: clock,
      at: 'due',
      event: { type: 'PROMISED_TIME_OVERDUE', payload: {} },
    },
  ];
}
const cancelClock: Effect[] = [
  { kind: 'cancelTimer', timerKey: TIMER_WARNING },
  { kind: 'cancelTimer', timerKey: TIMER_DUE },
];

/** Open commitments (容缺 / 告知承诺) end with the item: the child is told its parent closed. */
function cancelOpenCommitments(context: ApprovalItemContext): Effect[] {
  const effects: Effect[] = [];
  if (context.tolerance && ['requested', 'accepted'].includes(context.tolerance.status)) {
    effects.push({
      kind: 'notifyChild',
      childKey: context.tolerance.childKey,
      event: { type: 'PARENT_CLOSED', payload: {} },
    });
  }
  if (context.notifyCommitment && ['requested', 'decided'].includes(context.notifyCommitment.status)) {
    effects.push({
      kind: 'notifyChild',
      childKey: context.notifyCommitment.childKey,
      event: { type: 'PARENT_CLOSED', payload: {} },
    });
  }
  return effects;
}

/** Pure guards, exported for tests and for the definition's rule messages. */
export const approvalItemGuards = {
  applicationOpen: ({ context }: { context: ApprovalItemContext }) => !context.applicationDecided,
  materialsComplete: ({ context }: { context: ApprovalItemContext }) =>
    missingMaterials({ materials: context.item.materials, submittedMaterials: context.submittedMaterials }).length ===
      0 &&
    (context.tolerance === null || ['rejected', 'fulfilled', 'breached'].includes(context.tolerance.status)) &&
    (context.notifyCommitment === null || context.notifyCommitment.status === 'refused'),
  toleranceAccepted: ({ context }: { context: ApprovalItemContext }) => context.tolerance?.status === 'accepted',
  noPendingCommitment: ({ context }: { context: ApprovalItemContext }) =>
    !(context.tolerance && ['requested', 'accepted'].includes(context.tolerance.status)) &&
    !(context.notifyCommitment && context.notifyCommitment.status === 'requested'),
  toleranceEligible: ({ context, event }: { context: ApprovalItemContext; event: EngineEvent }) =>
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
      payload(event).commitmentLetterSigned === true,
      event.facts,
    ).length === 0,
  notifyCommitEligible: ({ context, event }: { context: ApprovalItemContext; event: EngineEvent }) =>
    context.notifyCommitment?.status !== 'requested' &&
    !(context.tolerance && ['requested', 'accepted'].includes(context.tolerance.status)) &&
    notifyCommitIneligibility(context, event).length === 0,
  correctionCovered: ({ context, event }: { context: ApprovalItemContext; event: EngineEvent }) => {
    const supplied = (payload(event).suppliedMaterials as string[] | undefined) ?? [];
    return (context.correction?.requested ?? []).every((m) => supplied.includes(m));
  },
  clockRunning: ({ context }: { context: ApprovalItemContext }) =>
    context.timerState === 'normal' || context.timerState === 'warning',
  clockNotOverdue: ({ context }: { context: ApprovalItemContext }) => context.timerState === 'normal',
  decidedNow: ({ context }: { context: ApprovalItemContext }) => context.decision !== null,
  dependenciesMet: ({ context }: { context: ApprovalItemContext }) => (context.blockedBy ?? []).length === 0,
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

export function notifyCommitIneligibility(context: ApprovalItemContext, event: EngineEvent): string[] {
  const reasons: string[] = [];
  if (!context.practices.notifyCommit) {
    reasons.push('本项目未申报告知承诺制 / the project did not declare 告知承诺');
  }
  if (!context.item.notifyCommitAllowed) {
    reasons.push(`「${context.item.name}」不适用告知承诺制 / this item does not allow approval on commitment`);
  }
  if (payload(event).commitmentSigned !== true) {
    reasons.push('未签署告知承诺书 / the commitment is not signed');
  }
  if (commitmentBarred(event.facts, event.occurredAt)) {
    reasons.push(
      '申请人因承诺失信在限制期内，不得适用告知承诺 / the applicant is barred from 告知承诺 until ' +
        event.facts?.enterprise?.commitmentBarredUntil,
    );
  }
  return reasons;
}

export function commitmentBarred(facts: Facts | undefined, at: string): boolean {
  const until = facts?.enterprise?.commitmentBarredUntil;
  return !!until && isBefore(at, until);
}

export function createApprovalItemMachine(catalog: Catalog, version = 1) {
  const warningShare = catalog.warningShare;
  // Version 1 stays as released; v2 adds ordering, deemed window acceptance, 补正 once and waiting notices.
  const v2 = version >= 2;
  const decide =
    (outcome: ItemOutcome, basis: DecisionBasis) =>
    ({ context, event }: { context: ApprovalItemContext; event: EngineEvent }) => {
      const releasable =
        outcome === 'approved' || (outcome === 'approvedWithTolerance' && context.item.toleranceMode === 'issueNow');
      return {
        decision: {
          outcome,
          basis,
          decidedAt: event.occurredAt,
          decidedBy: event.actor.userId,
          opinion: optStr(event, 'opinion') ?? optStr(event, 'reason'),
          certificateReleasable: outcome !== 'refused' && releasable,
        },
        timerState: 'stopped' as TimerState,
      };
    };
  const decidedEffects = ({ context }: { context: ApprovalItemContext }) => ({
    effects: [
      ...cancelClock,
      ...(context.decision!.outcome === 'refused' ? cancelOpenCommitments(context) : []),
      {
        kind: 'notifyParent',
        event: {
          type: ITEM_DECIDED,
          payload: {
            itemCode: context.item.code,
            outcome: context.decision!.outcome,
            basis: context.decision!.basis,
            certificateReleasable: context.decision!.certificateReleasable,
            decidedAt: context.decision!.decidedAt,
          },
        },
      },
    ] as Effect[],
  });
  const exit =
    (kind: 'notAccepted' | 'withdrawn' | 'recalled') =>
    ({ event }: { event: EngineEvent }) => ({
      exit: { kind, reason: str(event, 'reason'), at: event.occurredAt, by: event.actor.userId },
      timerState: 'stopped' as TimerState,
    });
  const closedEffects = ({ context }: { context: ApprovalItemContext }) => ({
    effects: [
      ...cancelClock,
      ...cancelOpenCommitments(context),
      {
        kind: 'notifyParent',
        event: { type: ITEM_CLOSED, payload: { itemCode: context.item.code, exit: context.exit!.kind } },
      },
    ] as Effect[],
  });
  const revokedEffects =
    (cause: string) =>
    ({ context }: { context: ApprovalItemContext }) => ({
      effects: [
        ...(cause === 'revoked' ? cancelOpenCommitments(context) : []),
        {
          kind: 'notifyParent',
          event: { type: ITEM_REVOKED, payload: { itemCode: context.item.code, cause, reason: context.exit!.reason } },
        },
      ] as Effect[],
    });
  /** Tell the project that the commitment behind this decision is settled (容缺 supplied, 告知承诺 verified). */
  const commitmentFulfilledEffects =
    (commitment: 'tolerance' | 'notifyCommitment') =>
    ({ context }: { context: ApprovalItemContext }) => ({
      effects: [
        {
          kind: 'notifyParent',
          event: { type: ITEM_COMMITMENT_FULFILLED, payload: { itemCode: context.item.code, commitment } },
        },
      ] as Effect[],
    });
  const windowTimer = (context: ApprovalItemContext): Effect[] => [
    {
      kind: 'scheduleTimer',
      timerKey: TIMER_WINDOW,
      deadline: deadline(
        'windowAcceptance',
        `${context.item.name}窗口受理时限`,
        context.receivedAt,
        WINDOW_DECISION_WORKING_DAYS,
        'workingDays',
      ),
      at: 'due',
      event: { type: WINDOW_DEEMED_ACCEPTED, payload: {} },
    },
  ];
  /** v2: the project's whole-process clock pauses while the item waits on the enterprise. */
  const waiting = (context: ApprovalItemContext, onEnterprise: boolean): Effect[] =>
    v2
      ? [
          {
            kind: 'notifyParent',
            event: {
              type: onEnterprise ? ITEM_WAITING_ON_ENTERPRISE : ITEM_BACK_WITH_DEPARTMENT,
              payload: { itemCode: context.item.code },
            },
          },
        ]
      : [];
  const revoke = ({ event }: { event: EngineEvent }) => ({
    exit: { kind: 'revoked' as const, reason: str(event, 'reason'), at: event.occurredAt, by: event.actor.userId },
  });

  return setup({
    types: {} as { context: ApprovalItemContext; events: EngineEvent; input: EngineEvent },
    guards: approvalItemGuards,
    actions: {
      emit: emitAction,
      startClock: assign(({ context, event }) => ({
        clock: deadline(
          'promisedTimeLimit',
          `${context.item.name}承诺时限`,
          event.occurredAt,
          context.item.promisedLimit.amount,
          context.item.promisedLimit.unit,
          warningShare,
        ),
        timerState: 'normal' as TimerState,
      })),
      markApplicationDecided: assign({ applicationDecided: true }),
      markWarning: assign({ timerState: 'warning' as TimerState }),
      markOverdue: assign({ timerState: 'overdue' as TimerState }),
      windowRequestCorrection: assign(({ context, event }) => ({
        correction: {
          requested: (payload(event).missingMaterials as string[]) ?? [],
          note: optStr(event, 'note'),
          requestedAt: event.occurredAt,
        },
        corrections: context.corrections + 1,
      })),
      windowCompleteCorrection: assign(({ context, event }) => {
        const supplied = (payload(event).suppliedMaterials as string[]) ?? [];
        return {
          submittedMaterials: [
            ...context.submittedMaterials,
            ...supplied.filter((m) => !context.submittedMaterials.includes(m)),
          ],
          correction: null,
          receivedAt: event.occurredAt,
          lastResubmission: supplied,
        };
      }),
      recordResubmission: assign(({ event }) => ({
        lastResubmission: (payload(event).suppliedMaterials as string[]) ?? [],
      })),
      block: assign(({ context, event }) => ({
        blockedBy: [...(context.blockedBy ?? []).filter((c) => c !== str(event, 'itemCode')), str(event, 'itemCode')],
      })),
      unblock: assign(({ context, event }) => ({
        blockedBy: (context.blockedBy ?? []).filter((c) => c !== str(event, 'itemCode')),
      })),
      // Accepted from the day it was received: the promised clock starts then.
      deemAccepted: assign(({ context, event }) => ({
        deemedAcceptedAt: event.occurredAt,
        clock: deadline(
          'promisedTimeLimit',
          `${context.item.name}承诺时限`,
          context.receivedAt,
          context.item.promisedLimit.amount,
          context.item.promisedLimit.unit,
          warningShare,
        ),
        timerState: 'normal' as TimerState,
      })),
      requestCorrection: assign(({ context, event }) => ({
        correction: {
          requested: (payload(event).missingMaterials as string[]) ?? [],
          note: optStr(event, 'note'),
          requestedAt: event.occurredAt,
        },
        corrections: context.corrections + 1,
        timerState: 'stopped' as TimerState,
      })),
      // 补正 restarts the clock from the day the materials are complete.
      completeCorrection: assign(({ context, event }) => ({
        submittedMaterials: [
          ...context.submittedMaterials,
          ...((payload(event).suppliedMaterials as string[]) ?? []).filter(
            (m) => !context.submittedMaterials.includes(m),
          ),
        ],
        correction: null,
        clock: deadline(
          'promisedTimeLimit',
          `${context.item.name}承诺时限`,
          event.occurredAt,
          context.item.promisedLimit.amount,
          context.item.promisedLimit.unit,
          warningShare,
        ),
        timerState: 'normal' as TimerState,
      })),
      startSpecialProcedure: assign(({ context, event }) => ({
        specialProcedure: {
          procedure: str(event, 'procedure'),
          reason: str(event, 'reason'),
          startedAt: event.occurredAt,
        },
        clock: context.clock ? pauseDeadline(context.clock, event.occurredAt) : null,
        timerStateBeforePause: context.timerState,
        timerState: 'paused' as TimerState,
      })),
      endSpecialProcedure: assign(({ context, event }) => ({
        specialProcedure: null,
        clock:
          context.clock && isPaused(context.clock) ? resumeDeadline(context.clock, event.occurredAt) : context.clock,
        timerState: context.timerStateBeforePause ?? ('normal' as TimerState),
        timerStateBeforePause: null,
      })),
      requestTolerance: assign(({ context }) => {
        const n = context.toleranceRequests + 1;
        return {
          toleranceRequests: n,
          tolerance: {
            status: 'requested' as const,
            childKey: `tolerance:${n}`,
            missingMaterials: missingMaterials({
              materials: context.item.materials,
              submittedMaterials: context.submittedMaterials,
            }).map((m) => m.code),
          },
        };
      }),
      setToleranceStatus: assign(
        ({ context }, params: { status: NonNullable<ApprovalItemContext['tolerance']>['status'] }) => ({
          tolerance: context.tolerance ? { ...context.tolerance, status: params.status } : null,
        }),
      ),
      toleranceSupplied: assign(({ context }) => ({
        submittedMaterials: [
          ...context.submittedMaterials,
          ...(context.tolerance?.missingMaterials ?? []).filter((m) => !context.submittedMaterials.includes(m)),
        ],
        decision: context.decision ? { ...context.decision, certificateReleasable: true } : null,
      })),
      requestNotifyCommitment: assign(({ context }) => {
        const n = context.notifyCommitmentRequests + 1;
        return {
          notifyCommitmentRequests: n,
          notifyCommitment: { status: 'requested' as const, childKey: `notifyCommitment:${n}` },
        };
      }),
      setNotifyCommitmentStatus: assign(
        ({ context }, params: { status: NonNullable<ApprovalItemContext['notifyCommitment']>['status'] }) => ({
          notifyCommitment: context.notifyCommitment ? { ...context.notifyCommitment, status: params.status } : null,
        }),
      ),
      decideApproved: assign(decide('approved', 'review')),
      decideOnCommitment: assign(decide('approved', 'notifyCommitment')),
      decideWithTolerance: assign(decide('approvedWithTolerance', 'tolerance')),
      decideRefused: assign(decide('refused', 'review')),
      exitNotAccepted: assign(exit('notAccepted')),
      exitWithdrawn: assign(exit('withdrawn')),
      exitRecalled: assign(exit('recalled')),
      revoke: assign(revoke),
    },
  }).createMachine({
    id: 'approvalItem',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload as ApprovalItemInput;
      const item = catalogItem(catalog, p.itemCode);
      const materials = v2 && p.materials ? p.materials : item.materials;
      const base: ApprovalItemContext = {
        projectId: p.projectId,
        enterpriseId: p.enterpriseId,
        applicationKey: p.applicationKey ?? item.stage,
        item: {
          code: item.code,
          name: item.name,
          stage: item.stage,
          department: item.department,
          promisedLimit: item.promisedLimit,
          materials,
          toleranceMode: item.toleranceMode,
          toleranceSupplementDays: item.toleranceSupplementDays,
          notifyCommitAllowed: item.notifyCommitAllowed,
          certificate: item.certificate,
        },
        practices: { tolerance: p.practices?.tolerance ?? true, notifyCommit: p.practices?.notifyCommit ?? true },
        submittedMaterials: p.submittedMaterials ?? materials.map((m) => m.code),
        receivedAt: input.occurredAt,
        clock: null,
        timerState: 'stopped',
        timerStateBeforePause: null,
        applicationDecided: false,
        correction: null,
        corrections: 0,
        specialProcedure: null,
        tolerance: null,
        toleranceRequests: 0,
        notifyCommitment: null,
        notifyCommitmentRequests: 0,
        decision: null,
        exit: null,
      };
      return v2
        ? {
            ...base,
            applicationDecided: p.applicationDecided === true,
            blockedBy: p.blockedBy ?? [],
            lastResubmission: null,
            deemedAcceptedAt: null,
          }
        : base;
    },
    initial: 'received',
    on: {
      [APPLICATION_DECIDED]: { actions: 'markApplicationDecided' },
      ...(v2
        ? {
            [DEPENDENCY_APPROVED]: { actions: 'unblock' },
            // Only an undecided item waits again; a decided one is flagged by its project (受影响).
            [DEPENDENCY_REVOKED]: { guard: not('decidedNow'), actions: 'block' },
          }
        : {}),
    },
    states: {
      // 已接件
      received: {
        ...(v2 ? { entry: { type: 'emit', params: ({ context }) => ({ effects: windowTimer(context) }) } } : {}),
        ...(v2
          ? { exit: { type: 'emit', params: { effects: [{ kind: 'cancelTimer', timerKey: TIMER_WINDOW }] } } }
          : {}),
        on: {
          WINDOW_ACCEPT: {
            target: 'windowAccepted',
            actions: [
              'startClock',
              { type: 'emit', params: ({ context }) => ({ effects: clockTimers(context.clock!) }) },
            ],
          },
          ...(v2
            ? {
                [WINDOW_DEEMED_ACCEPTED]: {
                  target: 'windowAccepted',
                  actions: [
                    'deemAccepted',
                    { type: 'emit', params: ({ context }) => ({ effects: clockTimers(context.clock!) }) },
                  ],
                },
                // 一次性告知 at the window: the third answer the window may give within its 5 working days.
                [WINDOW_REQUEST_CORRECTION]: {
                  target: 'windowCorrection',
                  actions: [
                    'windowRequestCorrection',
                    { type: 'emit', params: ({ context }) => ({ effects: waiting(context, true) }) },
                  ],
                },
              }
            : {}),
          NOT_ACCEPT: { target: 'notAccepted', actions: ['exitNotAccepted'] },
          WITHDRAW: { guard: 'applicationOpen', target: 'withdrawn', actions: ['exitWithdrawn'] },
        },
      },
      // v2: 窗口一次性告知补正; the resubmission is received again (the window's 5 days restart).
      ...(v2
        ? {
            windowCorrection: {
              on: {
                COMPLETE_CORRECTION: {
                  guard: 'correctionCovered',
                  target: 'received',
                  actions: [
                    'windowCompleteCorrection',
                    { type: 'emit', params: ({ context }) => ({ effects: waiting(context, false) }) },
                  ],
                },
                WITHDRAW: { guard: 'applicationOpen', target: 'withdrawn', actions: ['exitWithdrawn'] },
              },
            },
          }
        : {}),
      // 窗口受理
      windowAccepted: {
        on: {
          DEPARTMENT_ACCEPT: { target: 'departmentAccepted' },
          REJECT_OUT_OF_SCOPE: { target: 'notAccepted', actions: ['exitNotAccepted'] },
          WITHDRAW: { guard: 'applicationOpen', target: 'withdrawn', actions: ['exitWithdrawn'] },
          RECALL: { target: 'recalled', actions: ['exitRecalled'] },
          PROMISED_TIME_WARNING: { guard: 'clockNotOverdue', actions: 'markWarning' },
          PROMISED_TIME_OVERDUE: { guard: 'clockRunning', actions: 'markOverdue' },
        },
      },
      // 部门受理
      departmentAccepted: {
        initial: 'reviewing',
        on: {
          WITHDRAW: { guard: 'applicationOpen', target: 'withdrawn', actions: ['exitWithdrawn'] },
          RECALL: { target: 'recalled', actions: ['exitRecalled'] },
          TOLERANCE_ACCEPTED: { actions: { type: 'setToleranceStatus', params: { status: 'accepted' } } },
          TOLERANCE_REJECTED: { actions: { type: 'setToleranceStatus', params: { status: 'rejected' } } },
          // Breached before any decision: nothing to revoke; the item must now be complete to pass.
          TOLERANCE_BREACHED: { actions: { type: 'setToleranceStatus', params: { status: 'breached' } } },
          COMMITMENT_REFUSED: { actions: { type: 'setNotifyCommitmentStatus', params: { status: 'refused' } } },
        },
        states: {
          reviewing: {
            on: {
              APPROVE: {
                guard: v2 ? and(['materialsComplete', 'dependenciesMet']) : 'materialsComplete',
                target: '#approvalItem.approved',
                actions: ['decideApproved', { type: 'emit', params: decidedEffects }],
              },
              // 办结·容缺通过
              APPROVE_WITH_TOLERANCE: {
                guard: v2 ? and(['toleranceAccepted', 'dependenciesMet']) : 'toleranceAccepted',
                target: '#approvalItem.approvedWithTolerance',
                actions: ['decideWithTolerance', { type: 'emit', params: decidedEffects }],
              },
              REFUSE: {
                target: '#approvalItem.refused',
                actions: ['decideRefused', { type: 'emit', params: decidedEffects }],
              },
              COMMITMENT_DECIDED: {
                target: '#approvalItem.approved',
                actions: [
                  { type: 'setNotifyCommitmentStatus', params: { status: 'decided' } },
                  'decideOnCommitment',
                  { type: 'emit', params: decidedEffects },
                ],
              },
              REQUEST_CORRECTION: {
                target: 'correctionRequested',
                actions: [
                  'requestCorrection',
                  { type: 'emit', params: ({ context }) => ({ effects: [...cancelClock, ...waiting(context, true)] }) },
                ],
              },
              START_SPECIAL_PROCEDURE: {
                target: 'specialProcedure',
                actions: ['startSpecialProcedure', { type: 'emit', params: { effects: cancelClock } }],
              },
              REQUEST_TOLERANCE: {
                guard: 'toleranceEligible',
                actions: [
                  'requestTolerance',
                  {
                    type: 'emit',
                    params: ({ context, event }) => ({
                      effects: [
                        {
                          kind: 'createChild',
                          childKey: context.tolerance!.childKey,
                          definitionId: DEFINITION_IDS.toleranceCommitment,
                          definitionVersion: CHILD_VERSIONS[v2 ? 'corrected' : 'released'].toleranceCommitment,
                          input: {
                            projectId: context.projectId,
                            enterpriseId: context.enterpriseId,
                            itemCode: context.item.code,
                            submittedMaterials: context.submittedMaterials,
                            commitmentLetterSigned: payload(event).commitmentLetterSigned === true,
                          },
                        },
                      ],
                    }),
                  },
                ],
              },
              REQUEST_NOTIFY_COMMITMENT: {
                guard: 'notifyCommitEligible',
                actions: [
                  'requestNotifyCommitment',
                  {
                    type: 'emit',
                    params: ({ context, event }) => ({
                      effects: [
                        {
                          kind: 'createChild',
                          childKey: context.notifyCommitment!.childKey,
                          definitionId: DEFINITION_IDS.notifyCommitment,
                          definitionVersion: CHILD_VERSIONS[v2 ? 'corrected' : 'released'].notifyCommitment,
                          input: {
                            projectId: context.projectId,
                            enterpriseId: context.enterpriseId,
                            itemCode: context.item.code,
                            commitmentSigned: payload(event).commitmentSigned === true,
                            conditions: (payload(event).conditions as string[] | undefined) ?? [],
                          },
                        },
                      ],
                    }),
                  },
                ],
              },
              PROMISED_TIME_WARNING: { guard: 'clockNotOverdue', actions: 'markWarning' },
              PROMISED_TIME_OVERDUE: { guard: 'clockRunning', actions: 'markOverdue' },
            },
          },
          // 补正: clock stopped until the applicant completes the materials.
          correctionRequested: {
            on: {
              COMPLETE_CORRECTION: {
                guard: 'correctionCovered',
                target: 'reviewing',
                actions: [
                  'completeCorrection',
                  ...(v2 ? ['recordResubmission' as const] : []),
                  {
                    type: 'emit',
                    params: ({ context }) => ({
                      effects: [...clockTimers(context.clock!), ...waiting(context, false)],
                    }),
                  },
                ],
              },
            },
          },
          // 特别程序: clock paused.
          specialProcedure: {
            on: {
              END_SPECIAL_PROCEDURE: {
                target: 'reviewing',
                actions: [
                  'endSpecialProcedure',
                  { type: 'emit', params: ({ context }) => ({ effects: clockTimers(context.clock!) }) },
                ],
              },
            },
          },
        },
      },
      // 办结通过
      approved: {
        on: {
          REVOKE: { target: 'revoked', actions: ['revoke', { type: 'emit', params: revokedEffects('revoked') }] },
          COMMITMENT_VERIFIED: {
            actions: [
              { type: 'setNotifyCommitmentStatus', params: { status: 'verified' } },
              { type: 'emit', params: commitmentFulfilledEffects('notifyCommitment') },
            ],
          },
          COMMITMENT_REVOKED: {
            target: 'revoked',
            actions: [
              { type: 'setNotifyCommitmentStatus', params: { status: 'revoked' } },
              'revoke',
              { type: 'emit', params: revokedEffects('notifyCommitmentBreach') },
            ],
          },
        },
      },
      // 办结·容缺通过 (counts as approved)
      approvedWithTolerance: {
        on: {
          TOLERANCE_FULFILLED: {
            target: 'approved',
            actions: [
              { type: 'setToleranceStatus', params: { status: 'fulfilled' } },
              'toleranceSupplied',
              { type: 'emit', params: commitmentFulfilledEffects('tolerance') },
            ],
          },
          TOLERANCE_BREACHED: {
            target: 'revoked',
            actions: [
              { type: 'setToleranceStatus', params: { status: 'breached' } },
              'revoke',
              { type: 'emit', params: revokedEffects('toleranceBreach') },
            ],
          },
          REVOKE: { target: 'revoked', actions: ['revoke', { type: 'emit', params: revokedEffects('revoked') }] },
        },
      },
      // 办结不通过
      refused: { type: 'final' },
      // 不受理 / 不予受理
      notAccepted: { type: 'final', entry: { type: 'emit', params: closedEffects } },
      // 撤件
      withdrawn: { type: 'final', entry: { type: 'emit', params: closedEffects } },
      // 撤回
      recalled: { type: 'final', entry: { type: 'emit', params: closedEffects } },
      // 撤销
      revoked: { type: 'final' },
    },
  });
}

export type ApprovalItemMachine = ReturnType<typeof createApprovalItemMachine>;

/**
 * One approval item (事项实例), following the national system's state model:
 * 已接件 → 窗口受理 → 部门受理 → 办结 (通过 / 容缺通过 / 不通过), with 补正 and 特别程序 side paths and the exits
 * 不受理, 撤件, 撤回, 撤销. The promised time limit is a DeadlineSpec; warning and overdue arrive as timer events.
 * Its data is in approval-item.types.ts, its events in approval-item.events.ts, its guards in
 * approval-item.rules.ts and what it asks of the engine in approval-item.effects.ts.
 */
import { and, assertEvent, assign, not, setup } from 'xstate';
import type { TimerState } from '../contract';
import type { Catalog } from '../catalog/types';
import { catalogItem } from '../catalog';
import { emitAction } from '../core/define';
import type { CreatedEvent } from '../core/events';
import { deadline, isPaused, pauseDeadline, resumeDeadline } from '../core/time';
import { reasonOf } from '../core/kit';
import { missingMaterials } from '../tolerance-commitment/eligibility';
import { APPLICATION_DECIDED, type DecisionBasis, type ItemOutcome } from '../protocol';
import type { ApprovalItemEvent } from './approval-item.events';
import { approvalItemGuards } from './approval-item.rules';
import {
  cancelClock,
  clockTimers,
  closedEffects,
  commitmentFulfilledEffects,
  commitmentInRectificationEffects,
  decidedEffects,
  notifyCommitmentChild,
  revokedEffects,
  toleranceChild,
  waitingEffects,
  windowTimer,
} from './approval-item.effects';
import {
  DEPENDENCY_APPROVED,
  DEPENDENCY_REVOKED,
  TIMER_WINDOW,
  WINDOW_DEEMED_ACCEPTED,
  WINDOW_REQUEST_CORRECTION,
  type ApprovalItemContext,
  type ApprovalItemInput,
} from './approval-item.types';

// The item's data and rules, where the definition, the other machines and the tests have always found them.
export * from './approval-item.types';
export {
  approvalItemGuards,
  commitmentBarred,
  correctionRequestProblem,
  dependencyProblem,
  notifyCommitIneligibility,
} from './approval-item.rules';

type Exit = NonNullable<ApprovalItemContext['exit']>;
type ToleranceStatus = NonNullable<ApprovalItemContext['tolerance']>['status'];
type NotifyCommitmentStatus = NonNullable<ApprovalItemContext['notifyCommitment']>['status'];

/** A decision's opinion: the opinion given, else the reason (a refusal's), else none. */
const opinionOf = (payload: object): string | null =>
  'opinion' in payload && typeof payload.opinion === 'string'
    ? payload.opinion
    : 'reason' in payload && typeof payload.reason === 'string'
      ? payload.reason
      : null;

export function createApprovalItemMachine(catalog: Catalog, version = 1) {
  const warningShare = catalog.warningShare;
  // Version 1 stays as released; v2 adds ordering, deemed window acceptance, 补正 once and waiting notices.
  const v2 = version >= 2;
  // v3: its 告知承诺 (notify-commitment v4) tells of a rectification order, which it passes on to the project.
  const v3 = version >= 3;
  // v4: takes its 容缺's TOLERANCE_FULFILLED before the decision (the last material accepted early, DOMAIN.md
  // "容缺 deadline"); the file is then complete and the decision an ordinary 办结通过.
  const v4 = version >= 4;
  const promisedClock = (context: ApprovalItemContext, from: string) =>
    deadline(
      'promisedTimeLimit',
      `${context.item.name}承诺时限`,
      from,
      context.item.promisedLimit.amount,
      context.item.promisedLimit.unit,
      warningShare,
    );
  const running: TimerState = 'normal';
  const stopped: TimerState = 'stopped';
  const decide =
    (outcome: ItemOutcome, basis: DecisionBasis) =>
    ({ context, event }: { context: ApprovalItemContext; event: ApprovalItemEvent }) => {
      const releasable =
        outcome === 'approved' || (outcome === 'approvedWithTolerance' && context.item.toleranceMode === 'issueNow');
      return {
        decision: {
          outcome,
          basis,
          decidedAt: event.occurredAt,
          decidedBy: event.actor.userId,
          opinion: opinionOf(event.payload),
          certificateReleasable: outcome !== 'refused' && releasable,
        },
        timerState: stopped,
      };
    };
  const exit =
    (kind: Exit['kind']) =>
    ({ event }: { event: ApprovalItemEvent }) => ({
      exit: { kind, reason: reasonOf(event.payload), at: event.occurredAt, by: event.actor.userId },
      timerState: stopped,
    });
  const resubmit = (context: ApprovalItemContext, supplied: string[]) => [
    ...context.submittedMaterials,
    ...supplied.filter((m) => !context.submittedMaterials.includes(m)),
  ];

  return setup({
    types: {} as { context: ApprovalItemContext; events: ApprovalItemEvent; input: CreatedEvent<ApprovalItemInput> },
    guards: approvalItemGuards,
    actions: {
      emit: emitAction,
      startClock: assign(({ context, event }) => ({
        clock: promisedClock(context, event.occurredAt),
        timerState: running,
      })),
      markApplicationDecided: assign({ applicationDecided: true }),
      markWarning: assign({ timerState: 'warning' satisfies TimerState }),
      markOverdue: assign({ timerState: 'overdue' satisfies TimerState }),
      windowRequestCorrection: assign(({ context, event }) => {
        assertEvent(event, WINDOW_REQUEST_CORRECTION);
        return {
          correction: {
            requested: event.payload.missingMaterials,
            note: event.payload.note ?? null,
            requestedAt: event.occurredAt,
          },
          corrections: context.corrections + 1,
        };
      }),
      windowCompleteCorrection: assign(({ context, event }) => {
        assertEvent(event, 'COMPLETE_CORRECTION');
        const supplied = event.payload.suppliedMaterials;
        return {
          submittedMaterials: resubmit(context, supplied),
          correction: null,
          receivedAt: event.occurredAt,
          lastResubmission: supplied,
        };
      }),
      recordResubmission: assign(({ event }) => {
        assertEvent(event, 'COMPLETE_CORRECTION');
        return { lastResubmission: event.payload.suppliedMaterials };
      }),
      block: assign(({ context, event }) => {
        assertEvent(event, DEPENDENCY_REVOKED);
        const code = event.payload.itemCode;
        return { blockedBy: [...(context.blockedBy ?? []).filter((c) => c !== code), code] };
      }),
      unblock: assign(({ context, event }) => {
        assertEvent(event, DEPENDENCY_APPROVED);
        return { blockedBy: (context.blockedBy ?? []).filter((c) => c !== event.payload.itemCode) };
      }),
      // Accepted from the day it was received: the promised clock starts then.
      deemAccepted: assign(({ context, event }) => ({
        deemedAcceptedAt: event.occurredAt,
        clock: promisedClock(context, context.receivedAt),
        timerState: running,
      })),
      requestCorrection: assign(({ context, event }) => {
        assertEvent(event, 'REQUEST_CORRECTION');
        return {
          correction: {
            requested: event.payload.missingMaterials,
            note: event.payload.note ?? null,
            requestedAt: event.occurredAt,
          },
          corrections: context.corrections + 1,
          timerState: stopped,
        };
      }),
      // 补正 restarts the clock from the day the materials are complete.
      completeCorrection: assign(({ context, event }) => {
        assertEvent(event, 'COMPLETE_CORRECTION');
        return {
          submittedMaterials: resubmit(context, event.payload.suppliedMaterials),
          correction: null,
          clock: promisedClock(context, event.occurredAt),
          timerState: running,
        };
      }),
      startSpecialProcedure: assign(({ context, event }) => {
        assertEvent(event, 'START_SPECIAL_PROCEDURE');
        return {
          specialProcedure: {
            procedure: event.payload.procedure,
            reason: event.payload.reason,
            startedAt: event.occurredAt,
          },
          clock: context.clock ? pauseDeadline(context.clock, event.occurredAt) : null,
          timerStateBeforePause: context.timerState,
          timerState: 'paused' satisfies TimerState,
        };
      }),
      endSpecialProcedure: assign(({ context, event }) => ({
        specialProcedure: null,
        clock:
          context.clock && isPaused(context.clock) ? resumeDeadline(context.clock, event.occurredAt) : context.clock,
        timerState: context.timerStateBeforePause ?? running,
        timerStateBeforePause: null,
      })),
      requestTolerance: assign(({ context }) => {
        const n = context.toleranceRequests + 1;
        return {
          toleranceRequests: n,
          tolerance: {
            status: 'requested' satisfies ToleranceStatus,
            childKey: `tolerance:${n}`,
            missingMaterials: missingMaterials({
              materials: context.item.materials,
              submittedMaterials: context.submittedMaterials,
            }).map((m) => m.code),
          },
        };
      }),
      setToleranceStatus: assign(({ context }, params: { status: ToleranceStatus }) => ({
        tolerance: context.tolerance ? { ...context.tolerance, status: params.status } : null,
      })),
      toleranceSupplied: assign(({ context }) => ({
        submittedMaterials: resubmit(context, context.tolerance?.missingMaterials ?? []),
        decision: context.decision ? { ...context.decision, certificateReleasable: true } : null,
      })),
      requestNotifyCommitment: assign(({ context }) => {
        const n = context.notifyCommitmentRequests + 1;
        return {
          notifyCommitmentRequests: n,
          notifyCommitment: { status: 'requested' satisfies NotifyCommitmentStatus, childKey: `notifyCommitment:${n}` },
        };
      }),
      setNotifyCommitmentStatus: assign(({ context }, params: { status: NotifyCommitmentStatus }) => ({
        notifyCommitment: context.notifyCommitment ? { ...context.notifyCommitment, status: params.status } : null,
      })),
      revoke: assign(({ event }) => ({
        exit: {
          kind: 'revoked' satisfies Exit['kind'],
          reason: reasonOf(event.payload),
          at: event.occurredAt,
          by: event.actor.userId,
        },
      })),
      decideApproved: assign(decide('approved', 'review')),
      decideOnCommitment: assign(decide('approved', 'notifyCommitment')),
      decideWithTolerance: assign(decide('approvedWithTolerance', 'tolerance')),
      decideRefused: assign(decide('refused', 'review')),
      exitNotAccepted: assign(exit('notAccepted')),
      exitWithdrawn: assign(exit('withdrawn')),
      exitRecalled: assign(exit('recalled')),
    },
  }).createMachine({
    id: 'approvalItem',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload;
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
            ...(v3 ? { rectificationNotices: true } : {}),
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
                    { type: 'emit', params: ({ context }) => ({ effects: waitingEffects(context, true, v2) }) },
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
                    { type: 'emit', params: ({ context }) => ({ effects: waitingEffects(context, false, v2) }) },
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
          // v4: every missing material accepted before the decision. Nothing to tell the project: no decision
          // rests on the commitment, and the decision that follows is 办结通过 on review.
          ...(v4
            ? {
                TOLERANCE_FULFILLED: {
                  guard: 'toleranceAccepted' as const,
                  actions: [
                    { type: 'setToleranceStatus' as const, params: { status: 'fulfilled' as const } },
                    'toleranceSupplied' as const,
                  ],
                },
              }
            : {}),
          COMMITMENT_REFUSED: { actions: { type: 'setNotifyCommitmentStatus', params: { status: 'refused' } } },
        },
        states: {
          reviewing: {
            on: {
              APPROVE: {
                guard: v2 ? and(['materialsComplete', 'dependenciesMet']) : 'materialsComplete',
                target: '#approvalItem.approved',
                actions: [
                  'decideApproved',
                  { type: 'emit', params: ({ context }) => ({ effects: decidedEffects(context) }) },
                ],
              },
              // 办结·容缺通过
              APPROVE_WITH_TOLERANCE: {
                guard: v2 ? and(['toleranceAccepted', 'dependenciesMet']) : 'toleranceAccepted',
                target: '#approvalItem.approvedWithTolerance',
                actions: [
                  'decideWithTolerance',
                  { type: 'emit', params: ({ context }) => ({ effects: decidedEffects(context) }) },
                ],
              },
              REFUSE: {
                target: '#approvalItem.refused',
                actions: [
                  'decideRefused',
                  { type: 'emit', params: ({ context }) => ({ effects: decidedEffects(context) }) },
                ],
              },
              COMMITMENT_DECIDED: {
                target: '#approvalItem.approved',
                actions: [
                  { type: 'setNotifyCommitmentStatus', params: { status: 'decided' } },
                  'decideOnCommitment',
                  { type: 'emit', params: ({ context }) => ({ effects: decidedEffects(context) }) },
                ],
              },
              REQUEST_CORRECTION: {
                target: 'correctionRequested',
                actions: [
                  'requestCorrection',
                  {
                    type: 'emit',
                    params: ({ context }) => ({ effects: [...cancelClock, ...waitingEffects(context, true, v2)] }),
                  },
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
                      effects: [toleranceChild(context, event.payload.commitmentLetterSigned === true, v2)],
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
                        notifyCommitmentChild(
                          context,
                          {
                            commitmentSigned: event.payload.commitmentSigned === true,
                            conditions: event.payload.conditions ?? [],
                          },
                          v2,
                        ),
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
                      effects: [...clockTimers(context.clock!), ...waitingEffects(context, false, v2)],
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
          REVOKE: {
            target: 'revoked',
            actions: [
              'revoke',
              { type: 'emit', params: ({ context }) => ({ effects: revokedEffects(context, 'revoked') }) },
            ],
          },
          COMMITMENT_VERIFIED: {
            actions: [
              { type: 'setNotifyCommitmentStatus', params: { status: 'verified' } },
              {
                type: 'emit',
                params: ({ context }) => ({ effects: commitmentFulfilledEffects(context, 'notifyCommitment') }),
              },
            ],
          },
          // v3: the 告知承诺 is in rectification; it ends with COMMITMENT_VERIFIED or COMMITMENT_REVOKED.
          ...(v3
            ? {
                COMMITMENT_RECTIFICATION_ORDERED: {
                  actions: [
                    { type: 'setNotifyCommitmentStatus' as const, params: { status: 'inRectification' as const } },
                    {
                      type: 'emit' as const,
                      params: ({ context }: { context: ApprovalItemContext }) => ({
                        effects: commitmentInRectificationEffects(context),
                      }),
                    },
                  ],
                },
              }
            : {}),
          COMMITMENT_REVOKED: {
            target: 'revoked',
            actions: [
              { type: 'setNotifyCommitmentStatus', params: { status: 'revoked' } },
              'revoke',
              {
                type: 'emit',
                params: ({ context }) => ({ effects: revokedEffects(context, 'notifyCommitmentBreach') }),
              },
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
              {
                type: 'emit',
                params: ({ context }) => ({ effects: commitmentFulfilledEffects(context, 'tolerance') }),
              },
            ],
          },
          TOLERANCE_BREACHED: {
            target: 'revoked',
            actions: [
              { type: 'setToleranceStatus', params: { status: 'breached' } },
              'revoke',
              { type: 'emit', params: ({ context }) => ({ effects: revokedEffects(context, 'toleranceBreach') }) },
            ],
          },
          REVOKE: {
            target: 'revoked',
            actions: [
              'revoke',
              { type: 'emit', params: ({ context }) => ({ effects: revokedEffects(context, 'revoked') }) },
            ],
          },
        },
      },
      // 办结不通过
      refused: { type: 'final' },
      // 不受理 / 不予受理
      notAccepted: {
        type: 'final',
        entry: { type: 'emit', params: ({ context }) => ({ effects: closedEffects(context) }) },
      },
      // 撤件
      withdrawn: {
        type: 'final',
        entry: { type: 'emit', params: ({ context }) => ({ effects: closedEffects(context) }) },
      },
      // 撤回
      recalled: {
        type: 'final',
        entry: { type: 'emit', params: ({ context }) => ({ effects: closedEffects(context) }) },
      },
      // 撤销
      revoked: { type: 'final' },
    },
  });
}

export type ApprovalItemMachine = ReturnType<typeof createApprovalItemMachine>;

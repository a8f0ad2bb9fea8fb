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
 *
 * Its data is in foundation-permit.types.ts, its events in foundation-permit.events.ts, its rules and guards in
 * foundation-permit.rules.ts and what it asks of the engine in foundation-permit.effects.ts.
 */

import { assertEvent, assign, setup } from 'xstate';
import type { Catalog } from '../catalog/types';
import { emitAction } from '../core/define';
import type { CreatedEvent } from '../core/events';
import {
  extendWorkStartPeriod,
  extendWorkStartPeriodFromEnd,
  startWorkStartPeriod,
} from '../work-start/work-start-period';
import { workStartLabel } from '../work-start/work-start-label';
import {
  ABOVE_GROUND_PERMIT_ISSUED,
  ABOVE_GROUND_PERMIT_REFUSED,
  FOUNDATION_PERMIT_ISSUED,
  FOUNDATION_PERMIT_LAPSED,
  FOUNDATION_PERMIT_REFUSED,
  FOUNDATION_WITH_DEPARTMENT,
  FOUNDATION_WITH_ENTERPRISE,
} from '../protocol';
import type { FoundationPermitEvent } from './foundation-permit.events';
import { foundationPermitGuards, revokedBasis } from './foundation-permit.rules';
import {
  cancelWorkStartTimer,
  holderNotice,
  notifyProject,
  revokedEffects,
  workStartTimer,
} from './foundation-permit.effects';
import type { FoundationPermitContext, FoundationPermitInput, FoundationPermitStatus } from './foundation-permit.types';

// The case's data and rules, where the definition, the other machines and the tests have always found them.
export * from './foundation-permit.types';
export {
  aboveGroundProblems,
  foundationBasisItems,
  foundationConditionMessage,
  foundationPermitGuards,
  revokedBasis,
  unmetFoundationConditions,
} from './foundation-permit.rules';

type On = { context: FoundationPermitContext; event: FoundationPermitEvent };

/** The reason an event gives, or null (an issue or a timer gives none). */
const reasonOrNull = (payload: object): string | null =>
  'reason' in payload && typeof payload.reason === 'string' ? payload.reason : null;

/** The foundation permit, no longer valid (lapsed or revoked). */
const lapsedPermit = (context: FoundationPermitContext) => {
  const status: FoundationPermitStatus = 'lapsed';
  return context.foundationPermit ? { ...context.foundationPermit, status } : null;
};

const FOUNDATION_WORK_START_TITLE = '桩基阶段施工许可开工期限';
/** The first version whose work-start extension runs from the end of the period before (as work-start v2). */
export const EXTENSION_FROM_END_FOUNDATION_VERSION = 5;
/** The first version that tells its project when an application is with the housing department (project-case v9). */
export const HOLDER_NOTICE_FOUNDATION_VERSION = 6;
/**
 * The first version whose work-start period is extended on the enterprise's request, as work-start's (the request
 * is the grant), not by the department unasked; and whose revocation reason names the approvals, not their codes.
 */
export const EXTENSION_REQUEST_FOUNDATION_VERSION = 7;

/** `version` 1 is the released behaviour; 2 lets the enterprise apply again and adds revocation. */
export function createFoundationPermitMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  // v4: any 告知承诺 of the project in rectification or revoked blocks the above-ground permit.
  const v4 = version >= 4;
  const v5 = version >= EXTENSION_FROM_END_FOUNDATION_VERSION;
  // v6: the department's review states tell the project on entry and on exit (any way out: issued, refused, revoked).
  const v6 = version >= HOLDER_NOTICE_FOUNDATION_VERSION;
  const v7 = version >= EXTENSION_REQUEST_FOUNDATION_VERSION;
  // v7: people read the approval's name (建设工程设计方案审查); v2–v6 joined the codes (designPlanReview).
  const basisName = (code: string) => (v7 ? (catalog.items.find((i) => i.code === code)?.name ?? code) : code);
  const inReview = v6
    ? {
        entry: {
          type: 'emit' as const,
          params: ({ context }: On) => ({ effects: holderNotice(FOUNDATION_WITH_DEPARTMENT, context) }),
        },
        exit: {
          type: 'emit' as const,
          params: ({ context }: On) => ({ effects: holderNotice(FOUNDATION_WITH_ENTERPRISE, context) }),
        },
      }
    : {};
  const rules = catalog.foundationFirst;
  const notifyRevoked = ({ context, event }: On) => ({ effects: revokedEffects(context, event.occurredAt) });
  const startTimer = ({ context }: On) => ({ effects: workStartTimer(context) });
  const notify =
    (type: string) =>
    ({ context, event }: On) => ({
      effects: notifyProject(type, context, event.occurredAt, reasonOrNull(event.payload)),
    });

  return setup({
    types: {} as {
      context: FoundationPermitContext;
      events: FoundationPermitEvent;
      input: CreatedEvent<FoundationPermitInput>;
    },
    guards: foundationPermitGuards,
    actions: {
      emit: emitAction,
      updatePrerequisites: assign(({ event }) => {
        assertEvent(event, 'PREREQUISITES_UPDATED');
        const p = event.payload;
        return {
          approvedItems: p.approvedItems ?? [],
          openCommitments: p.openCommitments ?? [],
          ...(v2 ? { verificationPending: p.verificationPending ?? [] } : {}),
          ...(v4
            ? {
                commitmentsInRectification: p.commitmentsInRectification ?? [],
                commitmentsRevoked: p.commitmentsRevoked ?? [],
              }
            : {}),
        };
      }),
      revokeForBasis: assign(({ context, event }) => {
        assertEvent(event, 'PREREQUISITES_UPDATED');
        const gone = revokedBasis(context, event.payload.approvedItems ?? []);
        return {
          foundationPermit: lapsedPermit(context),
          revocation: { reason: `所依据的审批已撤销：${gone.map(basisName).join('、')}`, at: event.occurredAt },
        };
      }),
      revokeByDepartment: assign(({ context, event }) => {
        assertEvent(event, 'REVOKE_FOUNDATION_PERMIT');
        return {
          foundationPermit: lapsedPermit(context),
          revocation: { reason: event.payload.reason, at: event.occurredAt },
        };
      }),
      recordApplication: assign(({ event }) => {
        assertEvent(event, 'APPLY_FOUNDATION_PERMIT');
        const p = event.payload;
        return {
          application: {
            landContractSignedAndPaid: p.landContractSignedAndPaid === true,
            foundationDrawingsReviewed: p.foundationDrawingsReviewed === true,
            drawingStabilityCommitment: p.drawingStabilityCommitment === true,
            contractorEngaged: p.contractorEngaged === true,
            supervisorEngaged: p.supervisorEngaged === true,
            fundsCommitmentSigned: p.fundsCommitmentSigned === true,
            qualitySafetyMeasures: p.qualitySafetyMeasures === true,
            unitWorks: p.unitWorks ?? [],
          },
        };
      }),
      issueFoundationPermit: assign(({ event }) => ({
        foundationPermit: { issuedAt: event.occurredAt, status: 'valid' satisfies FoundationPermitStatus },
        workStart: startWorkStartPeriod(FOUNDATION_WORK_START_TITLE, event.occurredAt, rules.workStartMonths),
      })),
      // v5: from the end of the period in force, and the label says so (as work-start v2).
      extendWorkStart: assign(({ context }) => ({
        workStart: v5
          ? extendWorkStartPeriodFromEnd(
              context.workStart,
              rules.extensionMonths,
              workStartLabel(
                rules.workStartMonths,
                context.workStart.extensions + 1,
                rules.extensionMonths,
                FOUNDATION_WORK_START_TITLE,
              ),
            )
          : extendWorkStartPeriod(context.workStart, rules.extensionMonths),
      })),
      // v7: the enterprise's request, with its reason, kept as work-start keeps it.
      recordExtensionRequest: assign(({ context, event }) => {
        assertEvent(event, 'REQUEST_WORK_START_EXTENSION');
        return {
          extensionRequests: [
            ...(context.extensionRequests ?? []),
            { at: event.occurredAt, reason: event.payload.reason },
          ],
        };
      }),
      startWork: assign(({ context, event }) => ({ workStart: { ...context.workStart, startedAt: event.occurredAt } })),
      lapse: assign(({ context }) => ({ foundationPermit: lapsedPermit(context) })),
      applyAboveGround: assign(({ context, event }) => ({
        aboveGround: { ...context.aboveGround, appliedAt: event.occurredAt },
      })),
      issueAboveGround: assign(({ context, event }) => ({
        aboveGround: { ...context.aboveGround, issuedAt: event.occurredAt },
      })),
      refuseAboveGround: assign(({ context, event }) => {
        assertEvent(event, 'REFUSE_ABOVE_GROUND_PERMIT');
        return { aboveGround: { ...context.aboveGround, refusedReason: event.payload.reason } };
      }),
    },
  }).createMachine({
    id: 'foundationPermit',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      // The engine checked the input against the definition's inputSchema before the machine sees it.
      const p = input.payload;
      return {
        projectId: p.projectId,
        enterpriseId: p.enterpriseId,
        rules,
        approvedItems: p.approvedItems ?? [],
        openCommitments: p.openCommitments ?? [],
        ...(v2 ? { verificationPending: p.verificationPending ?? [], revocation: null } : {}),
        ...(v4
          ? {
              commitmentsInRectification: p.commitmentsInRectification ?? [],
              commitmentsRevoked: p.commitmentsRevoked ?? [],
            }
          : {}),
        ...(v7 ? { extensionRequests: [] } : {}),
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
        ...inReview,
        on: {
          ISSUE_FOUNDATION_PERMIT: {
            guard: 'entryConditionsMet',
            target: 'foundationPermitted',
            actions: [
              'issueFoundationPermit',
              { type: 'emit', params: startTimer },
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
                actions: ['startWork', { type: 'emit', params: { effects: cancelWorkStartTimer() } }],
              },
              // 延期: at most twice, 3 months each. v7: on the enterprise's request before the deadline (after it the
              // permit has lapsed), the request being the grant (as work-start); v1–v6: the department, unasked.
              ...(v7
                ? {
                    REQUEST_WORK_START_EXTENSION: {
                      guard: 'canExtend',
                      actions: ['extendWorkStart', 'recordExtensionRequest', { type: 'emit', params: startTimer }],
                    },
                  }
                : {
                    EXTEND_WORK_START: {
                      guard: 'canExtend',
                      actions: ['extendWorkStart', { type: 'emit', params: startTimer }],
                    },
                  }),
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
            ...inReview,
            on: {
              ISSUE_ABOVE_GROUND_PERMIT: {
                guard: v4 ? 'aboveGroundAllowedV4' : v2 ? 'aboveGroundAllowedV2' : 'aboveGroundAllowed',
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

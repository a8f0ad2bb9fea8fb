/**
 * One acceptance section (分段竣工验收 / 联合验收): ready → applied → joint inspection (one site visit, each
 * department records pass or rectify) → accepted, or rectification and re-inspection. Joint acceptance has a
 * limit (15 working days) as a DeadlineSpec. Site-wide checks (total floor area against the permit, green
 * ratio) are due only on the last open section, which the project announces.
 *
 * Version 2 (DOMAIN.md, "Section rectification"): rectification has a deadline (catalog, working days; default
 * 30); the joint clock is paused while the enterprise rectifies; a failed re-inspection, or no report by the
 * deadline, ends the round as 不予通过, after which the enterprise may apply again (a new round and clock).
 * 先建后验: the approvals granted on 告知承诺 become checks of the joint acceptance (对标验收); the responsible
 * department records each as met or not, and the last section is not accepted while one is open or unmet.
 *
 * Version 4 (DOMAIN.md, "Whole-process clock"): the section tells its project when it passes to the departments
 * (applied, re-inspection after a rectification) and back to the enterprise (rectification, 不予通过), so the
 * project's government-time clock runs exactly while a department holds the section.
 *
 * Version 5 (DOMAIN.md "先建后验 at acceptance", "容缺受理", "Section rectification"): the project tells every open
 * section what applying and acceptance wait for (ACCEPTANCE_CONDITIONS: a blocker such as a permit not issued,
 * lapsed or revoked, and the commitments still open). APPLY waits while a blocker stands; a section whose checks
 * all passed stays in the joint inspection while a blocker stands, the last section also while a commitment is open,
 * and is accepted by the conditions that clear it. The 对标验收 of a 告知承诺 is recorded on the commitment's own
 * case (notify-commitment VERIFY, 竣工对标验收), so the section keeps no commitment checks of its own. A new
 * application after 不予通过 starts a new count of re-inspections.
 *
 * Its data is in acceptance-section.types.ts, its events in acceptance-section.events.ts, its guards in
 * acceptance-section.rules.ts and what it asks of the engine in acceptance-section.effects.ts.
 */
import { assertEvent, assign, setup } from 'xstate';
import type { TimerState } from '../contract';
import type { Catalog } from '../catalog/types';
import { emitAction } from '../core/define';
import type { CreatedEvent } from '../core/events';
import { deadline, pauseDeadline, resumeDeadline } from '../core/time';
import type { AcceptanceSectionEvent } from './acceptance-section.events';
import {
  acceptanceSectionGuards,
  acceptanceWaitsFor,
  allPassed,
  siteWideProblems,
  waitingHolder,
} from './acceptance-section.rules';
import {
  acceptedEffects,
  appliedEffects,
  holderChangeEffects,
  notPassedEffects,
  resumeEffects,
  startRectificationEffects,
} from './acceptance-section.effects';
import {
  DEFAULT_SECTION_RECTIFICATION_DAYS,
  JOINT_ACCEPTANCE_OVERDUE,
  JOINT_ACCEPTANCE_WARNING,
  RECTIFICATION_DEADLINE_PASSED,
  type AcceptanceSectionContext,
  type AcceptanceSectionInput,
  type CommitmentCheck,
  type SectionHolder,
  type SectionResult,
} from './acceptance-section.types';
import { ACCEPTANCE_CONDITIONS } from '../protocol';

// The section's data and rules, where the definition, the other machines and the tests have always found them.
export * from './acceptance-section.types';
export { acceptanceSectionGuards, siteWideProblems } from './acceptance-section.rules';

const running: TimerState = 'normal';
const stopped: TimerState = 'stopped';
const pendingResult = (): SectionResult => ({ result: 'pending', opinion: null, by: null });
const pendingCheck = (check: CommitmentCheck): CommitmentCheck => ({ ...check, result: 'pending', opinion: null });

/**
 * v5: who holds a section under inspection: the departments, unless its checks all passed and it waits for its
 * conditions (then waitingHolder says who). Null once nothing waits: the acceptance follows in the same step.
 */
function inspectionHolder(ctx: AcceptanceSectionContext): SectionHolder | null {
  if (!allPassed(ctx)) return 'department';
  return acceptanceWaitsFor(ctx) === null ? null : waitingHolder(ctx);
}

/**
 * `version` 1 is the released behaviour; 2 adds the rectification deadline, the pause and 不予通过; 4 reports who
 * holds the section to the project (3 is 2 on the corrected catalog); 5 waits for the project's conditions.
 */
export function createAcceptanceSectionMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  const v4 = version >= 4;
  const v5 = version >= 5;
  const limit = catalog.jointAcceptance.limitWorkingDays;
  const rectificationDays = catalog.jointAcceptance.rectificationWorkingDays ?? DEFAULT_SECTION_RECTIFICATION_DAYS;
  const jointClock = (from: string) =>
    deadline('jointAcceptance', `联合验收时限（${limit}个工作日）`, from, limit, 'workingDays', catalog.warningShare);
  const timerEvents = {
    [JOINT_ACCEPTANCE_WARNING]: { guard: 'clockNotOverdue' as const, actions: 'markWarning' as const },
    [JOINT_ACCEPTANCE_OVERDUE]: { guard: 'clockRunning' as const, actions: 'markOverdue' as const },
  };

  // v5: after what may change who holds a section under inspection, the project hears of a change (the emit
  // compares with the holder it was last told, then noteHolder records the new one).
  const holderActions = v5
    ? [
        {
          type: 'emit' as const,
          params: ({ context }: { context: AcceptanceSectionContext }) => ({
            effects: holderChangeEffects(context, context.heldBy ?? 'department', inspectionHolder(context)),
          }),
        },
        'noteHolder' as const,
      ]
    : [];

  return setup({
    types: {} as {
      context: AcceptanceSectionContext;
      events: AcceptanceSectionEvent;
      input: CreatedEvent<AcceptanceSectionInput>;
    },
    guards: acceptanceSectionGuards,
    actions: {
      emit: emitAction,
      apply: assign(({ event }) => ({
        appliedAt: event.occurredAt,
        clock: jointClock(event.occurredAt),
        timerState: running,
      })),
      recordResult: assign(({ context, event }) => {
        assertEvent(event, 'RECORD_RESULT');
        const p = event.payload;
        return {
          results: {
            ...context.results,
            [p.acceptanceItem]: { result: p.result, opinion: p.opinion ?? null, by: event.actor.userId },
          },
        };
      }),
      recordSiteWide: assign(({ context, event }) => {
        assertEvent(event, 'RECORD_SITE_WIDE_CHECKS');
        const { totalFloorArea, greenRatio } = event.payload;
        const problems = siteWideProblems(context, totalFloorArea, greenRatio);
        return { siteWide: { totalFloorArea, greenRatio, passed: problems.length === 0, problems } };
      }),
      // Re-inspection covers what failed; passes stand.
      reinspect: assign(({ context }) => ({
        round: context.round + 1,
        results: Object.fromEntries(
          Object.entries(context.results).map(([k, r]) => [k, r.result === 'rectify' ? pendingResult() : r]),
        ),
        siteWide: context.siteWide && !context.siteWide.passed ? null : context.siteWide,
        ...(context.commitmentChecks
          ? {
              commitmentChecks: Object.fromEntries(
                Object.entries(context.commitmentChecks).map(([k, c]) => [
                  k,
                  c.result === 'notMet' ? pendingCheck(c) : c,
                ]),
              ),
            }
          : {}),
      })),
      recordCommitmentCheck: assign(({ context, event }) => {
        assertEvent(event, 'RECORD_COMMITMENT_CHECK');
        const code = event.payload.itemCode;
        return {
          commitmentChecks: {
            ...context.commitmentChecks,
            [code]: {
              // The commitmentCheckOpen guard let only a pending check of this section through.
              ...context.commitmentChecks![code],
              result: event.payload.met === true ? 'met' : 'notMet',
              opinion: event.payload.opinion ?? null,
            } satisfies CommitmentCheck,
          },
        };
      }),
      siteWideDue: assign({ siteWideChecksDue: true }),
      startRectification: assign(({ context, event }) => ({
        clock: context.clock ? pauseDeadline(context.clock, event.occurredAt) : null,
        rectification: {
          deadline: deadline(
            'sectionRectification',
            `${context.name}整改期限（${rectificationDays}个工作日）`,
            event.occurredAt,
            rectificationDays,
            'workingDays',
          ),
        },
      })),
      resumeClock: assign(({ context, event }) => ({
        clock: context.clock ? resumeDeadline(context.clock, event.occurredAt) : null,
        rectification: null,
      })),
      notPassed: assign(({ event }, params: { reason: string }) => ({
        notPassed: { reason: params.reason, at: event.occurredAt },
        rectification: null,
        timerState: stopped,
      })),
      // A new application after 不予通过: every item is inspected again, on a new clock.
      applyAgain: assign(({ context, event }) => ({
        round: context.round + 1,
        results: Object.fromEntries(Object.keys(context.results).map((k) => [k, pendingResult()])),
        siteWide: null,
        notPassed: null,
        ...(context.commitmentChecks
          ? {
              commitmentChecks: Object.fromEntries(
                Object.entries(context.commitmentChecks).map(([k, c]) => [k, c.result === 'met' ? c : pendingCheck(c)]),
              ),
            }
          : {}),
        appliedAt: event.occurredAt,
        clock: jointClock(event.occurredAt),
        timerState: running,
      })),
      accept: assign(({ event }) => ({ acceptedAt: event.occurredAt, timerState: stopped })),
      // v5: the project's conditions, as its last notice says.
      takeConditions: assign(({ event }) => {
        assertEvent(event, ACCEPTANCE_CONDITIONS);
        return {
          applyBlockedBy: event.payload.applyBlockedBy,
          openCommitments: event.payload.openCommitments.map((c) => ({
            itemCode: c.itemCode,
            itemName: c.itemName,
            kind: c.kind,
          })),
        };
      }),
      // v5: a new application counts its re-inspections from its own first round.
      beginApplication: assign(({ context }) => ({ applicationRound: context.round })),
      // v5: the departments hold a section whose inspection (re)starts.
      heldByDepartment: assign({ heldBy: 'department' satisfies SectionHolder }),
      // v5: the holder the project was last told (the emit before it compares with it).
      noteHolder: assign(({ context }) => ({ heldBy: inspectionHolder(context) ?? context.heldBy })),
      markWarning: assign({ timerState: 'warning' satisfies TimerState }),
      markOverdue: assign({ timerState: 'overdue' satisfies TimerState }),
    },
  }).createMachine({
    id: 'acceptanceSection',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload;
      const wanted = p.acceptanceItems;
      const items = catalog.acceptanceItems.filter((a) => !wanted || wanted.includes(a.code));
      // The engine checked the input against the definition's inputSchema before the machine sees it.
      const base: AcceptanceSectionContext = {
        projectId: p.projectId,
        enterpriseId: p.enterpriseId,
        sectionKey: p.sectionKey,
        name: p.name,
        acceptanceItems: items,
        results: Object.fromEntries(items.map((a) => [a.code, pendingResult()])),
        round: 1,
        siteWideChecksDue: p.siteWideChecksDue === true,
        permittedFloorArea: typeof p.permittedFloorArea === 'number' ? p.permittedFloorArea : null,
        requiredGreenRatio: typeof p.requiredGreenRatio === 'number' ? p.requiredGreenRatio : null,
        siteWide: null,
        clock: null,
        timerState: stopped,
        appliedAt: null,
        acceptedAt: null,
      };
      // v5: nothing blocks until the project says otherwise (a v5 section of an older project behaves as v4's);
      // the 对标验收 is recorded on the commitment's own case, so the input's commitment checks are not kept.
      if (v5) {
        return {
          ...base,
          rectification: null,
          notPassed: null,
          applyBlockedBy: null,
          openCommitments: [],
          applicationRound: 1,
          heldBy: 'department',
        };
      }
      return v2
        ? {
            ...base,
            rectification: null,
            notPassed: null,
            commitmentChecks: Object.fromEntries(
              (p.commitmentChecks ?? []).map((c) => [
                c.itemCode,
                { itemName: c.itemName, department: c.department, result: 'pending', opinion: null },
              ]),
            ),
          }
        : base;
    },
    initial: 'ready',
    on: {
      SITE_WIDE_CHECKS_DUE: { actions: 'siteWideDue' },
      ...(v5
        ? {
            [ACCEPTANCE_CONDITIONS]: { actions: 'takeConditions' as const },
          }
        : {}),
    },
    states: {
      // 具备验收条件
      ready: {
        on: {
          APPLY: {
            ...(v5 ? { guard: 'applyOpen' as const } : {}),
            target: 'applied',
            actions: ['apply', { type: 'emit', params: ({ context }) => ({ effects: appliedEffects(context, v4) }) }],
          },
        },
      },
      // 已申请联合验收
      applied: {
        on: {
          START_JOINT_INSPECTION: { target: 'jointInspection' },
          ...timerEvents,
        },
      },
      // 联合现场验收
      jointInspection: {
        ...(v5 ? { entry: 'heldByDepartment' as const } : {}),
        always: [
          {
            guard: v5 ? ('acceptable' as const) : ('allPassed' as const),
            target: 'accepted',
            actions: ['accept', { type: 'emit', params: ({ context }) => ({ effects: acceptedEffects(context) }) }],
          },
          ...(v2
            ? [
                {
                  guard: 'reinspectionFailed' as const,
                  target: 'notPassed' as const,
                  actions: [
                    { type: 'notPassed' as const, params: { reason: '复验仍不合格 / the re-inspection failed' } },
                    {
                      type: 'emit' as const,
                      params: ({ context }: { context: AcceptanceSectionContext }) => ({
                        effects: notPassedEffects(context, v4),
                      }),
                    },
                  ],
                },
                {
                  guard: 'someRectify' as const,
                  target: 'rectifying' as const,
                  actions: [
                    'startRectification' as const,
                    {
                      type: 'emit' as const,
                      params: ({ context }: { context: AcceptanceSectionContext }) => ({
                        effects: startRectificationEffects(context, v4),
                      }),
                    },
                  ],
                },
              ]
            : [{ guard: 'someRectify' as const, target: 'rectifying' as const }]),
        ],
        on: {
          RECORD_RESULT: { guard: 'resultOpen', actions: ['recordResult', ...holderActions] },
          RECORD_SITE_WIDE_CHECKS: { guard: 'siteWideOpen', actions: ['recordSiteWide', ...holderActions] },
          ...(v5
            ? {
                [ACCEPTANCE_CONDITIONS]: { actions: ['takeConditions' as const, ...holderActions] },
                SITE_WIDE_CHECKS_DUE: { actions: ['siteWideDue' as const, ...holderActions] },
              }
            : {}),
          // v2–v4 only: v5 keeps no commitment checks (the 对标验收 is the notify-commitment case's).
          ...(v2 && !v5
            ? {
                RECORD_COMMITMENT_CHECK: {
                  guard: 'commitmentCheckOpen' as const,
                  actions: 'recordCommitmentCheck' as const,
                },
              }
            : {}),
          ...timerEvents,
        },
      },
      // 整改
      rectifying: {
        on: v2
          ? {
              // The joint clock is paused: its timers were cancelled on entry.
              REPORT_RECTIFIED: {
                target: 'jointInspection',
                actions: [
                  'reinspect' as const,
                  'resumeClock' as const,
                  {
                    type: 'emit' as const,
                    params: ({ context }: { context: AcceptanceSectionContext }) => ({
                      effects: resumeEffects(context, v4),
                    }),
                  },
                ],
              },
              // Already with the enterprise since the rectification began: nothing to report.
              [RECTIFICATION_DEADLINE_PASSED]: {
                target: 'notPassed',
                actions: {
                  type: 'notPassed' as const,
                  params: { reason: '逾期未整改 / not rectified by the deadline' },
                },
              },
            }
          : {
              REPORT_RECTIFIED: { target: 'jointInspection', actions: 'reinspect' },
              // v1: the joint clock runs through the rectification.
              [JOINT_ACCEPTANCE_WARNING]: { guard: 'clockNotOverdue', actions: 'markWarning' },
              [JOINT_ACCEPTANCE_OVERDUE]: { guard: 'clockRunning', actions: 'markOverdue' },
            },
      },
      // v2: 不予通过; the enterprise may apply again.
      ...(v2
        ? {
            notPassed: {
              on: {
                APPLY: {
                  ...(v5 ? { guard: 'applyOpen' as const } : {}),
                  target: 'applied' as const,
                  actions: [
                    'applyAgain' as const,
                    ...(v5 ? ['beginApplication' as const] : []),
                    {
                      type: 'emit' as const,
                      params: ({ context }: { context: AcceptanceSectionContext }) => ({
                        effects: appliedEffects(context, v4),
                      }),
                    },
                  ],
                },
              },
            },
          }
        : {}),
      // 验收通过（可投产）
      accepted: { type: 'final' },
    },
  });
}

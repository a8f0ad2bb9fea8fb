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
 */
import { assign, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent, TimerState } from '../contract';
import type { AcceptanceItem, Catalog } from '../catalog/types';
import { emitAction } from '../core/define';
import { deadline, pauseDeadline, resumeDeadline } from '../core/time';
import { SECTION_ACCEPTED, SECTION_WITH_DEPARTMENT, SECTION_WITH_ENTERPRISE } from '../protocol';

export type ResultValue = 'pending' | 'pass' | 'rectify';

export interface AcceptanceSectionContext {
  projectId: string;
  enterpriseId: string;
  sectionKey: string;
  name: string;
  acceptanceItems: AcceptanceItem[];
  results: Record<string, { result: ResultValue; opinion: string | null; by: string | null }>;
  round: number;
  siteWideChecksDue: boolean;
  permittedFloorArea: number | null;
  requiredGreenRatio: number | null;
  siteWide: { totalFloorArea: number; greenRatio: number; passed: boolean; problems: string[] } | null;
  clock: DeadlineSpec | null;
  timerState: TimerState;
  appliedAt: string | null;
  acceptedAt: string | null;
  /** v2: the enterprise's rectification deadline, while rectifying. */
  rectification?: { deadline: DeadlineSpec } | null;
  /** v2: 对标验收 — each approval granted on 告知承诺 and still open, checked by its department. */
  commitmentChecks?: Record<
    string,
    { itemName: string; department: string; result: 'pending' | 'met' | 'notMet'; opinion: string | null }
  >;
  /** v2: why the last round was 不予通过. */
  notPassed?: { reason: string; at: string } | null;
}

type Args = { context: AcceptanceSectionContext; event: EngineEvent };
const pl = (e: EngineEvent) => e.payload as Record<string, unknown>;

export function siteWideProblems(ctx: AcceptanceSectionContext, totalFloorArea: number, greenRatio: number): string[] {
  const problems: string[] = [];
  if (ctx.permittedFloorArea !== null && totalFloorArea > ctx.permittedFloorArea) {
    problems.push(
      `总建筑面积 ${totalFloorArea}㎡ 超出规划许可 ${ctx.permittedFloorArea}㎡ / floor area exceeds the permit`,
    );
  }
  if (ctx.requiredGreenRatio !== null && greenRatio < ctx.requiredGreenRatio) {
    problems.push(`绿地率 ${greenRatio} 低于规划要求 ${ctx.requiredGreenRatio} / green ratio below the requirement`);
  }
  return problems;
}

/** v2: the 先建后验 checks that close with the last section. */
const commitmentChecks = (ctx: AcceptanceSectionContext) =>
  ctx.siteWideChecksDue ? Object.values(ctx.commitmentChecks ?? {}) : [];

const allRecorded = (ctx: AcceptanceSectionContext) =>
  Object.values(ctx.results).every((r) => r.result !== 'pending') &&
  (!ctx.siteWideChecksDue || ctx.siteWide !== null) &&
  commitmentChecks(ctx).every((c) => c.result !== 'pending');

const anyDefect = (ctx: AcceptanceSectionContext) =>
  Object.values(ctx.results).some((r) => r.result === 'rectify') ||
  (ctx.siteWideChecksDue && ctx.siteWide?.passed === false) ||
  commitmentChecks(ctx).some((c) => c.result === 'notMet');

export const acceptanceSectionGuards = {
  allPassed: ({ context }: Args) =>
    allRecorded(context) &&
    Object.values(context.results).every((r) => r.result === 'pass') &&
    (!context.siteWideChecksDue || context.siteWide?.passed === true) &&
    commitmentChecks(context).every((c) => c.result === 'met'),
  someRectify: ({ context }: Args) => allRecorded(context) && anyDefect(context),
  commitmentCheckOpen: ({ context, event }: Args) =>
    context.siteWideChecksDue && context.commitmentChecks?.[pl(event).itemCode as string]?.result === 'pending',
  resultOpen: ({ context, event }: Args) => context.results[pl(event).acceptanceItem as string]?.result === 'pending',
  siteWideOpen: ({ context }: Args) => context.siteWideChecksDue && context.siteWide === null,
  clockNotOverdue: ({ context }: Args) => context.timerState === 'normal',
  clockRunning: ({ context }: Args) => context.timerState === 'normal' || context.timerState === 'warning',
  /** v2: a re-inspection (round 2 and later) that still finds defects is 不予通过. */
  reinspectionFailed: ({ context }: Args) => context.round >= 2 && allRecorded(context) && anyDefect(context),
};

export const DEFAULT_SECTION_RECTIFICATION_DAYS = 30;

/**
 * `version` 1 is the released behaviour; 2 adds the rectification deadline, the pause and 不予通过; 4 reports who
 * holds the section to the project (3 is 2 on the corrected catalog).
 */
export function createAcceptanceSectionMachine(catalog: Catalog, version = 1) {
  const v2 = version >= 2;
  const v4 = version >= 4;
  // v4: who holds the section now, for the project's whole-process clock (nothing before v4: released parents
  // do not take these notices).
  const holder =
    (type: typeof SECTION_WITH_DEPARTMENT | typeof SECTION_WITH_ENTERPRISE) =>
    (context: AcceptanceSectionContext): Effect[] =>
      v4 ? [{ kind: 'notifyParent', event: { type, payload: { sectionKey: context.sectionKey } } }] : [];
  const withDepartment = holder(SECTION_WITH_DEPARTMENT);
  const withEnterprise = holder(SECTION_WITH_ENTERPRISE);
  const limit = catalog.jointAcceptance.limitWorkingDays;
  const rectificationDays = catalog.jointAcceptance.rectificationWorkingDays ?? DEFAULT_SECTION_RECTIFICATION_DAYS;
  const cancelClock: Effect[] = [
    { kind: 'cancelTimer', timerKey: 'jointAcceptance:warning' },
    { kind: 'cancelTimer', timerKey: 'jointAcceptance:due' },
  ];
  const RECTIFICATION_TIMER = 'section:rectification:due';
  const clockTimers = (clock: DeadlineSpec): Effect[] => [
    {
      kind: 'scheduleTimer',
      timerKey: 'jointAcceptance:warning',
      deadline: clock,
      at: 'warning',
      event: { type: 'JOINT_ACCEPTANCE_WARNING', payload: {} },
    },
    {
      kind: 'scheduleTimer',
      timerKey: 'jointAcceptance:due',
      deadline: clock,
      at: 'due',
      event: { type: 'JOINT_ACCEPTANCE_OVERDUE', payload: {} },
    },
  ];
  // Entering rectification: the joint clock pauses (its timers go), the enterprise's deadline starts.
  const startRectificationEffects = ({ context }: Args) => ({
    effects: [
      ...cancelClock,
      ...withEnterprise(context),
      {
        kind: 'scheduleTimer',
        timerKey: RECTIFICATION_TIMER,
        deadline: context.rectification!.deadline,
        at: 'due',
        event: { type: 'RECTIFICATION_DEADLINE_PASSED', payload: {} },
      },
    ] as Effect[],
  });
  // Reported: the enterprise's deadline stops and the joint clock runs again where it stopped.
  const resumeEffects = ({ context }: Args) => ({
    effects: [
      { kind: 'cancelTimer', timerKey: RECTIFICATION_TIMER },
      ...clockTimers(context.clock!),
      ...withDepartment(context),
    ] as Effect[],
  });
  return setup({
    types: {} as { context: AcceptanceSectionContext; events: EngineEvent; input: EngineEvent },
    guards: acceptanceSectionGuards,
    actions: {
      emit: emitAction,
      apply: assign(({ event }) => ({
        appliedAt: event.occurredAt,
        clock: deadline(
          'jointAcceptance',
          `联合验收时限（${limit}个工作日）`,
          event.occurredAt,
          limit,
          'workingDays',
          catalog.warningShare,
        ),
        timerState: 'normal' as TimerState,
      })),
      recordResult: assign(({ context, event }) => ({
        results: {
          ...context.results,
          [pl(event).acceptanceItem as string]: {
            result: pl(event).result as ResultValue,
            opinion: (pl(event).opinion as string | undefined) ?? null,
            by: event.actor.userId,
          },
        },
      })),
      recordSiteWide: assign(({ context, event }) => {
        const total = Number(pl(event).totalFloorArea);
        const green = Number(pl(event).greenRatio);
        const problems = siteWideProblems(context, total, green);
        return { siteWide: { totalFloorArea: total, greenRatio: green, passed: problems.length === 0, problems } };
      }),
      // Re-inspection covers what failed; passes stand.
      reinspect: assign(({ context }) => ({
        round: context.round + 1,
        results: Object.fromEntries(
          Object.entries(context.results).map(([k, r]) => [
            k,
            r.result === 'rectify' ? { result: 'pending' as ResultValue, opinion: null, by: null } : r,
          ]),
        ),
        siteWide: context.siteWide && !context.siteWide.passed ? null : context.siteWide,
        ...(context.commitmentChecks
          ? {
              commitmentChecks: Object.fromEntries(
                Object.entries(context.commitmentChecks).map(([k, c]) => [
                  k,
                  c.result === 'notMet' ? { ...c, result: 'pending' as const, opinion: null } : c,
                ]),
              ),
            }
          : {}),
      })),
      recordCommitmentCheck: assign(({ context, event }) => {
        const code = pl(event).itemCode as string;
        return {
          commitmentChecks: {
            ...context.commitmentChecks,
            [code]: {
              ...context.commitmentChecks![code],
              result: pl(event).met === true ? ('met' as const) : ('notMet' as const),
              opinion: (pl(event).opinion as string | undefined) ?? null,
            },
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
        timerState: 'stopped' as TimerState,
      })),
      // A new application after 不予通过: every item is inspected again, on a new clock.
      applyAgain: assign(({ context, event }) => ({
        round: context.round + 1,
        results: Object.fromEntries(
          Object.keys(context.results).map((k) => [k, { result: 'pending' as ResultValue, opinion: null, by: null }]),
        ),
        siteWide: null,
        notPassed: null,
        ...(context.commitmentChecks
          ? {
              commitmentChecks: Object.fromEntries(
                Object.entries(context.commitmentChecks).map(([k, c]) => [
                  k,
                  c.result === 'met' ? c : { ...c, result: 'pending' as const, opinion: null },
                ]),
              ),
            }
          : {}),
        appliedAt: event.occurredAt,
        clock: deadline(
          'jointAcceptance',
          `联合验收时限（${limit}个工作日）`,
          event.occurredAt,
          limit,
          'workingDays',
          catalog.warningShare,
        ),
        timerState: 'normal' as TimerState,
      })),
      accept: assign(({ event }) => ({ acceptedAt: event.occurredAt, timerState: 'stopped' as TimerState })),
      markWarning: assign({ timerState: 'warning' as TimerState }),
      markOverdue: assign({ timerState: 'overdue' as TimerState }),
    },
  }).createMachine({
    id: 'acceptanceSection',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload as Record<string, unknown>;
      const wanted = p.acceptanceItems as string[] | undefined;
      const items = catalog.acceptanceItems.filter((a) => !wanted || wanted.includes(a.code));
      return {
        projectId: String(p.projectId),
        enterpriseId: String(p.enterpriseId),
        sectionKey: String(p.sectionKey),
        name: String(p.name),
        acceptanceItems: items,
        results: Object.fromEntries(
          items.map((a) => [a.code, { result: 'pending' as ResultValue, opinion: null, by: null }]),
        ),
        round: 1,
        siteWideChecksDue: p.siteWideChecksDue === true,
        permittedFloorArea: typeof p.permittedFloorArea === 'number' ? p.permittedFloorArea : null,
        requiredGreenRatio: typeof p.requiredGreenRatio === 'number' ? p.requiredGreenRatio : null,
        siteWide: null,
        clock: null,
        timerState: 'stopped' as TimerState,
        appliedAt: null,
        acceptedAt: null,
        ...(v2
          ? {
              rectification: null,
              notPassed: null,
              commitmentChecks: Object.fromEntries(
                (
                  (p.commitmentChecks as { itemCode: string; itemName: string; department: string }[] | undefined) ?? []
                ).map((c) => [
                  c.itemCode,
                  { itemName: c.itemName, department: c.department, result: 'pending' as const, opinion: null },
                ]),
              ),
            }
          : {}),
      };
    },
    initial: 'ready',
    on: {
      SITE_WIDE_CHECKS_DUE: { actions: 'siteWideDue' },
    },
    states: {
      // 具备验收条件
      ready: {
        on: {
          APPLY: {
            target: 'applied',
            actions: [
              'apply',
              {
                type: 'emit',
                params: ({ context }) => ({
                  effects: [
                    {
                      kind: 'scheduleTimer',
                      timerKey: 'jointAcceptance:warning',
                      deadline: context.clock!,
                      at: 'warning',
                      event: { type: 'JOINT_ACCEPTANCE_WARNING', payload: {} },
                    },
                    {
                      kind: 'scheduleTimer',
                      timerKey: 'jointAcceptance:due',
                      deadline: context.clock!,
                      at: 'due',
                      event: { type: 'JOINT_ACCEPTANCE_OVERDUE', payload: {} },
                    },
                    ...withDepartment(context),
                  ] as Effect[],
                }),
              },
            ],
          },
        },
      },
      // 已申请联合验收
      applied: {
        on: {
          START_JOINT_INSPECTION: { target: 'jointInspection' },
          JOINT_ACCEPTANCE_WARNING: { guard: 'clockNotOverdue', actions: 'markWarning' },
          JOINT_ACCEPTANCE_OVERDUE: { guard: 'clockRunning', actions: 'markOverdue' },
        },
      },
      // 联合现场验收
      jointInspection: {
        always: [
          {
            guard: 'allPassed',
            target: 'accepted',
            actions: [
              'accept',
              {
                type: 'emit',
                params: ({ context }) => ({
                  effects: [
                    ...cancelClock,
                    {
                      kind: 'notifyParent',
                      event: {
                        type: SECTION_ACCEPTED,
                        payload: { sectionKey: context.sectionKey, siteWideChecks: context.siteWide !== null },
                      },
                    },
                  ] as Effect[],
                }),
              },
            ],
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
                      params: ({ context }: Args) => ({ effects: [...cancelClock, ...withEnterprise(context)] }),
                    },
                  ],
                },
                {
                  guard: 'someRectify' as const,
                  target: 'rectifying' as const,
                  actions: [
                    'startRectification' as const,
                    { type: 'emit' as const, params: startRectificationEffects },
                  ],
                },
              ]
            : [{ guard: 'someRectify' as const, target: 'rectifying' as const }]),
        ],
        on: {
          RECORD_RESULT: { guard: 'resultOpen', actions: 'recordResult' },
          RECORD_SITE_WIDE_CHECKS: { guard: 'siteWideOpen', actions: 'recordSiteWide' },
          ...(v2
            ? {
                RECORD_COMMITMENT_CHECK: {
                  guard: 'commitmentCheckOpen' as const,
                  actions: 'recordCommitmentCheck' as const,
                },
              }
            : {}),
          JOINT_ACCEPTANCE_WARNING: { guard: 'clockNotOverdue', actions: 'markWarning' },
          JOINT_ACCEPTANCE_OVERDUE: { guard: 'clockRunning', actions: 'markOverdue' },
        },
      },
      // 整改
      rectifying: {
        on: v2
          ? {
              // The joint clock is paused: its timers were cancelled on entry.
              REPORT_RECTIFIED: {
                target: 'jointInspection',
                actions: ['reinspect', 'resumeClock', { type: 'emit', params: resumeEffects }],
              },
              // Already with the enterprise since the rectification began: nothing to report.
              RECTIFICATION_DEADLINE_PASSED: {
                target: 'notPassed',
                actions: { type: 'notPassed', params: { reason: '逾期未整改 / not rectified by the deadline' } },
              },
            }
          : {
              REPORT_RECTIFIED: { target: 'jointInspection', actions: 'reinspect' },
              JOINT_ACCEPTANCE_WARNING: { guard: 'clockNotOverdue', actions: 'markWarning' },
              JOINT_ACCEPTANCE_OVERDUE: { guard: 'clockRunning', actions: 'markOverdue' },
            },
      },
      // v2: 不予通过; the enterprise may apply again.
      ...(v2
        ? {
            notPassed: {
              on: {
                APPLY: {
                  target: 'applied' as const,
                  actions: [
                    'applyAgain' as const,
                    {
                      type: 'emit' as const,
                      params: ({ context }: Args) => ({
                        effects: [...clockTimers(context.clock!), ...withDepartment(context)],
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

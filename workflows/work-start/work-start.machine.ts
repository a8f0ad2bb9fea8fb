/**
 * 施工许可开工期限 (建筑法 art. 9): the ordinary construction permit lapses if work is not reported started
 * within 3 months of its issue. The enterprise reports the start (开工报告) or, before the deadline, asks for an
 * extension of 3 months, at most twice; at the deadline without either, the permit lapses and the project is
 * told (it marks the certificate 已失效 and reopens the permit for re-application). The 桩基先行 foundation permit
 * runs the same period (work-start-period.ts).
 */
import { assign, setup } from 'xstate';
import type { Effect, EngineEvent } from '../contract';
import type { Catalog } from '../catalog/types';
import { emitAction } from '../core/define';
import { CONSTRUCTION_PERMIT_LAPSED, CONSTRUCTION_WORK_STARTED } from '../protocol';
import { workStartLabel } from './work-start-label';
import {
  cancelWorkStartTimer,
  extendWorkStartPeriod,
  extendWorkStartPeriodFromEnd,
  startWorkStartPeriod,
  workStartTimerEffect,
  type WorkStartPeriod,
} from './work-start-period';

export interface WorkStartContext {
  projectId: string;
  enterpriseId: string;
  /** The approval item the permit was issued on, and the certificate. */
  itemCode: string;
  certificate: string;
  issuedAt: string;
  maxExtensions: number;
  workStart: WorkStartPeriod;
  /** Each extension asked for, with its reason. */
  extensionRequests: { at: string; reason: string }[];
  lapsedAt: string | null;
}

type Args = { context: WorkStartContext; event: EngineEvent };

export const workStartGuards = {
  canExtend: ({ context }: Args) => context.workStart.extensions < context.maxExtensions,
};

const text = (event: EngineEvent, key: string): string => {
  const value = event.payload[key];
  return typeof value === 'string' ? value : '';
};

/** The first version whose extension runs from the end of the period before, and says so in the label. */
export const EXTENSION_FROM_END_VERSION = 2;

/** The first version that tells the project when work is reported started (project-case v11 waits for it). */
export const WORK_STARTED_NOTICE_VERSION = 3;

/** v1 added the extension to the months from the issue date, under the label of the first period. */
function extendedPeriod(catalog: Catalog, version: number, period: WorkStartPeriod): WorkStartPeriod {
  const { workStartMonths, extensionMonths } = catalog.foundationFirst;
  if (version < EXTENSION_FROM_END_VERSION) return extendWorkStartPeriod(period, extensionMonths);
  const label = workStartLabel(workStartMonths, period.extensions + 1, extensionMonths);
  return extendWorkStartPeriodFromEnd(period, extensionMonths, label);
}

export function createWorkStartMachine(catalog: Catalog, version = 1) {
  const { workStartMonths, maxExtensions } = catalog.foundationFirst;
  const schedule = ({ context }: Args) => ({ effects: [workStartTimerEffect(context.workStart.deadline!)] });
  const lapsed = ({ context, event }: Args) => ({
    effects: [
      {
        kind: 'notifyParent',
        event: {
          type: CONSTRUCTION_PERMIT_LAPSED,
          payload: { itemCode: context.itemCode, certificate: context.certificate, at: event.occurredAt },
        },
      },
    ] as Effect[],
  });
  // v3: the project hears of the start (its acceptance waits for it: project-case v11).
  const started = ({ context, event }: Args) => ({
    effects: [
      cancelWorkStartTimer,
      ...(version >= WORK_STARTED_NOTICE_VERSION
        ? [
            {
              kind: 'notifyParent',
              event: {
                type: CONSTRUCTION_WORK_STARTED,
                payload: { itemCode: context.itemCode, certificate: context.certificate, at: event.occurredAt },
              },
            } satisfies Effect,
          ]
        : []),
    ],
  });
  return setup({
    types: {} as { context: WorkStartContext; events: EngineEvent; input: EngineEvent },
    guards: workStartGuards,
    actions: {
      emit: emitAction,
      extend: assign(({ context, event }) => ({
        workStart: extendedPeriod(catalog, version, context.workStart),
        extensionRequests: [...context.extensionRequests, { at: event.occurredAt, reason: text(event, 'reason') }],
      })),
      start: assign(({ context, event }) => ({ workStart: { ...context.workStart, startedAt: event.occurredAt } })),
      lapse: assign(({ event }) => ({ lapsedAt: event.occurredAt })),
    },
  }).createMachine({
    id: 'workStart',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      return {
        projectId: text(input, 'projectId'),
        enterpriseId: text(input, 'enterpriseId'),
        itemCode: text(input, 'itemCode'),
        certificate: text(input, 'certificate'),
        issuedAt: input.occurredAt,
        maxExtensions,
        workStart: startWorkStartPeriod('施工许可证开工期限（领证之日起三个月）', input.occurredAt, workStartMonths),
        extensionRequests: [],
        lapsedAt: null,
      };
    },
    entry: { type: 'emit', params: schedule },
    initial: 'awaitingWorkStart',
    states: {
      // 待开工
      awaitingWorkStart: {
        on: {
          REPORT_WORK_STARTED: {
            target: 'started',
            actions: ['start', { type: 'emit', params: started }],
          },
          // 申请延期: before the deadline (after it the permit has lapsed), at most twice, 3 months each.
          REQUEST_WORK_START_EXTENSION: {
            guard: 'canExtend',
            actions: ['extend', { type: 'emit', params: schedule }],
          },
          WORK_START_DEADLINE_PASSED: {
            target: 'lapsed',
            actions: ['lapse', { type: 'emit', params: lapsed }],
          },
        },
      },
      // 已开工
      started: { type: 'final' },
      // 逾期未开工，施工许可证失效
      lapsed: { type: 'final' },
    },
  });
}

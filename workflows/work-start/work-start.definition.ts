/** The 施工许可开工期限 definition (建筑法 art. 9), started by project-case v4 for each construction permit. */
import type { Actor, InstanceSummary } from '../contract';
import type { Catalog } from '../catalog/types';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { s } from '../core/json-schema';
import { DEFINITION_IDS } from '../protocol';
import { createWorkStartMachine, type WorkStartContext } from './work-start.machine';
import { WORK_START_DEADLINE_PASSED } from './work-start-period';

type C = WorkStartContext;

export const LABELS: Record<string, string> = {
  awaitingWorkStart: '施工许可证已核发，待开工',
  started: '已开工',
  lapsed: '逾期未开工，施工许可证已失效',
};

export function createWorkStartDefinition(catalog: Catalog, version = 1): RuntimeDefinition<C> {
  const owner = (ctx: C, actor: Actor) => who.owner(ctx.enterpriseId, actor);
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const events: Record<string, EventRule<C>> = {
    REPORT_WORK_STARTED: {
      spec: spec(
        'REPORT_WORK_STARTED',
        '报告开工（开工报告）',
        ['enterprise', 'steward'],
        s.object({ note: s.text('说明') }),
      ),
      authorize: owner,
    },
    REQUEST_WORK_START_EXTENSION: {
      spec: spec(
        'REQUEST_WORK_START_EXTENSION',
        `申请延期开工（${catalog.foundationFirst.extensionMonths}个月）`,
        ['enterprise', 'steward'],
        s.object({ reason: s.text('延期理由') }, ['reason']),
      ),
      authorize: owner,
      precondition: (ctx) =>
        ctx.workStart.extensions < ctx.maxExtensions
          ? null
          : rule(`延期以${ctx.maxExtensions}次为限，已不能再延期`, `at most ${ctx.maxExtensions} extensions`),
    },
    [WORK_START_DEADLINE_PASSED]: {
      spec: spec(WORK_START_DEADLINE_PASSED, '开工期限届满', ['system'], s.empty()),
      authorize: system,
    },
  };
  return defineWorkflow<C>({
    id: DEFINITION_IDS.workStart,
    version,
    title: '施工许可开工期限',
    machine: createWorkStartMachine(catalog, version),
    events,
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        enterpriseId: s.string('建设单位编号'),
        itemCode: s.choice(catalog.items, '事项'),
        certificate: s.string('证照'),
      },
      ['projectId', 'enterpriseId', 'itemCode', 'certificate'],
    ),
    describe(value, ctx, done): InstanceSummary {
      const state = stateString(value);
      const waiting = state === 'awaitingWorkStart';
      return {
        state,
        statusLabel:
          waiting && ctx.workStart.extensions > 0
            ? `${LABELS[state]}（已延期${ctx.workStart.extensions}次）`
            : (LABELS[state] ?? state),
        stage: 'constructionPermit',
        departmentQueue: null,
        waitingOn: done ? 'none' : 'enterprise',
        deadline: waiting ? ctx.workStart.deadline : null,
        timerState: waiting ? 'normal' : null,
        done,
      };
    },
  });
}

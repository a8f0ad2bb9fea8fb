/** The 问题清单 definition: one problem of a project, from raising to the raiser's confirmation. */
import type { Actor, EngineEvent, InstanceSummary } from '../contract';
import type { Catalog } from '../catalog/types';
import { defineWorkflow, rule, spec, stateString, who, type EventRule, type RuntimeDefinition } from '../core/define';
import { s } from '../core/json-schema';
import { DEFINITION_IDS } from '../protocol';
import {
  createProblemMachine,
  PROBLEM_CATEGORIES,
  PROBLEM_DEADLINE_OVERDUE,
  PROBLEM_DEADLINE_WARNING,
  RAISER_ROLES,
  type ProblemContext,
} from './problem.machine';

type C = ProblemContext;

export const PROBLEM_STATE_LABELS: Record<string, string> = {
  pending: '待交办',
  assigned: '已交办',
  inProgress: '办理中',
  resolved: '已解决（待确认）',
  reopened: '重新打开',
  closed: '已办结',
};

import { MAX_PROBLEM_LIMIT, problemPayloads } from './problem.events';

export { MAX_PROBLEM_LIMIT };

/** The raiser confirms or reopens: an enterprise (or its steward acting for it), or the steward/leader in person. */
export function raiserCheck(ctx: C, actor: Actor): string | null {
  if (ctx.raisedBy.role === 'enterprise') {
    if (actor.role !== 'enterprise' && actor.role !== 'steward')
      return rule('仅限提出问题的企业确认', 'only the enterprise that raised it');
    return who.owner(ctx.enterpriseId, actor);
  }
  return actor.userId === ctx.raisedBy.userId ? null : rule('仅限问题提出人确认', 'only the person who raised it');
}

export function createProblemDefinition(catalog: Catalog, version = 1): RuntimeDefinition<C> {
  const payloads = problemPayloads(catalog);
  const departmentCodes = catalog.departments.map((d) => d.code);
  const departmentLabels = Object.fromEntries(catalog.departments.map((d) => [d.code, d.name]));
  const department = s.enumOf(departmentCodes, '责任部门', departmentLabels);
  const RAISER_ROLE_LABELS: Record<string, string> = { enterprise: '建设单位', steward: '项目管家', leader: '项目长' };
  const limit = s.integer('办理时限（工作日）', 1, MAX_PROBLEM_LIMIT);
  const responsible = (ctx: C, actor: Actor) => who.department(ctx.department, actor);
  const system = (_: C, actor: Actor) => who.system(_, actor);
  const events: Record<string, EventRule<C>> = {
    ASSIGN: {
      spec: spec('ASSIGN', '交办', ['steward', 'leader'], payloads.ASSIGN),
    },
    RETURN_PROBLEM: {
      spec: spec('RETURN_PROBLEM', '退回（非本部门职责）', ['clerk'], payloads.RETURN_PROBLEM),
      authorize: responsible,
    },
    START_HANDLING: {
      spec: spec('START_HANDLING', '开始办理', ['clerk'], payloads.START_HANDLING),
      authorize: responsible,
    },
    RESOLVE: {
      spec: spec('RESOLVE', '答复已解决', ['clerk'], payloads.RESOLVE),
      authorize: responsible,
    },
    CONFIRM_RESOLVED: {
      spec: spec('CONFIRM_RESOLVED', '确认已解决', [...RAISER_ROLES], payloads.CONFIRM_RESOLVED),
      authorize: raiserCheck,
    },
    REOPEN: {
      spec: spec('REOPEN', '未解决，重新打开', [...RAISER_ROLES], payloads.REOPEN),
      authorize: raiserCheck,
    },
    ESCALATE: {
      spec: spec('ESCALATE', '提级督办（报部门主要负责人）', ['leader'], payloads.ESCALATE),
    },
    [PROBLEM_DEADLINE_WARNING]: {
      spec: spec(PROBLEM_DEADLINE_WARNING, '问题办理时限预警', ['system'], payloads[PROBLEM_DEADLINE_WARNING]),
      authorize: system,
    },
    [PROBLEM_DEADLINE_OVERDUE]: {
      spec: spec(PROBLEM_DEADLINE_OVERDUE, '问题办理逾期', ['system'], payloads[PROBLEM_DEADLINE_OVERDUE]),
      authorize: system,
    },
  };
  return defineWorkflow<C>({
    id: DEFINITION_IDS.problem,
    version,
    title: '问题清单',
    machine: createProblemMachine(catalog),
    events,
    inputSchema: s.object(
      {
        projectId: s.string('项目编号'),
        enterpriseId: s.string('建设单位编号'),
        title: s.string('问题', { maxLength: 200 }),
        description: s.text('问题描述'),
        category: s.enumOf(Object.keys(PROBLEM_CATEGORIES), '类别', PROBLEM_CATEGORIES),
        department,
        limitWorkingDays: limit,
        meetingId: s.string('会议编号'),
        raisedBy: s.object(
          { userId: s.string('提出人'), role: s.enumOf(RAISER_ROLES, '提出人角色', RAISER_ROLE_LABELS) },
          ['userId', 'role'],
          { title: '提出人' },
        ),
      },
      ['projectId', 'enterpriseId', 'title', 'category', 'department', 'limitWorkingDays', 'raisedBy'],
    ),
    checkInput: (event: EngineEvent) => {
      const raiser = event.payload.raisedBy as { role: string };
      if (raiser.role === 'enterprise' && event.actor.role === 'enterprise') {
        return event.actor.enterpriseId === event.payload.enterpriseId
          ? null
          : rule('只能为本企业的项目提出问题', 'only for the enterprise’s own projects');
      }
      return null;
    },
    describe(value, ctx, done): InstanceSummary {
      const state = stateString(value);
      const withDepartment = state === 'assigned' || state === 'inProgress' || state === 'reopened';
      return {
        state,
        statusLabel: PROBLEM_STATE_LABELS[state] ?? state,
        stage: null,
        departmentQueue: withDepartment ? ctx.department : null,
        waitingOn: done
          ? 'none'
          : withDepartment
            ? 'department'
            : state === 'resolved' && ctx.raisedBy.role === 'enterprise'
              ? 'enterprise'
              : 'none',
        deadline: withDepartment ? ctx.clock : null,
        timerState: ctx.timerState,
        done,
      };
    },
  });
}

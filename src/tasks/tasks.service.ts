import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeadlineSpec, PersistedSnapshot } from '../../workflows/contract';
import { departmentName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { DEFINITION_IDS } from '../../workflows/protocol';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService } from '../cases/case-view.service';
import { DefinitionRegistry } from '../cases/definition-registry';
import { Clock } from '../common/clock';
import { CreditRepository } from '../credit/credit.repository';
import { AppException } from '../common/errors/app-exception';
import { TIMER_STATE_LABELS } from '../projects/project-status';
import type { ListTasksQuery } from './dto/list-tasks.query';

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/** What a task is about, in words: the item, the commitment, the section. */
function subjectOf(definitionId: string, context: Record<string, unknown>): { code: string | null; name: string } {
  const item = context.item as { code?: string; name?: string } | undefined;
  switch (definitionId) {
    case DEFINITION_IDS.approvalItem:
      return { code: item?.code ?? null, name: item?.name ?? '事项' };
    case DEFINITION_IDS.toleranceCommitment:
      return { code: item?.code ?? null, name: `${item?.name ?? ''}（容缺受理）` };
    case DEFINITION_IDS.notifyCommitment:
      return { code: item?.code ?? null, name: `${item?.name ?? ''}（告知承诺）` };
    case DEFINITION_IDS.foundationPermit:
      return { code: 'constructionPermit', name: '桩基先行施工许可' };
    case DEFINITION_IDS.acceptanceSection:
      return { code: (context.sectionKey as string) ?? null, name: `竣工验收：${String(context.name ?? '')}` };
    case DEFINITION_IDS.problem:
      return { code: null, name: `问题：${String(context.title ?? '')}` };
    default:
      return { code: null, name: definitionId };
  }
}

/** Queue counts stop here (see list()); GET /api/tasks then answers total = COUNT_CAP, totalCapped = true. */
export const COUNT_CAP = 1000;

/**
 * The statements of a work queue: its count (capped) and a page, with their parameters (the page's last two,
 * limit and offset, come after them). Exported for the benchmark, which measures the route's own SQL at scale.
 */
export function taskQueueSql(
  user: Pick<AuthUser, 'role' | 'department' | 'assignedProjectIds' | 'enterpriseId'>,
  query: Pick<ListTasksQuery, 'department' | 'state' | 'projectId' | 'overdue' | 'warning'>,
  now: string,
): { count: string; page: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // The project case itself is no one's task: its own events are the system's (and 重新申报 on an item).
  const where: string[] = [`i.status = 'active'`, `i.definition_id <> ${add(DEFINITION_IDS.projectCase)}`];
  switch (user.role) {
    case 'clerk':
      where.push(`i.department_queue = ${add(user.department ?? '')}`);
      break;
    case 'auditor':
      where.push(query.department ? `i.department_queue = ${add(query.department)}` : 'i.department_queue IS NOT NULL');
      break;
    case 'steward':
      where.push(`i.project_id = ANY(${add(user.assignedProjectIds)}::uuid[])`);
      // What the steward does: the enterprise's turn (acting on its behalf, 代办) and the problems waiting for the
      // steward (or the leader) to assign them (待交办). A department's turn is no to-do of the steward's: the
      // project page shows it, the to-do count does not.
      where.push(
        `(i.waiting_on = 'enterprise' OR (i.definition_id = ${add(DEFINITION_IDS.problem)} AND i.state = 'pending'))`,
      );
      break;
    case 'leader':
      // A leader (项目长) acts on the problems of the projects they lead: assigning and escalating them.
      where.push(`i.project_id = ANY(${add(user.assignedProjectIds)}::uuid[])`);
      where.push(`i.definition_id = ${add(DEFINITION_IDS.problem)}`);
      break;
    case 'enterprise':
      where.push(`p.enterprise_id = ${add(user.enterpriseId ?? '')}`);
      where.push(`i.waiting_on = 'enterprise'`);
      break;
    default:
      throw new AppException('FORBIDDEN', `The role '${user.role}' has no work queue`);
  }
  const nowP = add(now);
  const overdueSql = `(i.timer_state = 'overdue' OR (i.due_at IS NOT NULL AND i.due_at < ${nowP} AND coalesce(i.timer_state, '') NOT IN ('paused', 'stopped')))`;
  const warningSql = `(NOT ${overdueSql} AND (i.timer_state = 'warning' OR (i.warn_at IS NOT NULL AND i.warn_at <= ${nowP} AND coalesce(i.timer_state, '') NOT IN ('paused', 'stopped'))))`;
  if (query.state) where.push(`i.state = ${add(query.state)}`);
  if (query.projectId) where.push(`i.project_id = ${add(query.projectId)}::uuid`);
  if (query.overdue !== undefined) where.push(query.overdue ? overdueSql : `NOT ${overdueSql}`);
  if (query.warning !== undefined) where.push(query.warning ? warningSql : `NOT ${warningSql}`);
  const from = `FROM workflow_instance i JOIN project p ON p.id = i.project_id WHERE ${where.join(' AND ')}`;
  // Every instance belongs to a project (project_id NOT NULL, written with it): the count joins the project only
  // when a condition reads it (an enterprise's queue), and reads instance rows alone otherwise (half its time).
  const countFrom = where.some((w) => /\bp\./.test(w)) ? from : `FROM workflow_instance i WHERE ${where.join(' AND ')}`;
  const order = 'ORDER BY i.due_at ASC NULLS LAST, i.created_at, i.id';
  const n = params.length;
  return {
    // The queue's size and how much of it is overdue or in warning (a clerk's dashboard), counted over its first
    // COUNT_CAP entries in queue order (earliest due first, so overdue and warning cases come first): a huge queue
    // costs no more than that, and says "more than COUNT_CAP" instead of an exact number.
    count: `SELECT count(*)::int AS total, (count(*) FILTER (WHERE q.overdue))::int AS overdue,
                   (count(*) FILTER (WHERE q.warning))::int AS warning
              FROM (SELECT ${overdueSql} AS overdue, ${warningSql} AS warning ${countFrom} ${order} LIMIT ${COUNT_CAP + 1}) AS q`,
    page: `SELECT i.id, i.project_id, i.definition_id, i.definition_version, i.parent_id, i.child_key, i.snapshot, i.seq,
              i.state, i.status_label, i.stage, i.department_queue, i.waiting_on, i.deadline, i.due_at, i.warn_at, i.timer_state,
              i.created_at, i.updated_at, p.code AS project_code, p.name AS project_name, p.enterprise_id,
              ${overdueSql} AS overdue, ${warningSql} AS warning
         ${from} ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    params,
  };
}

/**
 * Work queues (待办): the active instances someone must act on now. A clerk: their department's queue; a steward:
 * what their assigned projects wait for (the enterprise's turn and the departments'); an enterprise: its
 * projects' instances waiting on it; an auditor: any department's queue, read-only.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definitions: DefinitionRegistry,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    private readonly views: CaseViewService,
    private readonly credit: CreditRepository,
  ) {}

  async list(user: AuthUser, query: ListTasksQuery) {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    if (query.department !== undefined && user.role !== 'auditor') {
      throw new AppException('VALIDATION_FAILED', 'department: only an auditor chooses the queue to read', [
        { field: 'department', problems: ['only an auditor chooses the queue to read'] },
      ]);
    }
    const now = this.clock.now().toISOString();
    const queue = taskQueueSql(user, query, now);
    // The count and the page on two pooled connections at once: the route waits for the slower, not for both.
    const [[counts], rows] = (await Promise.all([
      this.dataSource.query(queue.count, queue.params),
      this.dataSource.query(queue.page, [...queue.params, limit, offset]),
    ])) as [Record<string, unknown>[], Record<string, unknown>[]];
    const capped = (counts.total as number) > COUNT_CAP;
    // The credit facts of the page's enterprises: the actions offered are judged as the events would be.
    const facts = await this.credit.factsOf(rows.map((r) => r.enterprise_id as string));
    const narrow = await this.views.offers(rows.map((r) => r.id as string));
    const items = rows.map((r) => {
      const project = { id: r.project_id as string, enterpriseId: r.enterprise_id as string };
      const canAct = this.access.can(user, 'case:act', project);
      const def = this.definitions.find(r.definition_id as string, r.definition_version as number);
      const snapshot = r.snapshot as PersistedSnapshot;
      // The actions, without their payload schemas (per definition version, not per task: see the controller).
      const allowedEvents =
        canAct && def
          ? narrow(
              r.id as string,
              snapshot.context,
              def
                .allowedEvents(snapshot, this.access.actorFor(user, project), {
                  facts: { enterprise: facts.get(project.enterpriseId) },
                  at: now,
                })
                .filter((e) => !e.roles.every((x) => x === 'system')),
            ).map((e) => ({
              type: e.type,
              label: e.label,
              roles: e.roles,
              ...(e.disabledReason ? { disabledReason: e.disabledReason } : {}),
            }))
          : [];
      const subject = subjectOf(r.definition_id as string, snapshot.context);
      const queue = (r.department_queue as string | null) ?? null;
      const timerState = (r.timer_state as string | null) ?? null;
      return {
        instanceId: r.id as string,
        seq: r.seq as number,
        definitionId: r.definition_id as string,
        definitionVersion: r.definition_version as number,
        project: { id: project.id, code: r.project_code as string, name: r.project_name as string },
        subject: subject.name,
        itemCode: subject.code,
        itemName: subject.name,
        state: r.state as string,
        statusLabel: r.status_label as string,
        stage: (r.stage as string | null) ?? null,
        stageName: catalog.stages.find((s) => s.key === r.stage)?.name ?? null,
        waitingOn: r.waiting_on as string,
        department: queue ? { code: queue, name: departmentName(catalog, queue) } : null,
        dueAt: iso(r.due_at),
        warnAt: iso(r.warn_at),
        /** The clock as the case view shows it: due date, remaining working days, pauses, uncovered years. */
        deadline: this.views.deadlineView((r.deadline as DeadlineSpec | null) ?? null),
        timerState,
        timerStateLabel: timerState ? (TIMER_STATE_LABELS[timerState] ?? timerState) : null,
        overdue: r.overdue === true,
        warning: r.warning === true,
        allowedEvents,
        receivedAt: iso(r.created_at),
        updatedAt: iso(r.updated_at),
      };
    });
    return {
      items,
      /** The queue's size; with totalCapped, a lower bound (the queue holds more than COUNT_CAP cases). */
      total: capped ? COUNT_CAP : (counts.total as number),
      totalCapped: capped,
      counts: { overdue: counts.overdue as number, warning: counts.warning as number },
      limit,
      offset,
    };
  }
}

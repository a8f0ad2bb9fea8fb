import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeadlineSpec, PersistedSnapshot } from '../../workflows/contract';
import { DEFINITION_IDS } from '../../workflows/protocol';
import type { AuthUser } from '../auth/auth-user';
import { clockRunsSql } from '../calendar/halted-clock';
import { AppException } from '../common/errors/app-exception';
import type { ListTasksQuery } from './dto/list-tasks.query';

/** Queue counts stop here (see list()); GET /api/tasks then answers total = COUNT_CAP, totalCapped = true. */
export const COUNT_CAP = 1000;

/**
 * A queue entry's clock flags, over a workflow_instance row aliased `alias` at the instant in placeholder `now`:
 * the one statement of 逾期 and 预警 for the queues and the zone report's per-department figures, which must agree.
 */
export function queueFlagsSql(alias: string, now: string): { overdue: string; warning: string } {
  const a = alias;
  const overdue = `(${a}.timer_state = 'overdue' OR (${a}.due_at IS NOT NULL AND ${a}.due_at < ${now} AND ${clockRunsSql(a)}))`;
  const warning = `(NOT ${overdue} AND (${a}.timer_state = 'warning' OR (${a}.warn_at IS NOT NULL AND ${a}.warn_at <= ${now} AND ${clockRunsSql(a)})))`;
  return { overdue, warning };
}

/**
 * The departments whose work queue lists an active instance (a project case is no department's: the caller leaves it
 * out, as the queues do), as an SQL text[] over a row aliased `alias`: the department department_queue names, and while more than one department can act (a
 * joint acceptance inspection) every one of them (acting_departments). Each once: the queue's branches
 * (ofDepartment in taskQueueSql) are disjoint. NULL stands for no department. For the figures counted per
 * department (the zone report), which must agree with each department's 待办.
 */
export function queueDepartmentsSql(alias: string): string {
  const a = alias;
  return `(CASE WHEN cardinality(${a}.acting_departments) > 1
                THEN array_append(array_remove(${a}.acting_departments, ${a}.department_queue), ${a}.department_queue)
                ELSE ARRAY[${a}.department_queue] END)`;
}

/**
 * The statements of a work queue: its count (capped) and a page, with their parameters (the page's last two,
 * limit and offset, come after them). Exported for the benchmark, which measures the route's own SQL at scale.
 */
export function taskQueueSql(
  user: Pick<AuthUser, 'role' | 'department' | 'assignedProjectIds' | 'enterpriseId'> & Partial<Pick<AuthUser, 'id'>>,
  query: Pick<ListTasksQuery, 'department' | 'state' | 'projectId' | 'overdue' | 'warning'>,
  now: string,
): { count: string; page: string; params: unknown[] } {
  const params: unknown[] = [];
  const add = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [`i.status = 'active'`];
  // The project case is no department's task: its own events are the system's. It is the enterprise's (and its
  // steward's) while it waits for a re-application, 重新申报 (waiting_on = 'enterprise', project-case v7).
  const notProjectCase = () => `i.definition_id <> ${add(DEFINITION_IDS.projectCase)}`;
  // A joint acceptance inspection waits on every department with an action offered, in any order, while
  // department_queue names only one of them: each of the others finds it in its queue too. Its own branch (UNION ALL
  // below): an OR beside department_queue would scan every active instance instead of the queue's index.
  // acting_departments is the definition's own reading of its offers (actingDepartments, written with the summary),
  // so the queue lists what the department can act on and nothing else. The branch reads its partial index
  // (ix_instance_joint_inspection: the active instances more than one department can act on, in queue order; migration
  // ActingDepartments), whose predicate the condition repeats so that the planner matches it.
  /** A department's queue: the entries it heads, and those others head that it can act on too. */
  const ofDepartment = (department: unknown): string[] => {
    const d = add(department);
    return [
      `i.department_queue = ${d}`,
      `cardinality(i.acting_departments) > 1 AND i.acting_departments @> ARRAY[${d}]::text[]
        AND i.department_queue IS DISTINCT FROM ${d}`,
    ];
  };
  // A problem's raiser confirms its resolution (problem v1's raiserCheck): the enterprise (its turn reads waiting_on =
  // 'enterprise'), or a steward or a leader in person. The released v1 summary reads waiting_on = 'none' both for
  // the latter and while a problem waits to be assigned (待交办), so these two turns are named by the problem's state
  // ('resolved', 'pending'), the raiser read from the case: the only states the steward's and leader's queues name.
  const raisersTurn = () => {
    if (!user.id) throw new Error(`taskQueueSql: the ${user.role}'s queue needs the user's id`);
    return `(i.state = 'resolved' AND i.snapshot #>> '{context,raisedBy,userId}' = ${add(user.id)})`;
  };
  // A queue is the union of these disjoint branches, each with the conditions of `where`; most queues have one.
  let branches: string[] = [];
  switch (user.role) {
    case 'clerk':
      where.push(notProjectCase());
      branches = ofDepartment(user.department ?? '');
      break;
    case 'auditor':
      where.push(notProjectCase());
      if (query.department) branches = ofDepartment(query.department);
      else where.push('i.department_queue IS NOT NULL');
      break;
    case 'steward':
      where.push(`i.project_id = ANY(${add(user.assignedProjectIds)}::uuid[])`);
      // What the steward does: the enterprise's turn (acting on its behalf, 代办, which includes confirming a
      // problem the enterprise raised), the problems waiting to be assigned (待交办), and those the steward raised
      // in person once resolved (only the raiser confirms them). A department's turn is no to-do of the steward's:
      // the project page shows it, the to-do count does not.
      where.push(
        `(i.waiting_on = 'enterprise' OR (i.definition_id = ${add(DEFINITION_IDS.problem)} AND (i.state = 'pending' OR ${raisersTurn()})))`,
      );
      break;
    case 'leader':
      // A leader (项目长) acts on the problems of the projects they lead: assigning a pending one (交办), escalating
      // one while a department holds it (提级督办: waiting_on = 'department'), and confirming or reopening one they
      // raised once it is resolved. A problem another raised, resolved, waits on its raiser alone.
      where.push(`i.project_id = ANY(${add(user.assignedProjectIds)}::uuid[])`);
      where.push(`i.definition_id = ${add(DEFINITION_IDS.problem)}`);
      where.push(`(i.state = 'pending' OR i.waiting_on = 'department' OR ${raisersTurn()})`);
      break;
    case 'enterprise':
      where.push(`p.enterprise_id = ${add(user.enterpriseId ?? '')}`);
      where.push(`i.waiting_on = 'enterprise'`);
      break;
    default:
      throw new AppException('FORBIDDEN', `您的角色没有待办 / The role '${user.role}' has no work queue`);
  }
  const { overdue: overdueSql, warning: warningSql } = queueFlagsSql('i', add(now));
  if (query.state) where.push(`i.state = ${add(query.state)}`);
  if (query.projectId) where.push(`i.project_id = ${add(query.projectId)}::uuid`);
  if (query.overdue !== undefined) where.push(query.overdue ? overdueSql : `NOT ${overdueSql}`);
  if (query.warning !== undefined) where.push(query.warning ? warningSql : `NOT ${warningSql}`);
  const order = 'ORDER BY i.due_at ASC NULLS LAST, i.created_at, i.id';
  const n = params.length;
  const [limit, offset] = [`$${n + 1}`, `$${n + 2}`];
  const conditions = (branch?: string) => (branch ? [...where, branch] : where).join(' AND ');
  const from = (branch?: string) =>
    `FROM workflow_instance i JOIN project p ON p.id = i.project_id WHERE ${conditions(branch)}`;
  // Every instance belongs to a project (project_id NOT NULL, written with it): the count joins the project only
  // when a condition reads it (an enterprise's queue), and reads instance rows alone otherwise (half its time).
  const countFrom = (branch?: string) =>
    where.some((w) => /\bp\./.test(w)) ? from(branch) : `FROM workflow_instance i WHERE ${conditions(branch)}`;
  const flags = `${overdueSql} AS overdue, ${warningSql} AS warning`;
  const instanceColumns = `i.id, i.project_id, i.definition_id, i.definition_version, i.parent_id, i.child_key, i.snapshot,
              i.seq, i.state, i.status_label, i.stage, i.department_queue, i.acting_departments, i.waiting_on, i.deadline,
              i.due_at, i.warn_at,
              i.timer_state, i.created_at, i.updated_at, ${flags}`;
  const columns = `${instanceColumns}, p.code AS project_code, p.name AS project_name, p.enterprise_id`;
  // The queue's size and how much of it is overdue or in warning (a clerk's dashboard), counted over its first
  // COUNT_CAP entries in queue order (earliest due first, so overdue and warning cases come first): a huge queue
  // costs no more than that, and says "more than COUNT_CAP" instead of an exact number.
  const countOf = (
    entries: string,
  ) => `SELECT count(*)::int AS total, (count(*) FILTER (WHERE q.overdue))::int AS overdue,
                   (count(*) FILTER (WHERE q.warning))::int AS warning
              FROM (${entries}) AS q`;
  if (branches.length <= 1) {
    const [branch] = branches;
    return {
      count: countOf(`SELECT ${flags} ${countFrom(branch)} ${order} LIMIT ${COUNT_CAP + 1}`),
      page: `SELECT ${columns} ${from(branch)} ${order} LIMIT ${limit} OFFSET ${offset}`,
      params,
    };
  }
  // Several branches: each takes its own first entries in queue order off its own index (as many as the page or
  // the count can use), and the union is ordered and cut again: the same entries, order and count as one query.
  const keys = 'i.due_at, i.created_at, i.id, i.timer_state, i.warn_at';
  const union = (select: (branch: string) => string) =>
    `(${branches.map((branch) => `(${select(branch)})`).join('\n UNION ALL ')}) AS i`;
  return {
    count: `SELECT count(*)::int AS total, (count(*) FILTER (WHERE ${overdueSql}))::int AS overdue,
                   (count(*) FILTER (WHERE ${warningSql}))::int AS warning
              FROM (SELECT * FROM ${union(
                (branch) => `SELECT ${keys} ${countFrom(branch)} ${order} LIMIT ${COUNT_CAP + 1}`,
              )} ${order} LIMIT ${COUNT_CAP + 1}) AS i`,
    // Each branch joins its entries' projects itself, as a one-branch page does (an index probe per entry up to
    // the cut): joined to the union instead, PostgreSQL hashed the whole project table for a page of 20, a cost
    // growing with the projects filed (docs/benchmarks.md, "The queue's cost").
    page: `SELECT i.* FROM ${union(
      (branch) => `SELECT ${columns} ${from(branch)} ${order} LIMIT (${limit}::bigint + ${offset}::bigint)`,
    )} ${order} LIMIT ${limit} OFFSET ${offset}`,
    params,
  };
}

/** One entry of a work queue: an active instance with its project, as the page's statement reads it. */
export interface TaskRow {
  id: string;
  definitionId: string;
  definitionVersion: number;
  snapshot: PersistedSnapshot;
  seq: number;
  state: string;
  statusLabel: string;
  stage: string | null;
  departmentQueue: string | null;
  /** The departments that can act on it now (the definition's actingDepartments). */
  actingDepartments: string[];
  waitingOn: string;
  deadline: DeadlineSpec | null;
  /** ISO 8601. */
  dueAt: string | null;
  timerState: string | null;
  /** The clock's flags at the time the queue was read (overdueSql, warningSql). */
  overdue: boolean;
  warning: boolean;
  /** ISO 8601. */
  updatedAt: string;
  project: { id: string; code: string; name: string; enterpriseId: string };
}

const iso = (d: unknown): string | null => (d ? new Date(d as string).toISOString() : null);

/** The page's raw row, typed once here (the driver's values: text, int, jsonb as parsed, timestamptz as Date). */
function taskRow(r: Record<string, unknown>): TaskRow {
  return {
    id: r.id as string,
    definitionId: r.definition_id as string,
    definitionVersion: r.definition_version as number,
    snapshot: r.snapshot as PersistedSnapshot,
    seq: r.seq as number,
    state: r.state as string,
    statusLabel: r.status_label as string,
    stage: (r.stage as string | null) ?? null,
    departmentQueue: (r.department_queue as string | null) ?? null,
    actingDepartments: (r.acting_departments as string[] | null) ?? [],
    waitingOn: r.waiting_on as string,
    deadline: (r.deadline as DeadlineSpec | null) ?? null,
    dueAt: iso(r.due_at),
    timerState: (r.timer_state as string | null) ?? null,
    overdue: r.overdue === true,
    warning: r.warning === true,
    updatedAt: iso(r.updated_at)!,
    project: {
      id: r.project_id as string,
      code: r.project_code as string,
      name: r.project_name as string,
      enterpriseId: r.enterprise_id as string,
    },
  };
}

/** A queue's size (capped at COUNT_CAP + 1) and how much of it is overdue or in warning. */
export interface QueueCounts {
  total: number;
  overdue: number;
  warning: number;
}

/** The counts of a queue held whole by the page's rows (their overdue and warning flags, as the count's). */
function countsOf(rows: TaskRow[]): QueueCounts {
  return {
    total: rows.length,
    overdue: rows.filter((r) => r.overdue).length,
    warning: rows.filter((r) => r.warning).length,
  };
}

/** The work queues' SQL (taskQueueSql): a page of a queue and its counts. */
@Injectable()
export class TasksRepository {
  constructor(private readonly dataSource: DataSource) {}

  async queue(
    user: AuthUser,
    query: ListTasksQuery,
    now: string,
    limit: number,
    offset: number,
  ): Promise<{ counts: QueueCounts; rows: TaskRow[] }> {
    const queue = taskQueueSql(user, query, now);
    const raw: Record<string, unknown>[] = await this.dataSource.query(queue.page, [...queue.params, limit, offset]);
    const rows = raw.map(taskRow);
    // A first page shorter than the limit is the whole queue: its rows carry the flags the count would add up, so
    // the count (the loop's costliest statement: it reads up to COUNT_CAP + 1 entries) is run only when the page
    // cannot answer it. One statement after the other, not side by side: the count is the exception.
    if (offset === 0 && rows.length < limit) return { counts: countsOf(rows), rows };
    const [counts] = (await this.dataSource.query(queue.count, queue.params)) as QueueCounts[];
    return { counts, rows };
  }
}

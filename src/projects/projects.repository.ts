import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlFilter } from '../auth/access-policy';

export interface ProjectRow {
  id: string;
  code: string;
  name: string;
  enterpriseId: string;
  enterpriseName: string | null;
  category: string;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface InstanceRow {
  id: string;
  definitionId: string;
  definitionVersion: number;
  parentId: string | null;
  childKey: string | null;
  snapshot: { value: unknown; context: Record<string, unknown> };
  seq: number;
  status: 'active' | 'done';
  state: string;
  statusLabel: string;
  stage: string | null;
  departmentQueue: string | null;
  waitingOn: string;
  deadline: Record<string, unknown> | null;
  dueAt: string | null;
  warnAt: string | null;
  timerState: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectListRow {
  id: string;
  code: string;
  name: string;
  enterpriseId: string;
  enterpriseName: string | null;
  category: string;
  details: Record<string, unknown>;
  createdAt: string;
  stage: string | null;
  status: 'active' | 'done' | null;
  statusLabel: string | null;
  timerState: string | null;
  overdue: boolean;
}

export interface ProjectListFilter {
  access: SqlFilter;
  /** A clerk sees the projects that reached their department (queue or history). */
  clerkDepartment: string | null;
  q?: string;
  stage?: string;
  status?: 'active' | 'done';
  overdue?: boolean;
  now: string;
  limit: number;
  offset: number;
}

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/**
 * The name condition of a search. The trigram index (ix_project_name_trgm) serves terms of three characters or
 * more; for a shorter one (two Chinese characters are a common search: 铜箔, 食品) it would return every row to
 * be rechecked, so the condition is written in a form the planner cannot send to it, and a scan that stops at
 * the first matches (newest-first for the page, 1,001 rows for the count) does the work.
 */
export function nameMatchSql(q: string, add: (value: unknown) => string): string {
  return [...q].length >= 3
    ? `p.name ILIKE ${add(likePattern(q))} ESCAPE '\\'`
    : `strpos(lower(p.name), lower(${add(q)})) > 0`;
}

/** `%`, `_` and `\` in a search term are literal (ILIKE … ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The clerk's visibility: some instance of the project is in the department's queue now, or a clerk of the
 * department acted on one (its history). Both lookups are indexed: instances by project_id, events by
 * (instance_id, seq).
 */
export function reachedDepartmentSql(projectIdColumn: string, param: string): string {
  return `EXISTS (SELECT 1 FROM workflow_instance ri WHERE ri.project_id = ${projectIdColumn}
            AND (ri.department_queue = ${param}
                 OR EXISTS (SELECT 1 FROM workflow_event re WHERE re.instance_id = ri.id
                              AND re.actor_role = 'clerk' AND re.actor->>'department' = ${param})))`;
}

/** Project list counts stop here: GET /api/projects then answers total = 1000 with totalCapped = true. */
export const PROJECT_COUNT_CAP = 1000;

/** Every SQL statement of the projects feature; all take a manager (the caller's transaction, or the default). */
@Injectable()
export class ProjectsRepository {
  async nextCodeNumber(m: EntityManager): Promise<number> {
    const rows = await m.query(`SELECT nextval('project_code_seq')::bigint AS n`);
    return Number(rows[0].n);
  }

  async enterpriseExists(m: EntityManager, id: string): Promise<boolean> {
    const rows = await m.query('SELECT 1 FROM enterprise WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async insertProject(
    m: EntityManager,
    p: {
      id: string;
      code: string;
      name: string;
      enterpriseId: string;
      category: string;
      details: unknown;
      createdAt: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO project (id, code, name, enterprise_id, category, details, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [p.id, p.code, p.name, p.enterpriseId, p.category, JSON.stringify(p.details), p.createdAt],
    );
  }

  /** A steward who files a project on an enterprise's behalf is assigned to it (1+1+N). */
  async assignSteward(m: EntityManager, userId: string, projectId: string): Promise<void> {
    await m.query(
      `UPDATE app_user SET assigned_project_ids = array_append(assigned_project_ids, $2::uuid)
        WHERE id = $1 AND role = 'steward' AND NOT ($2::uuid = ANY(assigned_project_ids))`,
      [userId, projectId],
    );
  }

  async findProject(m: EntityManager, id: string): Promise<ProjectRow | null> {
    const rows = await m.query(
      `SELECT p.id, p.code, p.name, p.enterprise_id, e.name AS enterprise_name, p.category, p.details, p.created_at
         FROM project p LEFT JOIN enterprise e ON e.id = p.enterprise_id WHERE p.id = $1`,
      [id],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          code: r.code,
          name: r.name,
          enterpriseId: r.enterprise_id,
          enterpriseName: r.enterprise_name,
          category: r.category,
          details: r.details,
          createdAt: iso(r.created_at)!,
        }
      : null;
  }

  async projectReachedDepartment(m: EntityManager, projectId: string, department: string): Promise<boolean> {
    const rows = await m.query(`SELECT ${reachedDepartmentSql('$1::uuid', '$2')} AS ok`, [projectId, department]);
    return rows[0].ok === true;
  }

  async instancesOf(m: EntityManager, projectId: string): Promise<InstanceRow[]> {
    const rows = await m.query(
      `SELECT id, definition_id, definition_version, parent_id, child_key, snapshot, seq, status, state, status_label,
              stage, department_queue, waiting_on, deadline, due_at, warn_at, timer_state, created_at, updated_at
         FROM workflow_instance WHERE project_id = $1 ORDER BY created_at, child_key NULLS FIRST, id`,
      [projectId],
    );
    return rows.map((r: Record<string, unknown>): InstanceRow => ({
      id: r.id as string,
      definitionId: r.definition_id as string,
      definitionVersion: r.definition_version as number,
      parentId: (r.parent_id as string | null) ?? null,
      childKey: (r.child_key as string | null) ?? null,
      snapshot: r.snapshot as InstanceRow['snapshot'],
      seq: r.seq as number,
      status: r.status as 'active' | 'done',
      state: r.state as string,
      statusLabel: r.status_label as string,
      stage: (r.stage as string | null) ?? null,
      departmentQueue: (r.department_queue as string | null) ?? null,
      waitingOn: r.waiting_on as string,
      deadline: (r.deadline as Record<string, unknown> | null) ?? null,
      dueAt: iso(r.due_at),
      warnAt: iso(r.warn_at),
      timerState: (r.timer_state as string | null) ?? null,
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
    }));
  }

  async list(
    m: EntityManager,
    f: ProjectListFilter,
  ): Promise<{ rows: ProjectListRow[]; total: number; totalCapped: boolean }> {
    const params: unknown[] = [...f.access.params];
    const where: string[] = [f.access.sql];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (f.clerkDepartment !== null) where.push(reachedDepartmentSql('p.id', add(f.clerkDepartment)));
    if (f.q) where.push(nameMatchSql(f.q, add));
    if (f.stage) where.push(`c.stage = ${add(f.stage)}`);
    if (f.status) where.push(`c.status = ${add(f.status)}`);
    const overdueSql = (now: string) =>
      `EXISTS (SELECT 1 FROM workflow_instance oi WHERE oi.project_id = p.id AND oi.status = 'active' AND oi.due_at < ${now})`;
    if (f.overdue !== undefined) {
      const now = add(f.now);
      where.push(f.overdue ? overdueSql(now) : `NOT ${overdueSql(now)}`);
    }
    const from =
      () => `FROM project p LEFT JOIN enterprise e ON e.id = p.enterprise_id LEFT JOIN workflow_instance c ON c.id = p.id
                  WHERE ${where.join(' AND ')}`;
    // Counted up to PROJECT_COUNT_CAP + 1 matches: a broad search or list costs no more than that (totalCapped).
    // A search with fewer matches also returns them, and the page is then read by id: for a rare name, walking
    // the newest-first index until 20 matches turn up would read most of the table.
    const [{ total, ids }] = await m.query(
      `SELECT count(*)::int AS total,
              ${f.q ? `CASE WHEN count(*) <= ${PROJECT_COUNT_CAP} THEN array_agg(counted.id) END` : 'NULL'} AS ids
         FROM (SELECT p.id ${from()} LIMIT ${PROJECT_COUNT_CAP + 1}) AS counted`,
      params,
    );
    if (ids) where.push(`p.id = ANY(${add(ids)}::uuid[])`);
    const nowParam = add(f.now);
    const limit = add(f.limit);
    const offset = add(f.offset);
    // The page is chosen on project rows alone (the case row only where a filter needs it), then joined: the
    // case and enterprise rows are read for the page, not for every match.
    const pageFrom =
      f.stage || f.status
        ? `FROM project p LEFT JOIN workflow_instance c ON c.id = p.id WHERE ${where.join(' AND ')}`
        : `FROM project p WHERE ${where.join(' AND ')}`;
    const rows = await m.query(
      `SELECT p.id, p.code, p.name, p.enterprise_id, e.name AS enterprise_name, p.category, p.details, p.created_at,
              c.stage, c.status, c.status_label, c.timer_state, ${overdueSql(nowParam)} AS overdue
         FROM (SELECT p.id ${pageFrom} ORDER BY p.created_at DESC, p.id DESC LIMIT ${limit} OFFSET ${offset}) AS page
         JOIN project p ON p.id = page.id
         LEFT JOIN enterprise e ON e.id = p.enterprise_id
         LEFT JOIN workflow_instance c ON c.id = p.id
        ORDER BY p.created_at DESC, p.id DESC`,
      params,
    );
    return {
      total: Math.min(total, PROJECT_COUNT_CAP),
      totalCapped: total > PROJECT_COUNT_CAP,
      rows: rows.map((r: Record<string, unknown>): ProjectListRow => ({
        id: r.id as string,
        code: r.code as string,
        name: r.name as string,
        enterpriseId: r.enterprise_id as string,
        enterpriseName: (r.enterprise_name as string | null) ?? null,
        category: r.category as string,
        details: r.details as Record<string, unknown>,
        createdAt: iso(r.created_at)!,
        stage: (r.stage as string | null) ?? null,
        status: (r.status as 'active' | 'done' | null) ?? null,
        statusLabel: (r.status_label as string | null) ?? null,
        timerState: (r.timer_state as string | null) ?? null,
        overdue: r.overdue === true,
      })),
    };
  }
}

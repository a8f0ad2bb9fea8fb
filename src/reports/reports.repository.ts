import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CivilDefenseOutcome, ProjectFlags } from '../../workflows/catalog/types';
import type { HistoryEvent } from '../../workflows/savings';
import { DEFINITION_IDS } from '../../workflows/protocol';
import { reachedDepartmentSql } from '../projects/projects.repository';
import { queueDepartmentsSql, queueFlagsSql } from '../tasks/tasks.repository';

/** Which projects a zone report covers: all of them, or those that reached a clerk's department. */
export interface ZoneScope {
  department: string | null;
}

export interface ProjectHistoryRow extends HistoryEvent {
  projectId: string;
}

/** What the savings simulator needs of a project's case: its version, and on v3 the flags and bundle it holds. */
export interface SavingsCase {
  definitionVersion: number;
  flags: ProjectFlags | null;
  bundleCertificates: string[] | null;
}

export interface SampledProject extends SavingsCase {
  id: string;
  category: string;
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v)) : {};

const CIVIL_DEFENSE: readonly CivilDefenseOutcome[] = ['shelter', 'feePaid', 'exempt'];
const isCivilDefense = (v: unknown): v is CivilDefenseOutcome => CIVIL_DEFENSE.some((c) => c === v);

/** The flags in a case's context (project-case v3, also after a migration to it), null before v3. */
function flagsOf(v: unknown): ProjectFlags | null {
  const f = obj(v);
  if (typeof f.industrial !== 'boolean' || typeof f.specialConstruction !== 'boolean') return null;
  if (!isCivilDefense(f.civilDefense)) return null;
  return { industrial: f.industrial, specialConstruction: f.specialConstruction, civilDefense: f.civilDefense };
}

function certificatesOf(v: unknown): string[] | null {
  const list = obj(v).certificates;
  return Array.isArray(list) ? list.map(text) : null;
}

const savingsCase = (r: Record<string, unknown>): SavingsCase => ({
  definitionVersion: num(r.definition_version),
  flags: flagsOf(r.flags),
  bundleCertificates: certificatesOf(r.bundle),
});

/** The reports' SQL: histories for the simulator and the zone's aggregates. */
@Injectable()
export class ReportsRepository {
  /** The project's case as the simulator reads it: definition version, and the flags and bundle it holds. */
  async savingsCase(m: EntityManager, projectId: string): Promise<SavingsCase | null> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT definition_version, snapshot->'context'->'flags' AS flags, snapshot->'context'->'bundle' AS bundle
         FROM workflow_instance WHERE id = $1`,
      [projectId],
    );
    return rows[0] ? savingsCase(rows[0]) : null;
  }

  /**
   * Every event of the projects' instances with the child-key path from the case (the case, its items,
   * foundation permit and sections, and what hangs under an item: tolerance and notify commitments).
   */
  async histories(m: EntityManager, projectIds: string[]): Promise<ProjectHistoryRow[]> {
    if (projectIds.length === 0) return [];
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT i.project_id, array_remove(ARRAY[gp.child_key, par.child_key, i.child_key], NULL) AS path,
              e.type, e.payload, e.occurred_at
         FROM workflow_instance i
         LEFT JOIN workflow_instance par ON par.id = i.parent_id
         LEFT JOIN workflow_instance gp ON gp.id = par.parent_id
         JOIN workflow_event e ON e.instance_id = i.id
        WHERE i.project_id = ANY($1::uuid[])
        ORDER BY e.occurred_at, i.project_id, e.instance_id, e.seq`,
      [projectIds],
    );
    return rows.map((r) => ({
      projectId: text(r.project_id),
      path: Array.isArray(r.path) ? r.path.map(text) : [],
      type: text(r.type),
      payload: obj(r.payload),
      occurredAt: iso(r.occurred_at),
    }));
  }

  /** WHERE fragment over `project p` for the scope, parameters from $first. */
  private scoped(scope: ZoneScope, first: number): { sql: string; params: unknown[] } {
    if (scope.department === null) return { sql: 'TRUE', params: [] };
    return { sql: reachedDepartmentSql('p.id', `$${first}`), params: [scope.department] };
  }

  /** The most recent projects in scope, for the figures computed project by project (simulator, stage days). */
  async recentProjects(m: EntityManager, scope: ZoneScope, limit: number): Promise<SampledProject[]> {
    const f = this.scoped(scope, 2);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT p.id, p.category, i.definition_version, i.snapshot->'context'->'flags' AS flags,
              i.snapshot->'context'->'bundle' AS bundle
         FROM project p JOIN workflow_instance i ON i.id = p.id
        WHERE ${f.sql} ORDER BY p.created_at DESC, p.id LIMIT $1`,
      [limit, ...f.params],
    );
    return rows.map((r) => ({ id: text(r.id), category: text(r.category), ...savingsCase(r) }));
  }

  async projectTotals(m: EntityManager, scope: ZoneScope, yearStart: string) {
    const f = this.scoped(scope, 2);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT count(*) AS projects,
              count(*) FILTER (WHERE p.created_at >= $1) AS filed_this_year,
              coalesce(sum(p.investment_amount), 0) AS investment,
              count(*) FILTER (WHERE p.investment_amount IS NULL) AS without_investment
         FROM project p WHERE ${f.sql}`,
      [yearStart, ...f.params],
    );
    const r = rows[0] ?? {};
    return {
      projects: num(r.projects),
      filedThisYear: num(r.filed_this_year),
      investment: num(r.investment),
      withoutInvestment: num(r.without_investment),
    };
  }

  /**
   * Projects whose work started this year: a reported start (桩基先行) or the construction permit decided. Driven
   * from the few instances that can say so, their events then read by (instance_id, seq).
   */
  async startedSince(m: EntityManager, scope: ZoneScope, yearStart: string, permitItemKey: string): Promise<number> {
    const f = this.scoped(scope, 3);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT count(DISTINCT i.project_id) AS n
         FROM workflow_instance i JOIN project p ON p.id = i.project_id
        WHERE (i.definition_id = 'foundation-permit' OR i.child_key = $2) AND ${f.sql}
          AND EXISTS (SELECT 1 FROM workflow_event e
                       WHERE e.instance_id = i.id AND e.occurred_at >= $1
                         AND ((i.definition_id = 'foundation-permit' AND e.type = 'WORK_STARTED')
                              OR (i.child_key = $2 AND e.type IN ('APPROVE', 'APPROVE_WITH_TOLERANCE'))))`,
      [yearStart, permitItemKey, ...f.params],
    );
    return num(rows[0]?.n);
  }

  async projectsByStage(m: EntityManager, scope: ZoneScope): Promise<{ stage: string; count: number }[]> {
    const f = this.scoped(scope, 1);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT coalesce(i.stage, 'unknown') AS stage, count(*) AS n
         FROM project p JOIN workflow_instance i ON i.id = p.id WHERE ${f.sql} GROUP BY 1`,
      f.params,
    );
    return rows.map((r) => ({ stage: text(r.stage), count: num(r.n) }));
  }

  /**
   * Per department, the active instances its 待办 lists (GET /api/tasks as its clerk), and how many of them are
   * overdue or in warning now, with the queue's own rules (queueDepartmentsSql, queueFlagsSql): a joint acceptance
   * inspection counts for every department that can act on it, not only the one department_queue names. The
   * figures are per department: an inspection several departments act on is in each one's figures.
   */
  async timersByDepartment(
    m: EntityManager,
    scope: ZoneScope,
    now: string,
  ): Promise<{ department: string; overdue: number; warning: number; open: number }[]> {
    const params: unknown[] = [now, DEFINITION_IDS.projectCase];
    let where = 'd.department IS NOT NULL';
    if (scope.department !== null) {
      params.push(scope.department);
      // Only the rows that can be in that one queue are unnested (its branches' conditions, without their cut).
      where = `d.department = $3 AND (i.department_queue = $3 OR i.acting_departments @> ARRAY[$3]::text[])`;
    }
    const flags = queueFlagsSql('i', '$1::timestamptz');
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT d.department, count(*) AS open,
              count(*) FILTER (WHERE ${flags.overdue}) AS overdue,
              count(*) FILTER (WHERE ${flags.warning}) AS warning
         FROM workflow_instance i CROSS JOIN LATERAL unnest(${queueDepartmentsSql('i')}) AS d(department)
        WHERE i.status = 'active' AND i.definition_id <> $2 AND ${where}
        GROUP BY 1 ORDER BY 1`,
      params,
    );
    return rows.map((r) => ({
      department: text(r.department),
      open: num(r.open),
      overdue: num(r.overdue),
      warning: num(r.warning),
    }));
  }

  /** Open 容缺 and 告知承诺 commitments, by how far their deadline is. */
  async openCommitments(m: EntityManager, scope: ZoneScope, now: string) {
    const f = this.scoped(scope, 2);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT i.definition_id AS kind,
              CASE WHEN i.due_at IS NULL THEN 'none'
                   WHEN i.due_at <= $1 THEN 'passed'
                   WHEN i.due_at <= $1::timestamptz + interval '7 days' THEN 'week'
                   WHEN i.due_at <= $1::timestamptz + interval '30 days' THEN 'month'
                   ELSE 'later' END AS bucket,
              count(*) AS n
         FROM workflow_instance i JOIN project p ON p.id = i.project_id
        WHERE i.status = 'active' AND i.definition_id IN ('tolerance-commitment', 'notify-commitment') AND ${f.sql}
        GROUP BY 1, 2`,
      [now, ...f.params],
    );
    return rows.map((r) => ({ kind: text(r.kind), bucket: text(r.bucket), count: num(r.n) }));
  }

  /** Breaches (credit records written on a breached commitment): all, unrepaired, this year. */
  async breaches(m: EntityManager, scope: ZoneScope, yearStart: string) {
    const f = this.scoped(scope, 2);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT count(*) AS total, count(*) FILTER (WHERE c.repaired_at IS NULL) AS unrepaired,
              count(*) FILTER (WHERE c.created_at >= $1) AS this_year
         FROM credit_record c JOIN workflow_instance i ON i.id = c.instance_id JOIN project p ON p.id = i.project_id
        WHERE ${f.sql}`,
      [yearStart, ...f.params],
    );
    const r = rows[0] ?? {};
    return { total: num(r.total), unrepaired: num(r.unrepaired), thisYear: num(r.this_year) };
  }

  /** Certificates issued per month (Beijing time), from the cases' certificate records. */
  async certificatesPerMonth(m: EntityManager, scope: ZoneScope): Promise<{ month: string; count: number }[]> {
    const f = this.scoped(scope, 1);
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT to_char((c.value->>'issuedAt')::timestamptz AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month,
              count(*) AS n
         FROM project p JOIN workflow_instance i ON i.id = p.id,
              jsonb_each(coalesce(i.snapshot->'context'->'certificates', '{}'::jsonb)) c
        WHERE jsonb_typeof(c.value) = 'object' AND c.value ? 'issuedAt' AND ${f.sql}
        GROUP BY 1 ORDER BY 1`,
      f.params,
    );
    return rows.map((r) => ({ month: text(r.month), count: num(r.n) }));
  }
}

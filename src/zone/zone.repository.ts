import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DEFINITION_IDS } from '../../workflows/protocol';
import type { SqlFilter } from '../auth/access-policy';
import type { MeetingEntity } from './meeting.entity';
import type { MilestoneEntity } from './milestone.entity';
import type { ProjectTeamEntity } from './project-team.entity';

export interface ProjectRef {
  id: string;
  enterpriseId: string;
  name: string;
}

export interface ProblemRow {
  id: string;
  projectId: string;
  projectName: string;
  state: string;
  statusLabel: string;
  timerState: string | null;
  dueAt: Date | null;
  done: boolean;
  context: Record<string, unknown>;
  createdAt: Date;
}

export interface ProblemQuery {
  projectId?: string;
  department?: string;
  state?: string;
  meetingId?: string;
  /** Raised at this meeting or reviewed there (these ids). */
  atMeeting?: { meetingId: string; reviewed: string[] };
}

export interface MeetingRow {
  id: string;
  heldOn: string;
  type: string;
  place: string | null;
  link: string | null;
  leaderUserId: string;
  leaderName: string | null;
  attendees: string[];
  projectIds: string[];
  reviewedProblemIds: string[];
  decisions: string[];
  createdAt: Date;
}

/** SQL of the zone command: teams, problems as listed, meetings, milestones. */
@Injectable()
export class ZoneRepository {
  async findProject(m: EntityManager, id: string): Promise<ProjectRef | null> {
    const rows = await m.query(`SELECT id, enterprise_id, name FROM project WHERE id = $1`, [id]);
    return rows[0] ? { id: rows[0].id, enterpriseId: rows[0].enterprise_id, name: rows[0].name } : null;
  }

  async findProjects(m: EntityManager, ids: string[]): Promise<ProjectRef[]> {
    const rows = await m.query(`SELECT id, enterprise_id, name FROM project WHERE id = ANY($1::uuid[]) ORDER BY name`, [
      ids,
    ]);
    return rows.map((r: Record<string, string>) => ({ id: r.id, enterpriseId: r.enterprise_id, name: r.name }));
  }

  async team(m: EntityManager, projectId: string): Promise<ProjectTeamEntity | null> {
    const rows = await m.query(
      `SELECT project_id, key_project, leader_user_id, steward_user_id, enterprise_contact, liaisons, updated_at
         FROM project_team WHERE project_id = $1`,
      [projectId],
    );
    const r = rows[0];
    return r
      ? {
          projectId: r.project_id,
          keyProject: r.key_project,
          leaderUserId: r.leader_user_id,
          stewardUserId: r.steward_user_id,
          enterpriseContact: r.enterprise_contact,
          liaisons: r.liaisons,
          updatedAt: r.updated_at,
        }
      : null;
  }

  async saveTeam(m: EntityManager, t: Omit<ProjectTeamEntity, 'updatedAt'>): Promise<void> {
    await m.query(
      `INSERT INTO project_team (project_id, key_project, leader_user_id, steward_user_id, enterprise_contact, liaisons)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (project_id) DO UPDATE SET key_project = $2, leader_user_id = $3, steward_user_id = $4,
         enterprise_contact = $5, liaisons = $6, updated_at = now()`,
      [t.projectId, t.keyProject, t.leaderUserId, t.stewardUserId, t.enterpriseContact, t.liaisons],
    );
  }

  /** The role of an active user, or null. */
  async userRole(m: EntityManager, userId: string): Promise<string | null> {
    const rows = await m.query(`SELECT role FROM app_user WHERE id = $1 AND active`, [userId]);
    return rows[0]?.role ?? null;
  }

  /** Gives a leader or steward the project (their access reaches it through their assigned projects). */
  async assignProject(m: EntityManager, userId: string, projectId: string): Promise<void> {
    await m.query(
      `UPDATE app_user SET assigned_project_ids = array_append(assigned_project_ids, $2::uuid)
        WHERE id = $1 AND role IN ('leader', 'steward') AND NOT ($2::uuid = ANY(assigned_project_ids))`,
      [userId, projectId],
    );
  }

  /** Takes the project from a leader or steward who no longer holds it. */
  async unassignProject(m: EntityManager, userId: string, projectId: string): Promise<void> {
    await m.query(
      `UPDATE app_user SET assigned_project_ids = array_remove(assigned_project_ids, $2::uuid)
        WHERE id = $1 AND role IN ('leader', 'steward')`,
      [userId, projectId],
    );
  }

  async displayNames(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await m.query(`SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r: Record<string, string>) => [r.id, r.display_name]));
  }

  /** Problems within `filter` (over `workflow_instance i JOIN project p`), newest first, at most 500. */
  async problems(m: EntityManager, filter: SqlFilter, q: ProblemQuery): Promise<ProblemRow[]> {
    const params: unknown[] = [...filter.params];
    const add = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    const where = [`i.definition_id = ${add(DEFINITION_IDS.problem)}`, filter.sql];
    if (q.projectId) where.push(`i.project_id = ${add(q.projectId)}::uuid`);
    if (q.department) where.push(`i.snapshot->'context'->>'department' = ${add(q.department)}`);
    if (q.state) where.push(`i.state = ${add(q.state)}`);
    if (q.meetingId) where.push(`i.snapshot->'context'->>'meetingId' = ${add(q.meetingId)}`);
    if (q.atMeeting)
      where.push(
        `(i.snapshot->'context'->>'meetingId' = ${add(q.atMeeting.meetingId)} OR i.id = ANY(${add(q.atMeeting.reviewed)}::uuid[]))`,
      );
    const rows = await m.query(
      `SELECT i.id, i.project_id, p.name AS project_name, i.state, i.status_label, i.timer_state, i.due_at,
              i.status = 'done' AS done, i.snapshot->'context' AS context, i.created_at
         FROM workflow_instance i JOIN project p ON p.id = i.project_id
        WHERE ${where.join(' AND ')}
        ORDER BY i.created_at DESC, i.id LIMIT 500`,
      params,
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      projectId: r.project_id as string,
      projectName: r.project_name as string,
      state: r.state as string,
      statusLabel: r.status_label as string,
      timerState: (r.timer_state as string | null) ?? null,
      dueAt: (r.due_at as Date | null) ?? null,
      done: r.done === true,
      context: r.context as Record<string, unknown>,
      createdAt: r.created_at as Date,
    }));
  }

  async insertMeeting(m: EntityManager, row: Omit<MeetingEntity, 'createdAt'>): Promise<void> {
    await m.query(
      `INSERT INTO meeting (id, held_on, type, place, link, leader_user_id, attendees, project_ids,
                            reviewed_problem_ids, decisions, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        row.id,
        row.heldOn,
        row.type,
        row.place,
        row.link,
        row.leaderUserId,
        row.attendees,
        row.projectIds,
        row.reviewedProblemIds,
        row.decisions,
        row.createdBy,
      ],
    );
  }

  /** Meetings within `filter` (over `meeting mt`), newest first. */
  async meetings(m: EntityManager, filter: SqlFilter, id?: string): Promise<MeetingRow[]> {
    const params = [...filter.params];
    const where = [filter.sql];
    if (id) {
      params.push(id);
      where.push(`mt.id = $${params.length}::uuid`);
    }
    const rows = await m.query(
      `SELECT mt.id, to_char(mt.held_on, 'YYYY-MM-DD') AS held_on, mt.type, mt.place, mt.link, mt.leader_user_id,
              u.display_name AS leader_name, mt.attendees, mt.project_ids, mt.reviewed_problem_ids, mt.decisions,
              mt.created_at
         FROM meeting mt LEFT JOIN app_user u ON u.id = mt.leader_user_id
        WHERE ${where.join(' AND ')}
        ORDER BY mt.held_on DESC, mt.created_at DESC LIMIT 200`,
      params,
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      heldOn: r.held_on as string,
      type: r.type as string,
      place: (r.place as string | null) ?? null,
      link: (r.link as string | null) ?? null,
      leaderUserId: r.leader_user_id as string,
      leaderName: (r.leader_name as string | null) ?? null,
      attendees: r.attendees as string[],
      projectIds: r.project_ids as string[],
      reviewedProblemIds: r.reviewed_problem_ids as string[],
      decisions: r.decisions as string[],
      createdAt: r.created_at as Date,
    }));
  }

  /** The problem instances among `ids` and their projects (to check a meeting's reviewed problems). */
  async problemProjects(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await m.query(
      `SELECT id, project_id FROM workflow_instance WHERE id = ANY($1::uuid[]) AND definition_id = $2`,
      [ids, DEFINITION_IDS.problem],
    );
    return new Map(rows.map((r: Record<string, string>) => [r.id, r.project_id]));
  }

  async meetingProjects(m: EntityManager, meetingId: string): Promise<string[] | null> {
    const rows = await m.query(`SELECT project_ids FROM meeting WHERE id = $1`, [meetingId]);
    return rows[0] ? (rows[0].project_ids as string[]) : null;
  }

  async milestones(m: EntityManager, projectId: string): Promise<MilestoneEntity[]> {
    const rows = await m.query(
      `SELECT project_id, code, name, position, to_char(planned_on, 'YYYY-MM-DD') AS planned_on,
              to_char(actual_on, 'YYYY-MM-DD') AS actual_on, updated_by, updated_at
         FROM project_milestone WHERE project_id = $1 ORDER BY position`,
      [projectId],
    );
    return rows.map((r: Record<string, unknown>) => ({
      projectId: r.project_id as string,
      code: r.code as string,
      name: r.name as string,
      position: r.position as number,
      plannedOn: r.planned_on as string,
      actualOn: (r.actual_on as string | null) ?? null,
      updatedBy: (r.updated_by as string | null) ?? null,
      updatedAt: r.updated_at as Date,
    }));
  }

  /** Replaces the project's battle map with `rows` (the PUT sends the whole map). */
  async replaceMilestones(m: EntityManager, projectId: string, rows: Omit<MilestoneEntity, 'updatedAt'>[]) {
    await m.query(`DELETE FROM project_milestone WHERE project_id = $1`, [projectId]);
    for (const r of rows) {
      await m.query(
        `INSERT INTO project_milestone (project_id, code, name, position, planned_on, actual_on, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [projectId, r.code, r.name, r.position, r.plannedOn, r.actualOn, r.updatedBy],
      );
    }
  }

  /**
   * What the workflow knows of a project's milestones, from its stored events: 开工 when work was reported
   * started, 投产 when the first section was accepted (it may go into production), 竣工 when the case completed.
   */
  async workflowDates(m: EntityManager, projectId: string): Promise<Map<string, Date>> {
    const rows = await m.query(
      `SELECT 'workStart' AS code, min(e.occurred_at) AS at FROM workflow_event e
         JOIN workflow_instance i ON i.id = e.instance_id WHERE i.project_id = $1 AND e.type = 'WORK_STARTED'
       UNION ALL
       SELECT 'production', min(e.occurred_at) FROM workflow_event e WHERE e.instance_id = $1 AND e.type = 'SECTION_ACCEPTED'
       UNION ALL
       SELECT 'completion', min(e.occurred_at) FROM workflow_event e WHERE e.instance_id = $1 AND e.state_after = 'complete'`,
      [projectId],
    );
    return new Map(
      rows.filter((r: { at: Date | null }) => r.at).map((r: { code: string; at: Date }) => [r.code, r.at]),
    );
  }

  /**
   * The zone view of the projects within `filter` (over `project p`): team, open and overdue problems, overdue
   * approval work, what waits on whom. Key projects first, then by name; at most 500.
   */
  async overview(m: EntityManager, filter: SqlFilter, keyOnly: boolean): Promise<OverviewRow[]> {
    const rows = await m.query(
      `SELECT p.id, p.code, p.name, e.name AS enterprise_name, coalesce(t.key_project, false) AS key_project,
              t.leader_user_id, lu.display_name AS leader_name, t.steward_user_id, su.display_name AS steward_name,
              c.status_label AS case_status,
              (SELECT count(*)::int FROM workflow_instance i WHERE i.project_id = p.id AND i.definition_id = 'problem'
                  AND i.status = 'active') AS open_problems,
              (SELECT count(*)::int FROM workflow_instance i WHERE i.project_id = p.id AND i.definition_id = 'problem'
                  AND i.status = 'active' AND i.timer_state = 'overdue') AS overdue_problems,
              (SELECT count(*)::int FROM workflow_instance i WHERE i.project_id = p.id AND i.definition_id <> 'problem'
                  AND i.status = 'active' AND i.timer_state = 'overdue') AS overdue_work,
              (SELECT count(*)::int FROM workflow_instance i WHERE i.project_id = p.id AND i.definition_id <> 'problem'
                  AND i.status = 'active' AND i.timer_state = 'warning') AS warning_work,
              (SELECT count(*)::int FROM workflow_instance i WHERE i.project_id = p.id
                  AND i.status = 'active' AND i.waiting_on = 'enterprise') AS waiting_on_enterprise
         FROM project p
         LEFT JOIN enterprise e ON e.id = p.enterprise_id
         LEFT JOIN project_team t ON t.project_id = p.id
         LEFT JOIN app_user lu ON lu.id = t.leader_user_id
         LEFT JOIN app_user su ON su.id = t.steward_user_id
         LEFT JOIN workflow_instance c ON c.id = p.id
        WHERE ${filter.sql} ${keyOnly ? 'AND t.key_project' : ''}
        ORDER BY coalesce(t.key_project, false) DESC, p.name, p.id LIMIT 500`,
      filter.params,
    );
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      code: r.code as string,
      name: r.name as string,
      enterpriseName: (r.enterprise_name as string | null) ?? null,
      keyProject: r.key_project === true,
      leader: r.leader_user_id ? { id: r.leader_user_id as string, name: (r.leader_name as string) ?? '' } : null,
      steward: r.steward_user_id ? { id: r.steward_user_id as string, name: (r.steward_name as string) ?? '' } : null,
      caseStatus: (r.case_status as string | null) ?? null,
      openProblems: r.open_problems as number,
      overdueProblems: r.overdue_problems as number,
      overdueWork: r.overdue_work as number,
      warningWork: r.warning_work as number,
      waitingOnEnterprise: r.waiting_on_enterprise as number,
    }));
  }
}

export interface OverviewRow {
  id: string;
  code: string;
  name: string;
  enterpriseName: string | null;
  keyProject: boolean;
  leader: { id: string; name: string } | null;
  steward: { id: string; name: string } | null;
  caseStatus: string | null;
  openProblems: number;
  overdueProblems: number;
  overdueWork: number;
  warningWork: number;
  waitingOnEnterprise: number;
}

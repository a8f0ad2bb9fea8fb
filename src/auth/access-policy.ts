import { Injectable } from '@nestjs/common';
import { WINDOW_DEEMED_ACCEPTED } from '../../workflows/approval-item/approval-item.types';
import type { Actor } from '../../workflows/contract';
import { AppException } from '../common/errors/app-exception';
import type { AuthUser } from './auth-user';
import { scopeOf, type Permission, type Scope } from './permissions';

/** The two fields of a project that decide access. */
export interface ProjectRef {
  id: string;
  enterpriseId: string;
}

export type AccessMode = 'read' | 'act';

/** A WHERE fragment with positional parameters ($n), to AND into a list query over projects. */
export interface SqlFilter {
  /** 'TRUE' when the caller sees every project. */
  sql: string;
  params: unknown[];
}

/**
 * The clerk's visibility rule, as the SQL condition the repositories AND into their statements (a clerk sees a
 * project, its cases and their history only once it reached the department): some instance of the project is in
 * the department's queue now (or the department can act on it: a joint acceptance inspection is in the queue of
 * every department with an action offered, acting_departments), or a clerk of the department acted on one (its
 * history). Both lookups are indexed:
 * instances by project_id, events by (instance_id, seq). `projectIdColumn`: the project's id in the statement;
 * `param`: the placeholder of the clerk's department. A deemed acceptance (行政许可法 art. 32) is the window's answer
 * in law, recorded by the timer: it counts as the window's act, so the window keeps seeing (read-only) what it
 * received once the department holds it. The one statement of this rule: the case read
 * (EngineRepository.caseAccess), the command's lock (readForCommands), the project list and a project's check
 * (ProjectsRepository) all use it.
 */
export function reachedDepartmentSql(projectIdColumn: string, param: string): string {
  return `EXISTS (SELECT 1 FROM workflow_instance ri WHERE ri.project_id = ${projectIdColumn}
            AND (ri.department_queue = ${param} OR ${param} = ANY(ri.acting_departments)
                 OR EXISTS (SELECT 1 FROM workflow_event re WHERE re.instance_id = ri.id
                              AND ((re.actor_role = 'clerk' AND re.actor->>'department' = ${param})
                                   OR (re.type = '${WINDOW_DEEMED_ACCEPTED}' AND ${param} = '${WINDOW_DEPARTMENT}')))))`;
}

/** The department code of the 综合窗口 (the catalog's receiving window). */
export const WINDOW_DEPARTMENT = 'window';

/** Whose department decides what a caller sees: a clerk's (the rule above applies), nobody else's. */
export function clerkDepartment(user: Pick<AuthUser, 'role' | 'department'>): string | null {
  return user.role === 'clerk' ? (user.department ?? '') : null;
}

const MODE_PERMISSION: Record<AccessMode, Permission> = { read: 'project:read', act: 'case:act' };

function within(user: AuthUser, scope: Scope, project: ProjectRef): boolean {
  switch (scope) {
    case 'any':
    case 'department': // the item's department is checked by the workflow core with actor.department
      return true;
    case 'own':
      return !!user.enterpriseId && user.enterpriseId === project.enterpriseId;
    case 'assigned':
      return user.assignedProjectIds.includes(project.id.toLowerCase());
  }
}

/**
 * Object-level authorisation over projects (and everything under them: cases, items, tasks, history), from
 * the scopes in permissions.ts. A caller who may not see a project gets 404 NOT_FOUND, exactly as for a project
 * that does not exist, so nothing tells them it does.
 */
@Injectable()
export class AccessPolicy {
  /** May `user` use `permission` on `project`? (role holds it and the project is within its scope) */
  can(user: AuthUser, permission: Permission, project: ProjectRef): boolean {
    const scope = scopeOf(user.role, permission);
    return scope !== null && within(user, scope, project);
  }

  /** May `user` see `project` at all? */
  canSee(user: AuthUser, project: ProjectRef): boolean {
    return this.can(user, MODE_PERMISSION.read, project);
  }

  /**
   * Throws 404 NOT_FOUND when `user` may not see `project`, and, for mode 'act', 403 FORBIDDEN when they may
   * see it but not act on it (auditor, admin).
   */
  assertProjectAccess(user: AuthUser, project: ProjectRef, mode: AccessMode): void {
    if (!this.canSee(user, project)) throw new AppException('NOT_FOUND', '项目不存在 / Project not found');
    if (mode === 'act' && !this.can(user, MODE_PERMISSION.act, project)) {
      throw new AppException(
        'FORBIDDEN',
        `您可以查看此项目，但不能办理 / The role '${user.role}' may see this project but not act on it`,
      );
    }
  }

  /**
   * The general form of assertProjectAccess for any permission (e.g. 'history:read'): 404 NOT_FOUND when
   * `user` may not see `project`, 403 FORBIDDEN when they see it but `permission` does not reach it.
   */
  assertCan(user: AuthUser, permission: Permission, project: ProjectRef): void {
    if (!this.canSee(user, project)) throw new AppException('NOT_FOUND', '项目不存在 / Project not found');
    if (!this.can(user, permission, project)) {
      throw new AppException(
        'FORBIDDEN',
        `您在此项目上没有此操作的权限 / The role '${user.role}' lacks the permission '${permission}' here`,
      );
    }
  }

  /**
   * Enterprise-level data (the credit view): 404 NOT_FOUND unless `permission` reaches the enterprise; 'own'
   * reaches the user's own enterprise only.
   */
  assertEnterpriseAccess(user: AuthUser, permission: Permission, enterpriseId: string): void {
    const scope = scopeOf(user.role, permission);
    const ok = scope === 'any' || (scope === 'own' && !!user.enterpriseId && user.enterpriseId === enterpriseId);
    if (!ok) throw new AppException('NOT_FOUND', '未找到该企业');
  }

  /**
   * The enterprise lookup (filing on an enterprise's behalf): 403 FORBIDDEN unless `enterprise:lookup` reaches
   * the caller; a clerk's 'department' scope reaches the window's clerks only, who file at the counter.
   */
  assertEnterpriseLookup(user: AuthUser): void {
    const scope = scopeOf(user.role, 'enterprise:lookup');
    const ok = scope === 'any' || (scope === 'department' && user.department === WINDOW_DEPARTMENT);
    if (!ok) throw new AppException('FORBIDDEN', '只有项目管家、综合窗口工作人员和系统管理员可以查找企业');
  }

  /**
   * The workflow Actor for `user` acting on `project`: a clerk carries its department (the core checks that the
   * item belongs to it), an enterprise user its enterprise, a steward acts on behalf of the project's enterprise.
   * Call assertProjectAccess(user, project, 'act') first; this only builds the value.
   */
  actorFor(user: AuthUser, project: ProjectRef): Actor {
    const actor: Actor = { userId: user.id, role: user.role };
    if (user.role === 'clerk' && user.department) actor.department = user.department;
    if (user.role === 'enterprise' && user.enterpriseId) actor.enterpriseId = user.enterpriseId;
    if (user.role === 'steward') actor.onBehalfOf = project.enterpriseId;
    return actor;
  }

  /**
   * May an actor built by actorFor (so already within the project's reach for acting) use `permission` there?
   * For the views that know the actor only: a permission whose scopes match case:act's (material:upload).
   */
  actorMay(actor: Actor, permission: Permission): boolean {
    return scopeOf(actor.role, permission) !== null;
  }

  /**
   * The department a report under `permission` is limited to: the clerk's own where the permission reaches
   * their department only, null where it reaches everything. Call only for a role that holds the permission.
   */
  reportDepartment(user: AuthUser, permission: Permission): string | null {
    return scopeOf(user.role, permission) === 'department' ? (user.department ?? '') : null;
  }

  /**
   * The projects `user` may list, as `sql` to AND into a WHERE clause, its parameters numbered from
   * `firstParam` ($1 by default). `columns` names the project's id and enterprise columns in the query
   * (default `id`, `enterprise_id`; pass e.g. { id: 'p.id', enterpriseId: 'p.enterprise_id' } with an alias).
   */
  projectFilter(
    user: AuthUser,
    firstParam = 1,
    columns: { id: string; enterpriseId: string } = { id: 'id', enterpriseId: 'enterprise_id' },
  ): SqlFilter {
    const scope = scopeOf(user.role, MODE_PERMISSION.read);
    switch (scope) {
      case 'any':
      case 'department':
        return { sql: 'TRUE', params: [] };
      case 'own':
        return user.enterpriseId
          ? { sql: `${columns.enterpriseId} = $${firstParam}`, params: [user.enterpriseId] }
          : { sql: 'FALSE', params: [] };
      case 'assigned':
        return { sql: `${columns.id} = ANY($${firstParam}::uuid[])`, params: [user.assignedProjectIds] };
      default:
        return { sql: 'FALSE', params: [] };
    }
  }

  /**
   * The problems (问题清单) `user` may list, over `workflow_instance i JOIN project p`: those of the projects
   * they see, and for a clerk only those assigned to their department (a pending one is assigned to nobody yet).
   */
  problemFilter(user: AuthUser, firstParam = 1): SqlFilter {
    if (user.role === 'clerk') {
      return {
        sql: `(i.snapshot->'context'->>'department' = $${firstParam} AND i.state <> 'pending')`,
        params: [user.department ?? ''],
      };
    }
    return this.projectFilter(user, firstParam, { id: 'p.id', enterpriseId: 'p.enterprise_id' });
  }

  /**
   * The meetings `user` may list, over `meeting mt`: those that visited a project they see. A clerk sees none
   * (meetings reach departments through the problems assigned to them).
   */
  meetingFilter(user: AuthUser, firstParam = 1): SqlFilter {
    if (scopeOf(user.role, 'meeting:read') === null) return { sql: 'FALSE', params: [] };
    const projects = this.projectFilter(user, firstParam, { id: 'mp.id', enterpriseId: 'mp.enterprise_id' });
    return {
      sql: `EXISTS (SELECT 1 FROM project mp WHERE mp.id = ANY(mt.project_ids) AND ${projects.sql})`,
      params: projects.params,
    };
  }
}

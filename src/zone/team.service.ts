import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { departmentName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { EditVersions } from '../common/edit-version/edit-version.service';
import { AppException } from '../common/errors/app-exception';
import { UsersService } from '../users/users.service';
import type { ProjectTeamDto } from './dto/team.dto';
import { ZoneRepository, type ProjectRef } from './zone.repository';
import { validationFailed, type FieldProblem } from './field-problems';

export interface TeamView {
  projectId: string;
  keyProject: boolean;
  leader: { id: string; name: string } | null;
  steward: { id: string; name: string } | null;
  enterpriseContact: { name: string; phone?: string } | null;
  liaisons: { department: string; departmentName: string; name: string; phone?: string }[];
  /** What If-Match sends back to replace this team (also the ETag). */
  version: number;
  /** Whether the caller may replace this team (team:manage): the UI offers its form only then. */
  canEdit: boolean;
}

/** A project's key-project flag and its team (包保制 leader, 1+1+N). */
@Injectable()
export class TeamService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ZoneRepository,
    private readonly access: AccessPolicy,
    private readonly users: UsersService,
    private readonly versions: EditVersions,
  ) {}

  async visibleProject(user: AuthUser, projectId: string, m: EntityManager = this.dataSource.manager) {
    const project = await this.repo.findProject(m, projectId);
    if (!project || !this.access.canSee(user, project)) throw new AppException('NOT_FOUND', '项目不存在');
    return project;
  }

  async get(user: AuthUser, projectId: string): Promise<TeamView> {
    const project = await this.visibleProject(user, projectId);
    return this.view(this.dataSource.manager, project, user);
  }

  /** Replaces the team; `ifMatch` (the version read) refuses it when someone saved in between. */
  async put(user: AuthUser, projectId: string, dto: ProjectTeamDto, ifMatch?: number): Promise<TeamView> {
    const touched: string[] = [];
    const view = await this.dataSource.transaction(async (m) => {
      const project = await this.repo.findProject(m, projectId);
      if (!project) throw new AppException('NOT_FOUND', '项目不存在');
      this.access.assertCan(user, 'team:manage', project);
      const problems: FieldProblem[] = [];
      const checkRole = async (field: string, id: string | null | undefined, role: string, label: string) => {
        if (id && (await this.repo.userRole(m, id)) !== role)
          problems.push({ field, problems: [`须为在用的${label}账号`] });
      };
      await checkRole('leaderUserId', dto.leaderUserId, 'leader', '项目长');
      await checkRole('stewardUserId', dto.stewardUserId, 'steward', '项目管家');
      if (dto.enterpriseContact && !dto.enterpriseContact.name.trim())
        problems.push({ field: 'enterpriseContact.name', name: '企业联系人', problems: ['须填写联系人姓名'] });
      for (const [code, contact] of Object.entries(dto.liaisons ?? {})) {
        if (!catalog.departments.some((d) => d.code === code)) {
          problems.push({ field: `liaisons.${code}`, name: '联络员', problems: ['未知部门'] });
          continue;
        }
        // The liaisons map is not a DTO class, so ContactDto's limits (name ≤ 100, phone 1–40) are checked here.
        const name = `${departmentName(catalog, code)}联络员`;
        if (!contact || typeof contact.name !== 'string' || !contact.name.trim())
          problems.push({ field: `liaisons.${code}.name`, name, problems: ['须填写联络员姓名'] });
        else if (contact.name.length > 100)
          problems.push({ field: `liaisons.${code}.name`, name, problems: ['姓名不能超过100个字'] });
        const phone: unknown = contact?.phone;
        if (phone !== undefined && (typeof phone !== 'string' || phone.length < 1 || phone.length > 40))
          problems.push({ field: `liaisons.${code}.phone`, name: `${name}电话`, problems: ['应为1至40个字符'] });
      }
      if (problems.length) throw validationFailed(problems);
      await this.versions.advance(m, 'team', projectId, ifMatch);
      const before = await this.repo.team(m, projectId);
      const changes = [
        [before?.leaderUserId ?? null, dto.leaderUserId ?? null],
        [before?.stewardUserId ?? null, dto.stewardUserId ?? null],
      ];
      // Their accounts' projects change: an admin's user form read before this must not write them back. The
      // versions before the rows, in the order every writer of an account takes them (PATCH /api/users/:id too), so
      // this and a concurrent user edit wait on each other instead of deadlocking.
      const moved = [...new Set(changes.filter(([was, now]) => was !== now).flat())].filter((x): x is string => !!x);
      for (const id of moved.sort()) await this.versions.advance(m, 'user', id, undefined);
      for (const [was, now] of changes) {
        if (was && was !== now) await this.repo.unassignProject(m, was, projectId);
        if (now) await this.repo.assignProject(m, now, projectId);
        touched.push(...[was, now].filter((x): x is string => !!x));
      }
      await this.repo.saveTeam(m, {
        projectId,
        keyProject: dto.keyProject,
        leaderUserId: dto.leaderUserId ?? null,
        stewardUserId: dto.stewardUserId ?? null,
        enterpriseContact: dto.enterpriseContact ?? null,
        liaisons: Object.fromEntries(
          Object.entries(dto.liaisons ?? {}).map(([k, c]) => [
            k,
            c.phone ? { name: c.name, phone: c.phone } : { name: c.name },
          ]),
        ),
      });
      return this.view(m, project, user);
    });
    // Their access reaches the project through their accounts, which requests read from a short cache.
    for (const id of touched) this.users.invalidate(id);
    return view;
  }

  async view(m: EntityManager, project: ProjectRef, user: AuthUser): Promise<TeamView> {
    const team = await this.repo.team(m, project.id);
    const version = await this.versions.current(m, 'team', project.id);
    const names = await this.repo.displayNames(
      m,
      [team?.leaderUserId, team?.stewardUserId].filter((x): x is string => !!x),
    );
    const person = (id: string | null | undefined) => (id ? { id, name: names.get(id) ?? '' } : null);
    return {
      projectId: project.id,
      keyProject: team?.keyProject ?? false,
      leader: person(team?.leaderUserId),
      steward: person(team?.stewardUserId),
      enterpriseContact: team?.enterpriseContact ?? null,
      liaisons: Object.entries(team?.liaisons ?? {}).map(([department, c]) => ({
        department,
        departmentName: departmentName(catalog, department),
        ...c,
      })),
      version,
      canEdit: this.access.can(user, 'team:manage', project),
    };
  }
}

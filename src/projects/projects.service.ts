import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import {
  INSTANCE_CREATED,
  type Actor,
  type DeadlineSpec,
  type EventSpec,
  type PersistedSnapshot,
} from '../../workflows/contract';
// New projects run on the corrected catalog (v2); its items and materials are what a filing is checked against.
import {
  itemsForProject,
  suizhouHighTechZoneCatalog as releasedCatalog,
  suizhouHighTechZoneCatalogV2 as catalog,
  type ProjectFlags,
} from '../../workflows/catalog';
import { DEFINITION_IDS } from '../../workflows/protocol';
import type { ProjectCaseInput } from '../../workflows/project-case/project-case.machine';
import { PROJECT_CASE_FLAGS_VERSION } from '../../workflows/project-case/project-case.definition';
import { AccessPolicy, clerkDepartment } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService } from '../cases/case-view.service';
import { CommandService } from '../cases/command.service';
import { DefinitionRegistry } from '../cases/definition-registry';
import { Clock } from '../common/clock';
import { EditVersions } from '../common/edit-version/edit-version.service';
import { CreditRepository } from '../credit/credit.repository';
import { NamesRepository } from '../labels/names.repository';
import { AppException } from '../common/errors/app-exception';
import type { CreateProjectDto } from './dto/create-project.dto';
import type { ListProjectsQuery } from './dto/list-projects.query';
import { IdempotentTransaction, type IdempotentResult } from '../cases/idempotent-transaction';
import {
  buildProjectStatus,
  COMPLETE_STAGE,
  type DeadlineOut,
  type ProjectStatus,
  TIMER_STATE_LABELS,
} from './project-status';
import { categoryMismatch } from './project-options';
import { ProjectsRepository, type InstanceRow, type ProjectRow } from './projects.repository';
import { STAGES } from '../../workflows/catalog';

/** A bad field: its path and English problems (details, for developers) and the zh-CN sentence people read. */
type Problem = { field: string; problems: string[]; zh: string };

function invalid(problems: Problem[]): AppException {
  return new AppException(
    'VALIDATION_FAILED',
    problems.map((p) => p.zh).join('；'),
    problems.map(({ field, problems, zh }) => ({ field, problems, problem: zh })),
  );
}

/** A project code as people type it (项目编号, any case): searched exactly, not as part of a name. */
const PROJECT_CODE = /^SZGX-\d{4}-\d{1,9}$/i;

/** A search term: a project code matches that project exactly, anything else a part of the name. */
export function searchTerms(raw: string | undefined): { q?: string; code?: string } {
  const term = raw?.trim();
  if (!term) return {};
  return PROJECT_CODE.test(term) ? { code: term.toUpperCase() } : { q: term };
}

/** The steward (项目管家) assigned to a project, on its list row and its status. */
export interface WithSteward {
  steward: { id: string; name: string } | null;
}

/** 'SZGX-2026-0001': zone prefix, the year in Beijing time, a number from the project_code_seq sequence. */
export function projectCode(now: Date, n: number): string {
  const year = new Date(now.getTime() + 8 * 3600_000).getUTCFullYear();
  return `SZGX-${year}-${String(n).padStart(4, '0')}`;
}

/** The section key the workflow uses: stable, short, unique within the project. */
const sectionKey = (index: number) => `section-${index + 1}`;

export interface CreateProjectOptions {
  /** Seeding and scripts: when the application was filed (defaults to the clock). */
  occurredAt?: string;
  /** Extra facts kept in project.details (e.g. the demo marker). */
  extraDetails?: Record<string, unknown>;
}

@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ProjectsRepository,
    private readonly commands: CommandService,
    private readonly definitions: DefinitionRegistry,
    private readonly views: CaseViewService,
    private readonly access: AccessPolicy,
    private readonly idempotent: IdempotentTransaction,
    private readonly clock: Clock,
    private readonly credit: CreditRepository,
    private readonly names: NamesRepository,
    private readonly versions: EditVersions,
  ) {}

  /** The enterprise the project is filed for, from the caller's role; 403/400 when the caller may not file it. */
  private applicantFor(user: AuthUser, dto: CreateProjectDto): string {
    switch (user.role) {
      case 'enterprise':
        if (!user.enterpriseId) throw new AppException('FORBIDDEN', '您的账号未关联建设单位，不能申报项目');
        if (dto.enterpriseId !== undefined && dto.enterpriseId !== user.enterpriseId) {
          throw invalid([
            {
              field: 'enterpriseId',
              problems: ['an enterprise files projects for itself only'],
              zh: '建设单位只能为本单位申报项目',
            },
          ]);
        }
        return user.enterpriseId;
      case 'steward':
      case 'clerk':
        if (user.role === 'clerk' && user.department !== 'window') {
          throw new AppException('FORBIDDEN', '只有综合窗口工作人员可以代建设单位申报项目');
        }
        if (!dto.enterpriseId) {
          throw invalid([
            {
              field: 'enterpriseId',
              problems: [`required when a ${user.role} files for an enterprise`],
              zh: '请选择建设单位',
            },
          ]);
        }
        return dto.enterpriseId;
      default:
        throw new AppException('FORBIDDEN', '当前角色不能申报项目', {
          reason: `The role '${user.role}' may not create projects`,
        });
    }
  }

  /** Business checks of the request beyond its DTO shape, naming the field. */
  private inputProblems(dto: CreateProjectDto): Problem[] {
    const problems: Problem[] = [];
    const mismatch = categoryMismatch(dto.category, dto.investorType, dto.landSupplyMode);
    if (mismatch)
      problems.push({
        field: mismatch.field,
        problems: [mismatch.problem],
        zh: '「项目类别」与投资主体或土地供应方式不符',
      });
    if (dto.practices.stagedAcceptance && !(dto.sections?.length ?? 0)) {
      problems.push({
        field: 'sections',
        problems: ['staged acceptance needs at least one section'],
        zh: '分段竣工验收须申报至少一个验收分段',
      });
    }
    const names = (dto.sections ?? []).map((s) => s.name.trim());
    if (new Set(names).size !== names.length)
      problems.push({ field: 'sections', problems: ['section names must be unique'], zh: '验收分段名称不能重复' });
    for (const [itemCode, codes] of Object.entries(dto.missingMaterials ?? {})) {
      const item = itemsForProject(catalog, projectFlags(dto)).find((i) => i.code === itemCode);
      const field = `missingMaterials.${itemCode}`;
      if (!item) {
        problems.push({
          field,
          problems: ['unknown item code, or an item this project does not go through'],
          zh: '容缺材料所属的事项不存在，或本项目无需办理该事项',
        });
        continue;
      }
      if (!Array.isArray(codes) || !codes.every((c) => typeof c === 'string')) {
        problems.push({
          field,
          problems: ['must be an array of material codes'],
          zh: `「${item.name}」的容缺材料格式不正确`,
        });
        continue;
      }
      const unknown = codes.filter((c) => !item.materials.some((m) => m.code === c));
      if (unknown.length)
        problems.push({
          field,
          problems: [`not materials of ${item.code}: ${unknown.join(', ')}`],
          zh: `所选材料不属于「${item.name}」`,
        });
    }
    return problems;
  }

  private caseInput(projectId: string, enterpriseId: string, dto: CreateProjectDto): ProjectCaseInput {
    const input: ProjectCaseInput = {
      projectId,
      name: dto.name.trim(),
      enterpriseId,
      category: dto.category,
      practices: {
        foundationFirst: dto.practices.foundationFirst,
        tolerance: dto.practices.tolerance,
        notifyCommit: dto.practices.notifyCommit,
        jointIssuance: dto.practices.jointIssuance,
        stagedAcceptance: dto.practices.stagedAcceptance,
      },
    };
    if (dto.sections?.length)
      input.sections = dto.sections.map((s, i) => ({ key: sectionKey(i), name: s.name.trim() }));
    if (dto.missingMaterials && Object.keys(dto.missingMaterials).length) {
      input.submittedMaterials = Object.fromEntries(
        Object.entries(dto.missingMaterials).map(([code, missing]) => {
          const item = itemsForProject(catalog, projectFlags(dto)).find((i) => i.code === code);
          return [code, (item?.materials ?? []).map((m) => m.code).filter((m) => !missing.includes(m))];
        }),
      );
    }
    input.flags = projectFlags(dto);
    if (dto.permittedFloorArea !== undefined) input.permittedFloorArea = dto.permittedFloorArea;
    if (dto.requiredGreenRatio !== undefined) input.requiredGreenRatio = dto.requiredGreenRatio;
    return input;
  }

  /**
   * Files a project: in ONE transaction the project row (code from a sequence) and its case (INSTANCE_CREATED of
   * the latest project-case version, which opens the first stage's items). Anything refused rolls back whole.
   */
  async createIn(
    m: EntityManager,
    user: AuthUser,
    dto: CreateProjectDto,
    opts: CreateProjectOptions = {},
  ): Promise<{ projectId: string; actor: Actor }> {
    const enterpriseId = this.applicantFor(user, dto);
    const problems = this.inputProblems(dto);
    if (problems.length) throw invalid(problems);
    if (!(await this.repo.enterpriseExists(m, enterpriseId))) {
      throw invalid([{ field: 'enterpriseId', problems: ['unknown enterprise'], zh: '建设单位不存在' }]);
    }
    const id = randomUUID();
    const occurredAt = opts.occurredAt ?? this.clock.now().toISOString();
    const code = projectCode(new Date(occurredAt), await this.repo.nextCodeNumber(m));
    await this.repo.insertProject(m, {
      id,
      code,
      name: dto.name.trim(),
      enterpriseId,
      category: dto.category,
      flags: projectFlags(dto),
      investmentAmount: dto.investmentAmount,
      createdAt: occurredAt,
      details: {
        investorType: dto.investorType,
        landSupplyMode: dto.landSupplyMode,
        practices: dto.practices,
        sections: (dto.sections ?? []).map((s, i) => ({
          key: sectionKey(i),
          name: s.name.trim(),
          area: s.area ?? null,
        })),
        missingMaterials: dto.missingMaterials ?? {},
        filedBy: { userId: user.id, role: user.role },
        ...opts.extraDetails,
      },
    });
    if (user.role === 'steward') {
      // The steward's projects change: an admin's user form read before this must not write them back. The version
      // first, as every writer of the account takes it, so two writers never lock in opposite orders.
      await this.versions.advance(m, 'user', user.id, undefined);
      await this.repo.assignSteward(m, user.id, id);
    }
    const actor = this.access.actorFor(user, { id, enterpriseId });
    const definition = this.definitions.latest(DEFINITION_IDS.projectCase);
    const created = await this.commands.create(m, {
      id,
      definitionId: definition.id,
      definitionVersion: definition.version,
      projectId: id,
      event: { type: INSTANCE_CREATED, payload: this.caseInput(id, enterpriseId, dto), actor, occurredAt },
    });
    if (!created.ok) {
      if (created.code === 'INVALID_PAYLOAD') {
        const details = (created.details as { path: string; message: string; zh?: string }[] | undefined) ?? [];
        throw new AppException(
          'VALIDATION_FAILED',
          created.message,
          details.map((d) => ({ field: d.path, problems: [d.message], problem: d.zh ?? '不符合要求' })),
        );
      }
      throw new AppException(
        created.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'RULE_VIOLATION',
        created.message,
        created.details,
      );
    }
    return { projectId: id, actor };
  }

  /** POST /api/projects: creation with an optional Idempotency-Key; answers the project's status. */
  async create(
    user: AuthUser,
    dto: CreateProjectDto,
    idempotency: { key?: string; requestHash: string },
  ): Promise<IdempotentResult<ProjectStatus>> {
    return this.idempotent.run(
      { scope: user.id, key: idempotency.key, requestHash: idempotency.requestHash, statusCode: 201 },
      async (m) => {
        const { projectId, actor } = await this.createIn(m, user, dto);
        return this.statusIn(m, projectId, actor);
      },
    );
  }

  /** 404 for a project that does not exist or that `user` may not see — the same answer, so nothing leaks. */
  async assertVisible(user: AuthUser, projectId: string, m: EntityManager = this.dataSource.manager) {
    const project = await this.repo.findProject(m, projectId);
    if (!project || !this.access.canSee(user, project))
      throw new AppException('NOT_FOUND', '项目不存在 / Project not found');
    const department = clerkDepartment(user);
    if (department !== null && !(await this.repo.projectReachedDepartment(m, projectId, department))) {
      throw new AppException('NOT_FOUND', '项目不存在 / Project not found');
    }
    return project;
  }

  async status(user: AuthUser, projectId: string): Promise<ProjectStatus & WithSteward> {
    const project = await this.assertVisible(user, projectId);
    const actor = this.access.can(user, 'case:act', project) ? this.access.actorFor(user, project) : null;
    // The project row assertVisible read is the one the status shows: not read a second time.
    return this.statusOf(this.dataSource.manager, project, actor);
  }

  async statusIn(m: EntityManager, projectId: string, caller: Actor | null): Promise<ProjectStatus & WithSteward> {
    const project = await this.repo.findProject(m, projectId);
    if (!project) throw new AppException('NOT_FOUND', '项目不存在 / Project not found');
    return this.statusOf(m, project, caller);
  }

  private async statusOf(m: EntityManager, project: ProjectRow, caller: Actor | null) {
    const projectId = project.id;
    const instances = await this.repo.instancesOf(m, projectId);
    const root = instances.find((i) => i.id === projectId);
    // The enterprise's credit facts, so the actions offered are judged as the events would be (offered = accepted).
    const at = this.clock.now().toISOString();
    const circumstances = {
      facts: { enterprise: (await this.credit.factsOf([project.enterpriseId], at)).get(project.enterpriseId) },
      at,
    };
    const steward = (await this.names.stewardsOf([projectId], m)).get(projectId.toLowerCase()) ?? null;
    // The definitions' offers, per instance and actor, computed once for both passes below.
    const offers = new Map<string, EventSpec[]>();
    const offered = (i: InstanceRow, actor: Actor): EventSpec[] => {
      const key = `${i.id}|${JSON.stringify(actor)}`;
      let events = offers.get(key);
      if (!events) {
        events =
          i.status === 'active'
            ? this.definitions
                .get(i.definitionId, i.definitionVersion)
                .allowedEvents(i.snapshot as PersistedSnapshot, actor, circumstances)
                .filter((e) => !e.roles.every((r) => r === 'system'))
            : [];
        offers.set(key, events);
      }
      return events;
    };
    const build = (allowedEvents: (i: InstanceRow, actor: Actor) => EventSpec[]) =>
      buildProjectStatus(project, instances, {
        // Cases before project-case v3 run on the released catalog: they are shown with its names and departments.
        catalog: root && root.definitionVersion < PROJECT_CASE_FLAGS_VERSION ? releasedCatalog : catalog,
        caller,
        deadline: (spec) => this.deadline(spec),
        clockUse: (spec) => this.views.clockUse(spec),
        allowedEvents,
      });
    // The API's gates narrow only some event types (uploads); they read what they need for the instances that
    // offer those, which most statuses have none of: then the first pass is the answer, two round trips fewer.
    const concerned = new Set<string>();
    const status = build((i, actor) => {
      const events = offered(i, actor);
      if (this.views.gatesConcern(events)) concerned.add(i.id);
      return events;
    });
    if (!concerned.size) return { ...status, steward };
    const narrow = await this.views.offers([...concerned]);
    return {
      ...build((i, actor) =>
        concerned.has(i.id) ? narrow(i.id, i.snapshot.context, offered(i, actor)) : offered(i, actor),
      ),
      steward,
    };
  }

  deadline(spec: DeadlineSpec | null): DeadlineOut | null {
    const v = this.views.deadlineView(spec);
    if (!v) return null;
    return {
      kind: v.kind,
      label: v.label,
      dueDate: v.dueDate,
      dueAt: v.dueAt,
      unit: v.unit,
      remaining: v.remaining,
      remainingUnit: v.remainingUnit,
      remainingWorkingDays: v.remaining,
      paused: v.paused,
      uncoveredYears: v.uncoveredYears,
    };
  }

  async list(user: AuthUser, query: ListProjectsQuery) {
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const { rows, total, totalCapped } = await this.repo.list(this.dataSource.manager, {
      access: this.access.projectFilter(user, 1, { id: 'p.id', enterpriseId: 'p.enterprise_id' }),
      clerkDepartment: clerkDepartment(user),
      ...searchTerms(query.q),
      stage: query.stage,
      status: query.status,
      overdue: query.overdue,
      now: this.clock.now().toISOString(),
      limit,
      offset,
    });
    const stageName = (key: string | null) => catalog.stages.find((s) => s.key === key)?.name ?? null;
    const stewards = await this.names.stewardsOf(rows.map((r) => r.id));
    return {
      items: rows.map((r) => {
        const category = catalog.projectCategories.find((c) => c.code === r.category);
        return {
          id: r.id,
          code: r.code,
          name: r.name,
          enterprise: { id: r.enterpriseId, name: r.enterpriseName },
          /** The steward (项目管家) assigned to the project, if any. */
          steward: stewards.get(r.id.toLowerCase()) ?? null,
          category: { code: r.category, name: category?.name ?? r.category },
          // A completed case keeps its last stage in the stage column; the row says completed, as the page does.
          stage:
            r.status === 'done'
              ? COMPLETE_STAGE
              : r.stage && (STAGES as readonly string[]).includes(r.stage)
                ? { key: r.stage, name: stageName(r.stage) }
                : null,
          status: r.status,
          statusLabel: r.statusLabel,
          timerState: r.timerState,
          timerStateLabel: r.timerState ? (TIMER_STATE_LABELS[r.timerState] ?? r.timerState) : null,
          overdue: r.overdue,
          practices: (r.details as { practices?: unknown }).practices ?? null,
          createdAt: r.createdAt,
        };
      }),
      /** With totalCapped, a lower bound: more than 1,000 projects match. */
      total,
      totalCapped,
      limit,
      offset,
    };
  }
}

/** The flags a project is filed with (catalog v2): industrial and 特殊建设工程 default to false; 人防 to exempt
 * for an industrial project (production buildings are exempt) and to a shelter otherwise. */
export function projectFlags(
  dto: Pick<CreateProjectDto, 'industrial' | 'specialConstruction' | 'civilDefense'>,
): ProjectFlags {
  const industrial = dto.industrial ?? false;
  return {
    industrial,
    specialConstruction: dto.specialConstruction ?? false,
    civilDefense: dto.civilDefense ?? (industrial ? 'exempt' : 'shelter'),
  };
}

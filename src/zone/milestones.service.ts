import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { EditVersions } from '../common/edit-version/edit-version.service';
import { AppException } from '../common/errors/app-exception';
import type { PutMilestonesDto } from './dto/milestone.dto';
import {
  beijingDate,
  isIsoDate,
  MILESTONE_STATUS_LABELS,
  milestoneStatus,
  STANDARD_MILESTONES,
  type MilestoneStatus,
} from './milestone-status';
import { ZoneRepository, type ProjectRef } from './zone.repository';
import { validationFailed, type FieldProblem } from './field-problems';

export interface MilestoneView {
  code: string;
  name: string;
  standard: boolean;
  plannedOn: string;
  actualOn: string | null;
  /** 'workflow' when the workflow recorded it (it wins over an entered date), 'steward' when entered. */
  actualSource: 'workflow' | 'steward' | null;
  status: MilestoneStatus;
  statusLabel: string;
  daysLate: number;
}

export interface BattleMap {
  project: { id: string; name: string };
  today: string;
  milestones: MilestoneView[];
  slipping: number;
  warnings: number;
  /** What If-Match sends back to replace this map (also the ETag). */
  version: number;
}

/** The battle map (作战图) of a project: planned milestones, actual dates, 滞后 and warnings. */
@Injectable()
export class MilestonesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ZoneRepository,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    private readonly versions: EditVersions,
  ) {}

  private async project(m: EntityManager, user: AuthUser, projectId: string): Promise<ProjectRef> {
    const project = await this.repo.findProject(m, projectId);
    if (!project || !this.access.canSee(user, project)) throw new AppException('NOT_FOUND', '项目不存在');
    return project;
  }

  async get(user: AuthUser, projectId: string): Promise<BattleMap> {
    const m = this.dataSource.manager;
    const project = await this.project(m, user, projectId);
    this.access.assertCan(user, 'milestone:read', project);
    return this.map(m, project);
  }

  /** Replaces the map; `ifMatch` (the version read) refuses it when someone saved in between. */
  async put(user: AuthUser, projectId: string, dto: PutMilestonesDto, ifMatch?: number): Promise<BattleMap> {
    return this.dataSource.transaction(async (m) => {
      const project = await this.project(m, user, projectId);
      this.access.assertCan(user, 'milestone:manage', project);
      const problems: FieldProblem[] = [];
      const codes = new Set<string>();
      const rows = dto.milestones.map((x, i) => {
        const standard = STANDARD_MILESTONES.find((s) => s.code === x.code);
        const code = x.code ?? `extra-${i + 1}`;
        const field = `milestones[${i}]`;
        if (codes.has(code))
          problems.push({ field: `${field}.code`, name: `里程碑（第 ${i + 1} 项）`, problems: ['里程碑重复'] });
        codes.add(code);
        if (!standard && !x.name?.trim()) problems.push({ field: `${field}.name`, problems: ['新增里程碑须填写名称'] });
        if (!isIsoDate(x.plannedOn)) problems.push({ field: `${field}.plannedOn`, problems: ['不是有效日期'] });
        if (x.actualOn && !isIsoDate(x.actualOn))
          problems.push({ field: `${field}.actualOn`, problems: ['不是有效日期'] });
        return {
          projectId,
          code,
          name: standard?.name ?? x.name?.trim() ?? '',
          position: i + 1,
          plannedOn: x.plannedOn,
          actualOn: x.actualOn ?? null,
          updatedBy: user.id,
        };
      });
      if (problems.length) throw validationFailed(problems);
      await this.versions.advance(m, 'milestones', projectId, ifMatch);
      await this.repo.replaceMilestones(m, projectId, rows);
      return this.map(m, project);
    });
  }

  async map(m: EntityManager, project: ProjectRef): Promise<BattleMap> {
    const today = beijingDate(this.clock.now());
    const [stored, known, version] = await Promise.all([
      this.repo.milestones(m, project.id),
      this.repo.workflowDates(m, project.id),
      this.versions.current(m, 'milestones', project.id),
    ]);
    const milestones = stored.map((s): MilestoneView => {
      const fromWorkflow = known.get(s.code);
      const actualOn = fromWorkflow ? beijingDate(new Date(fromWorkflow)) : s.actualOn;
      const { status, daysLate } = milestoneStatus(s.plannedOn, actualOn, today);
      return {
        code: s.code,
        name: s.name,
        standard: STANDARD_MILESTONES.some((x) => x.code === s.code),
        plannedOn: s.plannedOn,
        actualOn,
        actualSource: fromWorkflow ? 'workflow' : s.actualOn ? 'steward' : null,
        status,
        statusLabel: MILESTONE_STATUS_LABELS[status],
        daysLate,
      };
    });
    return {
      project: { id: project.id, name: project.name },
      today,
      milestones,
      slipping: milestones.filter((x) => x.status === 'slipping').length,
      warnings: milestones.filter((x) => x.status === 'warning').length,
      version,
    };
  }
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { INSTANCE_CREATED } from '../../workflows/contract';
import { departmentName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { DEFINITION_IDS } from '../../workflows/protocol';
import { PROBLEM_CATEGORIES, type ProblemContext } from '../../workflows/problem/problem.machine';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService } from '../cases/case-view.service';
import { CommandService } from '../cases/command.service';
import { DefinitionRegistry } from '../cases/definition-registry';
import { IdempotentTransaction, type IdempotentResult } from '../cases/idempotent-transaction';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { TIMER_STATE_LABELS } from '../projects/project-status';
import type { ListProblemsQuery, RaiseProblemDto } from './dto/problem.dto';
import { ZoneRepository, type ProblemRow } from './zone.repository';

const ROLE_LABELS: Record<string, string> = { enterprise: '企业', steward: '项目管家', leader: '项目长' };

export interface ProblemView {
  id: string;
  project: { id: string; name: string };
  title: string;
  description: string | null;
  category: { code: string; name: string };
  department: { code: string; name: string };
  limitWorkingDays: number;
  state: string;
  statusLabel: string;
  timerState: string | null;
  timerStateLabel: string | null;
  dueAt: string | null;
  overdue: boolean;
  done: boolean;
  meetingId: string | null;
  raisedBy: { role: string; roleLabel: string };
  raisedAt: string;
  resolution: string | null;
  escalations: { at: string; department: string; departmentName: string; reason: string }[];
}

/** 问题清单: raising a problem starts a `problem` instance; its events go through the usual case routes. */
@Injectable()
export class ProblemsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ZoneRepository,
    private readonly commands: CommandService,
    private readonly definitions: DefinitionRegistry,
    private readonly views: CaseViewService,
    private readonly access: AccessPolicy,
    private readonly idempotent: IdempotentTransaction,
    private readonly clock: Clock,
  ) {}

  async raise(
    user: AuthUser,
    dto: RaiseProblemDto,
    idempotency: { key?: string; requestHash: string },
  ): Promise<IdempotentResult<unknown>> {
    return this.idempotent.run(
      { scope: user.id, key: idempotency.key, requestHash: idempotency.requestHash, statusCode: 201 },
      async (m) => {
        const project = await this.repo.findProject(m, dto.projectId);
        if (!project || !this.access.canSee(user, project)) throw new AppException('NOT_FOUND', '项目不存在');
        this.access.assertCan(user, 'problem:raise', project);
        if (dto.meetingId) {
          const visited = await this.repo.meetingProjects(m, dto.meetingId);
          if (!visited || !visited.includes(project.id)) {
            throw new AppException('VALIDATION_FAILED', '该会议未调度此项目', [
              { field: 'meetingId', problems: ['该会议未调度此项目'] },
            ]);
          }
        }
        const id = randomUUID();
        const actor = this.access.actorFor(user, project);
        const definition = this.definitions.latest(DEFINITION_IDS.problem);
        const created = await this.commands.create(m, {
          id,
          definitionId: definition.id,
          definitionVersion: definition.version,
          projectId: project.id,
          event: {
            type: INSTANCE_CREATED,
            actor,
            occurredAt: this.clock.now().toISOString(),
            payload: {
              projectId: project.id,
              enterpriseId: project.enterpriseId,
              title: dto.title.trim(),
              ...(dto.description ? { description: dto.description } : {}),
              category: dto.category,
              department: dto.department,
              limitWorkingDays: dto.limitWorkingDays,
              ...(dto.meetingId ? { meetingId: dto.meetingId } : {}),
              raisedBy: { userId: user.id, role: user.role },
            },
          },
        });
        if (!created.ok) {
          if (created.code === 'INVALID_PAYLOAD') {
            const details = (created.details as { path: string; message: string }[] | undefined) ?? [];
            throw new AppException(
              'VALIDATION_FAILED',
              '问题内容有误',
              details.map((d) => ({ field: d.path, problems: [d.message] })),
            );
          }
          throw new AppException(created.code === 'FORBIDDEN' ? 'FORBIDDEN' : 'RULE_VIOLATION', created.message);
        }
        return this.views.view(id, actor, m);
      },
    );
  }

  async list(user: AuthUser, q: ListProblemsQuery): Promise<{ items: ProblemView[]; total: number }> {
    const filter = this.access.problemFilter(user);
    const rows = await this.repo.problems(this.dataSource.manager, filter, {
      projectId: q.projectId,
      department: q.department,
      state: q.status,
      meetingId: q.meetingId,
    });
    const now = this.clock.now();
    let items = rows.map((r) => toView(r, now));
    if (q.overdue !== undefined) items = items.filter((p) => p.overdue === (q.overdue === 'true'));
    return { items, total: items.length };
  }
}

export function toView(r: ProblemRow, now: Date): ProblemView {
  const c = r.context as unknown as ProblemContext;
  const overdue =
    !r.done && (r.timerState === 'overdue' || (r.dueAt !== null && r.dueAt < now && r.timerState !== 'stopped'));
  return {
    id: r.id,
    project: { id: r.projectId, name: r.projectName },
    title: c.title,
    description: c.description,
    category: { code: c.category, name: PROBLEM_CATEGORIES[c.category] ?? c.category },
    department: { code: c.department, name: departmentName(catalog, c.department) },
    limitWorkingDays: c.limitWorkingDays,
    state: r.state,
    statusLabel: r.statusLabel,
    timerState: r.timerState,
    timerStateLabel: r.timerState ? (TIMER_STATE_LABELS[r.timerState] ?? null) : null,
    dueAt: r.dueAt ? new Date(r.dueAt).toISOString() : null,
    overdue,
    done: r.done,
    meetingId: c.meetingId,
    raisedBy: { role: c.raisedBy.role, roleLabel: ROLE_LABELS[c.raisedBy.role] ?? '' },
    raisedAt: c.raisedAt,
    resolution: c.resolution,
    escalations: c.escalations.map((e) => ({
      at: e.at,
      department: e.department,
      departmentName: departmentName(catalog, e.department),
      reason: e.reason,
    })),
  };
}

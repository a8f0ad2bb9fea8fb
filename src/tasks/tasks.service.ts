import { Injectable } from '@nestjs/common';
import type { DeadlineSpec, PersistedSnapshot } from '../../workflows/contract';
import { departmentName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { DEFINITION_IDS } from '../../workflows/protocol';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService, type DeadlineView } from '../cases/case-view.service';
import { DefinitionRegistry } from '../cases/definition-registry';
import { Clock } from '../common/clock';
import { CreditRepository } from '../credit/credit.repository';
import { AppException } from '../common/errors/app-exception';
import { TIMER_STATE_LABELS } from '../projects/project-status';
import type { ListTasksQuery } from './dto/list-tasks.query';
import { COUNT_CAP, TasksRepository } from './tasks.repository';

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
    case DEFINITION_IDS.workStart:
      return { code: 'constructionPermit', name: '施工许可证开工期限' };
    case DEFINITION_IDS.projectCase:
      // In a queue only while it waits for the enterprise's re-application (project-case v7).
      return { code: null, name: '重新申报事项' };
    default:
      return { code: null, name: definitionId };
  }
}

/**
 * A task's clock as the queue's 办理时限 column shows it (due date, days left or paused, provisional years): the
 * case view has the whole clock (its start, amount, pauses), which a page of 20 tasks need not repeat.
 */
function deadlineCell(view: DeadlineView | null) {
  if (!view) return null;
  const { dueDate, dueAt, unit, paused, remaining, uncoveredYears } = view;
  return { dueDate, dueAt, unit, paused, remaining, uncoveredYears };
}

/**
 * Work queues (待办): the active instances someone must act on now. A clerk: their department's queue; a steward:
 * what their assigned projects wait for (the enterprise's turn and the departments'); an enterprise: its
 * projects' instances waiting on it; an auditor: any department's queue, read-only.
 */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
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
    const { counts, rows } = await this.tasks.queue(user, query, now, limit, offset);
    const capped = counts.total > COUNT_CAP;
    // The credit facts of the page's enterprises: the actions offered are judged as the events would be.
    const facts = await this.credit.factsOf(
      rows.map((r) => r.enterprise_id as string),
      now,
    );
    // What each task offers this caller, before the API's gates narrow it.
    const offered = rows.map((r) => {
      const project = { id: r.project_id as string, enterpriseId: r.enterprise_id as string };
      const def = this.definitions.find(r.definition_id as string, r.definition_version as number);
      if (!def || !this.access.can(user, 'case:act', project)) return [];
      return def
        .allowedEvents(r.snapshot as PersistedSnapshot, this.access.actorFor(user, project), {
          facts: { enterprise: facts.get(project.enterpriseId) },
          at: now,
        })
        .filter((e) => !e.roles.every((x) => x === 'system'));
    });
    // The gates read what they need only for the tasks whose offers they narrow (none, in most queues): two
    // round trips fewer per page otherwise.
    const narrow = await this.views.offers(
      rows.filter((_, i) => this.views.gatesConcern(offered[i])).map((r) => r.id as string),
    );
    const items = rows.map((r, i) => {
      const project = { id: r.project_id as string };
      const snapshot = r.snapshot as PersistedSnapshot;
      // The actions, without their payload schemas (per definition version, not per task: see the controller).
      const allowedEvents = (
        this.views.gatesConcern(offered[i]) ? narrow(r.id as string, snapshot.context, offered[i]) : offered[i]
      ).map((e) => ({
        type: e.type,
        label: e.label,
        roles: e.roles,
        ...(e.disabledReason ? { disabledReason: e.disabledReason } : {}),
      }));
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
        deadline: deadlineCell(this.views.deadlineView((r.deadline as DeadlineSpec | null) ?? null)),
        timerState,
        timerStateLabel: timerState ? (TIMER_STATE_LABELS[timerState] ?? timerState) : null,
        overdue: r.overdue === true,
        warning: r.warning === true,
        allowedEvents,
        updatedAt: iso(r.updated_at),
      };
    });
    return {
      items,
      /** The queue's size; with totalCapped, a lower bound (the queue holds more than COUNT_CAP cases). */
      total: capped ? COUNT_CAP : counts.total,
      totalCapped: capped,
      counts: { overdue: counts.overdue, warning: counts.warning },
      limit,
      offset,
    };
  }
}

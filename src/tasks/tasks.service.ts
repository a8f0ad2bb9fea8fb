import { Injectable } from '@nestjs/common';
import { departmentName, suizhouHighTechZoneCatalog as catalog } from '../../workflows/catalog';
import { DEFINITION_IDS } from '../../workflows/protocol';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CaseViewService, type DeadlineView } from '../cases/case-view.service';
import { DefinitionRegistry } from '../cases/definition-registry';
import { Clock } from '../common/clock';
import { CreditRepository } from '../credit/credit.repository';
import { TIMER_STATE_LABELS } from '../projects/project-status';
import { validationFailed } from '../zone/field-problems';
import type { ListTasksQuery } from './dto/list-tasks.query';
import { COUNT_CAP, TasksRepository } from './tasks.repository';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** What a task is about, in words: the item, the commitment, the section. */
function subjectOf(definitionId: string, context: Record<string, unknown>): { code: string | null; name: string } {
  const item = isRecord(context.item) ? context.item : {};
  const [code, name] = [text(item.code), text(item.name)];
  switch (definitionId) {
    case DEFINITION_IDS.approvalItem:
      return { code, name: name ?? '事项' };
    case DEFINITION_IDS.toleranceCommitment:
      return { code, name: `${name ?? ''}（容缺受理）` };
    case DEFINITION_IDS.notifyCommitment:
      return { code, name: `${name ?? ''}（告知承诺）` };
    case DEFINITION_IDS.foundationPermit:
      return { code: 'constructionPermit', name: '桩基先行施工许可' };
    case DEFINITION_IDS.acceptanceSection:
      return { code: text(context.sectionKey), name: `竣工验收：${String(context.name ?? '')}` };
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
  const { dueDate, dueAt, unit, paused, remaining, remainingUnit, uncoveredYears } = view;
  return { dueDate, dueAt, unit, paused, remaining, remainingUnit, uncoveredYears };
}

/**
 * Work queues (待办): the active instances someone must act on now. A clerk: their department's queue; a steward:
 * what their assigned projects wait on them for (the enterprise's turn, done for it, and problems to assign or to
 * confirm); a 项目长: the problems of their projects they can act on; an enterprise: its projects' instances
 * waiting on it; an auditor: any department's queue, read-only.
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
      throw validationFailed([
        { field: 'department', name: '部门', problems: ['只有审计人员可以选择查看哪个部门的待办'] },
      ]);
    }
    const now = this.clock.now().toISOString();
    const { counts, rows } = await this.tasks.queue(user, query, now, limit, offset);
    const capped = counts.total > COUNT_CAP;
    // The credit facts of the page's enterprises: the actions offered are judged as the events would be.
    const facts = await this.credit.factsOf(
      rows.map((r) => r.project.enterpriseId),
      now,
    );
    // What each task offers this caller, before the API's gates narrow it.
    const offered = rows.map((r) => {
      const def = this.definitions.find(r.definitionId, r.definitionVersion);
      if (!def || !this.access.can(user, 'case:act', r.project)) return [];
      return def
        .allowedEvents(r.snapshot, this.access.actorFor(user, r.project), {
          facts: { enterprise: facts.get(r.project.enterpriseId) },
          at: now,
        })
        .filter((e) => !e.roles.every((x) => x === 'system'));
    });
    // The gates read what they need only for the tasks whose offers they narrow (none, in most queues): two
    // round trips fewer per page otherwise.
    const narrow = await this.views.offers(rows.filter((_, i) => this.views.gatesConcern(offered[i])).map((r) => r.id));
    const items = rows.map((r, i) => {
      const { snapshot } = r;
      // The actions, without their payload schemas (per definition version, not per task: see the controller).
      const allowedEvents = (
        this.views.gatesConcern(offered[i]) ? narrow(r.id, snapshot.context, offered[i]) : offered[i]
      ).map((e) => ({
        type: e.type,
        label: e.label,
        roles: e.roles,
        ...(e.disabledReason ? { disabledReason: e.disabledReason } : {}),
      }));
      const subject = subjectOf(r.definitionId, snapshot.context);
      const queue = r.departmentQueue;
      const timerState = r.timerState;
      return {
        instanceId: r.id,
        seq: r.seq,
        definitionId: r.definitionId,
        definitionVersion: r.definitionVersion,
        project: { id: r.project.id, code: r.project.code, name: r.project.name },
        subject: subject.name,
        itemCode: subject.code,
        itemName: subject.name,
        state: r.state,
        statusLabel: r.statusLabel,
        stage: r.stage,
        stageName: catalog.stages.find((s) => s.key === r.stage)?.name ?? null,
        waitingOn: r.waitingOn,
        department: queue ? { code: queue, name: departmentName(catalog, queue) } : null,
        // Every department that can act on it now (several at a joint acceptance inspection), the queue's first.
        departments: [...new Set([queue, ...r.actingDepartments].filter((d): d is string => !!d))].map((code) => ({
          code,
          name: departmentName(catalog, code),
        })),
        dueAt: r.dueAt,
        deadline: deadlineCell(this.views.deadlineView(r.deadline)),
        timerState,
        timerStateLabel: timerState ? (TIMER_STATE_LABELS[timerState] ?? timerState) : null,
        overdue: r.overdue,
        warning: r.warning,
        allowedEvents,
        updatedAt: r.updatedAt,
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

/**
 * Who must act on a written event, and what they are told (站内消息): one place for every rule. Pure: the
 * dispatcher hands it the event with its instance and project, and resolves the audiences to accounts.
 */
import { DEFINITION_IDS } from '../../workflows/protocol';

export type Audience =
  /** Every account of the enterprise. */
  | { kind: 'enterprise'; enterpriseId: string }
  /** Every clerk of the department. */
  | { kind: 'department'; department: string }
  | { kind: 'user'; userId: string };

export interface WrittenEvent {
  instanceId: string;
  seq: number;
  type: string;
  definitionId: string;
  actorUserId: string;
  /** The instance's context as it is now (the fields used here do not change after the event). */
  context: Record<string, unknown>;
  departmentQueue: string | null;
  /**
   * The departments that can act on the instance now (workflow_instance.acting_departments, the definition's
   * actingDepartments): for a joint acceptance inspection every department with an opinion or a check to give.
   */
  actingDepartments: string[];
  project: { id: string; name: string; enterpriseId: string; keyProject: boolean; leaderUserId: string | null };
}

export interface NotificationDraft {
  audience: Audience;
  kind: string;
  title: string;
  link: string;
}

/**
 * Every event type a rule below reads: the one list. The outbox trigger enqueues exactly these; a rule on a new
 * type needs a new migration that widens the trigger (released ones are history: ZoneCommand's list is a frozen
 * copy). test/background-passes.e2e-spec.ts compares this list with the trigger of the migrated database.
 */
export const RULE_EVENT_TYPES = [
  'REQUEST_CORRECTION',
  'SUPPLEMENT_REMINDER',
  'APPROVE',
  'APPROVE_WITH_TOLERANCE',
  'WINDOW_ACCEPT',
  'PROMISED_TIME_WARNING',
  'PROMISED_TIME_OVERDUE',
  'WHOLE_PROCESS_OVERDUE',
  'JOINT_ACCEPTANCE_OVERDUE',
  'START_JOINT_INSPECTION',
  'REPORT_RECTIFIED',
  'JOINT_ACCEPTANCE_WARNING',
  'ASSIGN',
  'REOPEN',
  'RESOLVE',
  'ESCALATE',
  'PROBLEM_DEADLINE_WARNING',
  'PROBLEM_DEADLINE_OVERDUE',
] as const;

const itemName = (c: Record<string, unknown>) => String((c.item as { name?: string } | undefined)?.name ?? '事项');
const itemDepartment = (c: Record<string, unknown>) => (c.item as { department?: string } | undefined)?.department;
const sectionName = (c: Record<string, unknown>) => (typeof c.name === 'string' && c.name ? c.name : '验收分段');

/** The notifications an event causes; an empty list for most events. */
export function notificationsFor(e: WrittenEvent): NotificationDraft[] {
  const p = e.project;
  const caseLink = `/cases/${e.instanceId}`;
  const projectLink = `/projects/${p.id}`;
  const enterprise: Audience = { kind: 'enterprise', enterpriseId: p.enterpriseId };
  const out: NotificationDraft[] = [];
  const toLeaderOfKeyProject = (title: string) => {
    if (p.keyProject && p.leaderUserId)
      out.push({
        audience: { kind: 'user', userId: p.leaderUserId },
        kind: 'keyProjectOverdue',
        title,
        link: caseLink,
      });
  };
  const toActing = (kind: string, title: string) => {
    for (const department of new Set(e.actingDepartments))
      out.push({ audience: { kind: 'department', department }, kind, title, link: caseLink });
  };
  if (e.definitionId === DEFINITION_IDS.problem) {
    const c = e.context as {
      title: string;
      department: string;
      raisedBy: { userId: string; role: string };
    };
    const department: Audience = { kind: 'department', department: c.department };
    switch (e.type) {
      case 'ASSIGN':
        out.push({
          audience: department,
          kind: 'problemAssigned',
          title: `新交办问题：${c.title}（${p.name}）`,
          link: caseLink,
        });
        break;
      case 'REOPEN':
        out.push({
          audience: department,
          kind: 'problemReopened',
          title: `问题重新打开：${c.title}（${p.name}）`,
          link: caseLink,
        });
        break;
      case 'RESOLVE':
        out.push({
          audience: c.raisedBy.role === 'enterprise' ? enterprise : { kind: 'user', userId: c.raisedBy.userId },
          kind: 'problemResolved',
          title: `问题已解决，请确认：${c.title}`,
          link: caseLink,
        });
        break;
      case 'PROBLEM_DEADLINE_WARNING':
        out.push({
          audience: department,
          kind: 'warning',
          title: `问题办理时限预警：${c.title}（${p.name}）`,
          link: caseLink,
        });
        break;
      case 'PROBLEM_DEADLINE_OVERDUE':
        toLeaderOfKeyProject(`重点项目问题逾期：${c.title}（${p.name}）`);
        break;
      case 'ESCALATE':
        out.push({
          audience: department,
          kind: 'escalation',
          title: `项目长督办：${c.title}（${p.name}）`,
          link: caseLink,
        });
        if (p.leaderUserId && p.leaderUserId !== e.actorUserId)
          out.push({
            audience: { kind: 'user', userId: p.leaderUserId },
            kind: 'escalation',
            title: `问题已提级督办：${c.title}（${p.name}）`,
            link: caseLink,
          });
        break;
    }
    return out;
  }
  switch (e.type) {
    case 'REQUEST_CORRECTION':
      out.push({
        audience: enterprise,
        kind: 'correctionRequested',
        title: `${itemName(e.context)}需补正材料（${p.name}）`,
        link: caseLink,
      });
      break;
    case 'SUPPLEMENT_REMINDER':
      out.push({
        audience: enterprise,
        kind: 'toleranceDeadlineNear',
        title: `容缺材料补交期限临近：${itemName(e.context)}（${p.name}）`,
        link: caseLink,
      });
      break;
    case 'APPROVE':
    case 'APPROVE_WITH_TOLERANCE':
      out.push({
        audience: enterprise,
        kind: 'certificateIssued',
        title: `${itemName(e.context)}已办结出证（${p.name}）`,
        link: projectLink,
      });
      break;
    case 'WINDOW_ACCEPT': {
      const department = itemDepartment(e.context);
      if (department)
        out.push({
          audience: { kind: 'department', department },
          kind: 'newTask',
          title: `新办件：${itemName(e.context)}（${p.name}）`,
          link: caseLink,
        });
      break;
    }
    case 'PROMISED_TIME_WARNING':
      if (e.departmentQueue)
        out.push({
          audience: { kind: 'department', department: e.departmentQueue },
          kind: 'warning',
          title: `办理时限预警：${itemName(e.context)}（${p.name}）`,
          link: caseLink,
        });
      break;
    case 'PROMISED_TIME_OVERDUE':
      toLeaderOfKeyProject(`重点项目事项逾期：${itemName(e.context)}（${p.name}）`);
      break;
    case 'WHOLE_PROCESS_OVERDUE':
      toLeaderOfKeyProject(`重点项目全流程审批逾期（${p.name}）`);
      break;
    case 'JOINT_ACCEPTANCE_OVERDUE':
      toLeaderOfKeyProject(`重点项目联合验收逾期（${p.name}）`);
      break;
    // A joint acceptance inspection is acted on by several departments at once: each one that can act is told,
    // once, as the work queues list it for each. Read when the dispatcher derives the message (as a rule
    // reads the context), so a department that has given its opinion since is not told of a task it no longer has.
    case 'START_JOINT_INSPECTION':
    case 'REPORT_RECTIFIED':
      if (e.definitionId === DEFINITION_IDS.acceptanceSection)
        toActing(
          'newTask',
          e.type === 'START_JOINT_INSPECTION'
            ? `新办件：联合验收「${sectionName(e.context)}」请出具验收意见（${p.name}）`
            : `新办件：联合验收「${sectionName(e.context)}」整改完成待复验（${p.name}）`,
        );
      break;
    case 'JOINT_ACCEPTANCE_WARNING':
      toActing('warning', `联合验收时限预警：「${sectionName(e.context)}」（${p.name}）`);
      break;
  }
  return out;
}

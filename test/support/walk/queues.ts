import type { CaseBody, OfferedEvent, TaskRow } from './api-shapes';
import type { WalkContext } from './context';
import { reportUnreadableLabels, unreadableLabels } from './labels';

/** One row of someone's 待办, with whose it is. */
export interface QueueRow {
  owner: string;
  task: TaskRow;
}

const enabled = (events: OfferedEvent[] | undefined) => (events ?? []).filter((e) => !e.disabledReason);
/** A disabled offer the walk can still take: it asks for an upload first (请先上传…). */
const uploadFirst = (e: OfferedEvent) => e.disabledReason?.startsWith('请先上传') === true;

/**
 * The project's rows in the 待办 of each of `owners` (limit 100, the project filter), and rule 8's half of it:
 * the queue's 仅看逾期 (overdue=true) lists exactly the rows that say 逾期.
 */
export async function readQueues(w: WalkContext, owners: string[]): Promise<QueueRow[]> {
  const rows: QueueRow[] = [];
  for (const owner of owners) {
    const url = `/api/tasks?limit=100&projectId=${w.projectId}`;
    const res = await w.call(owner, 'GET tasks', w.as(owner).get(url));
    const tasks: TaskRow[] = res.body.items ?? [];
    reportUnreadableLabels(w, owner, 'GET /api/tasks', unreadableLabels(res.body, `tasks(${owner})`));
    rows.push(...tasks.map((task) => ({ owner, task })));
    const late = await w.call(owner, 'GET tasks overdue', w.as(owner).get(`${url}&overdue=true`));
    const listed = new Set<string>((late.body.items ?? []).map((t: TaskRow) => t.instanceId));
    const sayOverdue = new Set(tasks.filter((t) => t.overdue).map((t) => t.instanceId));
    const differ = [...new Set([...listed, ...sayOverdue])].filter((id) => listed.has(id) !== sayOverdue.has(id));
    if (differ.length)
      w.violate({
        kind: 'queue-overdue-filter-disagrees',
        invariant: 8,
        actor: owner,
        action: 'GET /api/tasks?overdue=true',
        detail: `仅看逾期 and the rows' 逾期 differ on ${differ.join(', ')}`,
        response: tasks.map((t) => [t.instanceId, t.statusLabel, t.timerState, t.overdue, t.dueAt]),
      });
  }
  return rows;
}

/**
 * Rule 6: every 待办 row is actionable. Its owner opens its case (GET /api/cases/{id}); it offers an action the
 * owner can take (enabled, or an upload first); each action it enables the case view enables too; and the case
 * view says what the row says (status, deadline, 逾期), which is what the enterprise's own view says (rule 7).
 */
export async function checkRows(w: WalkContext, rows: QueueRow[], seenByEnterprise: Map<string, CaseBody>) {
  for (const { owner, task } of rows) {
    const action = `row ${task.definitionId} ${task.statusLabel} (${task.instanceId})`;
    const res = await w.call(owner, 'GET case', w.as(owner).get(`/api/cases/${task.instanceId}`));
    if (res.status !== 200) {
      w.violate({
        kind: 'queue-case-hidden',
        invariant: 6,
        actor: owner,
        action,
        detail: `in the 待办, but GET /api/cases/${task.instanceId} answers ${res.status}`,
        response: res.body,
      });
      continue;
    }
    const view: CaseBody = res.body;
    if (!enabled(task.allowedEvents).length && !task.allowedEvents.some(uploadFirst))
      w.violate({
        kind: 'queue-row-nothing-enabled',
        invariant: 6,
        actor: owner,
        action,
        detail: `a 待办 row with nothing to do: ${JSON.stringify(task.allowedEvents)}`,
      });
    const inView = new Set(enabled(view.allowedEvents).map((e) => e.type));
    const notInView = enabled(task.allowedEvents).filter((e) => !inView.has(e.type));
    if (notInView.length)
      w.violate({
        kind: 'queue-offers-case-does-not',
        invariant: 6,
        actor: owner,
        action,
        detail: `the row enables ${notInView.map((e) => `${e.type}(${e.label})`).join(',')}; the case view does not`,
        response: view.allowedEvents,
      });
    const differ: string[] = [];
    if (task.statusLabel !== view.statusLabel) differ.push(`statusLabel ${task.statusLabel} vs ${view.statusLabel}`);
    // The row's 办理时限 column is the case's deadline, paused or not.
    if ((task.deadline?.dueAt ?? null) !== (view.deadline?.dueAt ?? null))
      differ.push(`办理时限 ${task.deadline?.dueAt} vs ${view.deadline?.dueAt}`);
    if ((task.deadline?.paused ?? null) !== (view.deadline?.paused ?? null))
      differ.push(`暂停 ${task.deadline?.paused} vs ${view.deadline?.paused}`);
    if (task.timerState !== view.timerState) differ.push(`timerState ${task.timerState} vs ${view.timerState}`);
    if (task.overdue !== (view.timerState === 'overdue'))
      differ.push(`row 逾期 ${task.overdue} vs case timerState ${view.timerState}`);
    if (differ.length)
      w.violate({
        kind: 'queue-row-disagrees',
        invariant: 8,
        actor: owner,
        action,
        detail: differ.join(' | '),
      });
    const theirs = seenByEnterprise.get(task.instanceId);
    if (theirs) checkSameCase(w, owner, theirs, view);
  }
}

/** Rule 7 for one case: what `who` reads of it is what the enterprise reads (state, label, deadline, 逾期). */
export function checkSameCase(w: WalkContext, who: string, enterprise: CaseBody, theirs: CaseBody) {
  const differ: string[] = [];
  for (const key of ['status', 'statusLabel', 'waitingOn', 'timerState'] as const)
    if (enterprise[key] !== theirs[key]) differ.push(`${key} ${enterprise[key]} vs ${theirs[key]}`);
  if ((enterprise.deadline?.dueAt ?? null) !== (theirs.deadline?.dueAt ?? null))
    differ.push(`deadline ${enterprise.deadline?.dueAt} vs ${theirs.deadline?.dueAt}`);
  if (differ.length)
    w.violate({
      kind: 'case-differs-by-viewer',
      invariant: 7,
      actor: who,
      action: `GET /api/cases/${theirs.id} (${theirs.definition?.id})`,
      detail: `the enterprise and ${who} read it differently: ${differ.join(' | ')}`,
    });
}

import { reachedDepartmentSql } from '../../src/auth/access-policy';
import { toAuthUser, type AuthUser } from '../../src/auth/auth-user';
import { CaseViewService } from '../../src/cases/case-view.service';
import { CommandService } from '../../src/cases/command.service';
import { EventGates } from '../../src/cases/event-gates';
import { AppException } from '../../src/common/errors/app-exception';
import { UsersService } from '../../src/users/users.service';
import type { Http } from '../projects-support';
import { plainPayload } from './schema-payload';
import type { TestApp } from './test-app';

/** Whose 待办 is read: a user as the API knows them, and how the report names them. */
export interface QueueOwner {
  name: string;
  http: Http;
  username: string;
  /** The only projects whose rows this queue can hold (a 项目长's), to skip reading it for others. */
  projects?: string[];
}

interface OfferedAction {
  type: string;
  label: string;
  roles: string[];
  disabledReason?: string;
}

interface QueueTask {
  instanceId: string;
  seq: number;
  definitionId: string;
  definitionVersion: number;
  subject: string;
  state: string;
  statusLabel: string;
  project: { id: string; name: string };
  allowedEvents: OfferedAction[];
}

export type Rule =
  /** A row of a 待办 whose actions are all disabled (or that offers none). */
  | 'nothingEnabled'
  /** An enabled action of a row, sent with a payload its offered schema allows, is refused. */
  | 'offeredRefused'
  /**
   * A case with an action enabled for a department's clerk is not in that department's 待办 (or one of the
   * duties of another owner watched with duties, e.g. the enterprise's, the steward's or a 项目长's, not in theirs).
   */
  | 'notInQueue'
  /** A row of a 待办 whose case its owner cannot open (GET /api/cases/{id} is 404 for them). */
  | 'caseHidden';

export interface Violation {
  rule: Rule;
  queue: string;
  project: string;
  projectId: string;
  subject: string;
  instanceId: string;
  definition: string;
  state: string;
  statusLabel: string;
  actions: string;
  detail?: string;
  /** The first and the last step after which it was seen. */
  firstStep: string;
  lastStep: string;
}

const RULE_TEXT: Record<Rule, string> = {
  nothingEnabled: 'in the queue with nothing enabled',
  offeredRefused: 'an enabled action is refused',
  notInQueue: 'an action is enabled but the case is not in the queue',
  caseHidden: 'in the queue, but its owner cannot open the case',
};

/** "TYPE 标签 [disabled: 原因]" for each action, as a person would see the buttons. */
export function describeActions(actions: OfferedAction[]): string {
  if (!actions.length) return '(no action offered)';
  return actions
    .map((a) => `${a.type} ${a.label}${a.disabledReason ? ` [disabled: ${a.disabledReason}]` : ''}`)
    .join('; ');
}

/** The events a file must be uploaded for first (SupplyNeedsUpload): disabled until then, saying so. */
const NEEDS_UPLOAD = new Set(['SUPPLY_MATERIAL', 'COMPLETE_CORRECTION']);

/**
 * A row with nothing else enabled whose action waits for a file, on a case that takes the upload now: uploading
 * (上传材料, the case page's own action) is the task's first step, so the row is actionable.
 */
function uploadFirst(actions: OfferedAction[], uploadAllowed: boolean): boolean {
  return uploadAllowed && actions.some((a) => NEEDS_UPLOAD.has(a.type) && !!a.disabledReason);
}

class DryRun extends Error {}

/**
 * The day part of the demo clock's time, for the memos' keys: the clock runs on in real time between steps, and
 * what a case offers changes with the day (deadlines), or with its version when a timer fires.
 */
const dayOf = (iso: string) => iso.slice(0, 10);

interface CaseOffer {
  /** The payload schemas of the actions the case page enables. */
  schemas: Map<string, Record<string, unknown>>;
  uploadAllowed: boolean;
}

/**
 * The work-queue twin of "offered means accepted", checked after each step of a scenario: every row of every
 * 待办 has an enabled action, each enabled action is accepted with a payload built from its offered schema, and
 * a case a department's clerk can act on is in that department's 待办.
 *
 * The queues and the payload schemas are read over HTTP, as people read them. Sending every enabled action for
 * real would drive the cases off the scenario, so each is tried through the engine's own write path (the
 * API's gates, then CommandService.apply: access, the pure step, effects and timers) in a transaction that is
 * rolled back.
 */
export class QueueInvariant {
  private readonly owners: QueueOwner[] = [];
  private readonly clerkOwners = new Set<string>();
  /** Queue owners other than clerks checked conversely, for these duties only (an enterprise's). */
  private readonly duties = new Map<string, ReadonlySet<string>>();
  /** Duties that are an owner's to-do only while no department's 待办 holds anything of the project. */
  private readonly idleDuties = new Map<string, ReadonlySet<string>>();
  private readonly found = new Map<string, Violation>();
  /** Tried actions, by the case's version and the payload: the same question gets the same answer. */
  private readonly tried = new Map<string, { ok: true } | { ok: false; reason: string }>();
  /** Case offers read, by the row's version, time and actions (the same row reads the same). */
  private readonly offers = new Map<string, CaseOffer>();
  /** Cases a clerk saw with no work, by version and time (the converse check reads each once). */
  private readonly idle = new Set<string>();
  private readonly views: CaseViewService;
  private readonly commands: CommandService;
  private readonly gates: EventGates;
  private readonly users: UsersService;

  constructor(
    private readonly t: TestApp,
    private readonly now: () => Promise<string>,
    /**
     * Enabled actions that are no work waiting to be done (e.g. revoking an issued licence): no reason for a case
     * to be queued, and not what makes a queued row actionable.
     */
    private readonly discretionary: ReadonlySet<string> = new Set(),
  ) {
    this.views = t.app.get(CaseViewService);
    this.commands = t.app.get(CommandService);
    this.gates = t.app.get(EventGates);
    this.users = t.app.get(UsersService);
  }

  /**
   * A queue to read. `clerk`: a department's, whose cases are checked the other way too; `duties`: another
   * owner's (the enterprise's, the steward's, a 项目长's) checked the other way for these actions, `idleDuties` too while no department's
   * 待办 holds anything of the project.
   */
  watch(
    owner: QueueOwner,
    opts: { clerk?: boolean; duties?: ReadonlySet<string>; idleDuties?: ReadonlySet<string> } = {},
  ): void {
    if (this.owners.some((o) => o.name === owner.name)) return;
    this.owners.push(owner);
    if (opts.clerk) this.clerkOwners.add(owner.name);
    if (opts.duties) this.duties.set(owner.name, opts.duties);
    if (opts.idleDuties) this.idleDuties.set(owner.name, opts.idleDuties);
  }

  /** Reads every watched queue and checks the rows of these projects (and their active cases, conversely). */
  async check(step: string, projectIds: string[]): Promise<void> {
    const now = await this.now();
    const queued = new Map<string, Set<string>>();
    for (const owner of this.owners) {
      if (owner.projects && !owner.projects.some((p) => projectIds.includes(p))) continue;
      const user = await this.authUser(owner);
      const tasks: QueueTask[] = [];
      for (const projectId of projectIds) tasks.push(...(await this.queueOf(owner, projectId)));
      queued.set(owner.name, new Set(tasks.map((task) => task.instanceId)));
      for (const task of tasks) {
        // A discretionary action (revoking, extending, withdrawing) is not the task the row stands for.
        const enabled = task.allowedEvents.filter((a) => !a.disabledReason && !this.discretionary.has(a.type));
        const offer = await this.caseOffer(owner, task, now);
        if (!offer) {
          this.note(step, 'caseHidden', owner, task, task.allowedEvents, 'GET /api/cases/{id} answers 404');
          continue;
        }
        if (!enabled.length) {
          if (!uploadFirst(task.allowedEvents, offer.uploadAllowed)) {
            this.note(step, 'nothingEnabled', owner, task, task.allowedEvents);
          }
          continue;
        }
        const schemas = offer.schemas;
        for (const action of enabled) {
          const schema = schemas.get(action.type);
          if (!schema) {
            const detail = `${action.type}: enabled in the 待办, not on the case page (GET /api/cases/{id})`;
            this.note(step, 'offeredRefused', owner, task, task.allowedEvents, detail);
            continue;
          }
          const payload = plainPayload(schema, now);
          const outcome = await this.attempt(user, task, action.type, payload, now);
          if (!outcome.ok) {
            this.note(
              step,
              'offeredRefused',
              owner,
              task,
              task.allowedEvents,
              `${action.type} ${JSON.stringify(payload)} → ${outcome.reason}`,
            );
          }
        }
      }
    }
    await this.checkConversely(step, projectIds, queued);
  }

  /** Violations seen for these projects (all when none given), one per case, queue, rule, state and offer. */
  violations(projectIds?: string[]): Violation[] {
    return [...this.found.values()].filter((v) => !projectIds || projectIds.includes(v.projectId));
  }

  /** A readable list, one block per violation. */
  static report(violations: Violation[]): string {
    return violations
      .map(
        (v, i) =>
          `${i + 1}. [${v.queue}] ${RULE_TEXT[v.rule]}\n` +
          `   project: ${v.project}\n` +
          `   case: ${v.subject} — ${v.definition}, state ${v.state} (${v.statusLabel}), id ${v.instanceId}\n` +
          `   actions: ${v.actions}\n` +
          (v.detail ? `   detail: ${v.detail}\n` : '') +
          `   seen after: ${v.firstStep}${v.lastStep !== v.firstStep ? ` … ${v.lastStep}` : ''}`,
      )
      .join('\n');
  }

  private note(
    step: string,
    rule: Rule,
    owner: QueueOwner,
    task: Pick<
      QueueTask,
      'instanceId' | 'definitionId' | 'definitionVersion' | 'subject' | 'state' | 'statusLabel' | 'project'
    >,
    actions: OfferedAction[],
    detail?: string,
  ): void {
    const shown = describeActions(actions);
    const key = [rule, owner.name, task.instanceId, task.state, shown].join('#');
    const seen = this.found.get(key);
    if (seen) {
      seen.lastStep = step;
      return;
    }
    this.found.set(key, {
      rule,
      queue: owner.name,
      project: task.project.name,
      projectId: task.project.id,
      subject: task.subject,
      instanceId: task.instanceId,
      definition: `${task.definitionId}@${task.definitionVersion}`,
      state: task.state,
      statusLabel: task.statusLabel,
      actions: shown,
      ...(detail ? { detail } : {}),
      firstStep: step,
      lastStep: step,
    });
  }

  private async authUser(owner: QueueOwner): Promise<AuthUser> {
    const entity = await this.users.findByUsername(owner.username);
    if (!entity) throw new Error(`no user ${owner.username}`);
    return toAuthUser(entity);
  }

  /** The 待办's rows of one project, page by page, as GET /api/tasks serves them. */
  private async queueOf(owner: QueueOwner, projectId: string): Promise<QueueTask[]> {
    const all: QueueTask[] = [];
    for (let offset = 0; ; offset += 100) {
      const res = await owner.http.get(`/api/tasks?limit=100&offset=${offset}&projectId=${projectId}`);
      if (res.status !== 200) throw new Error(`tasks of ${owner.name}: ${res.status} ${JSON.stringify(res.body)}`);
      all.push(...(res.body.items as QueueTask[]));
      if (res.body.items.length < 100) return all;
    }
  }

  /**
   * What the case view offers this owner: the payload schemas (the UI renders the forms from them) and whether
   * a file may be uploaded now.
   */
  private async caseOffer(owner: QueueOwner, task: QueueTask, now: string): Promise<CaseOffer | null> {
    const key = [owner.name, task.instanceId, task.seq, dayOf(now), JSON.stringify(task.allowedEvents)].join('|');
    const known = this.offers.get(key);
    if (known) return known;
    const res = await owner.http.get(`/api/cases/${task.instanceId}`);
    if (res.status === 404) return null;
    if (res.status !== 200) throw new Error(`case ${task.instanceId} for ${owner.name}: ${res.status}`);
    const events = res.body.allowedEvents as (OfferedAction & { payloadSchema: Record<string, unknown> })[];
    const offer = {
      schemas: new Map(events.filter((e) => !e.disabledReason).map((e) => [e.type, e.payloadSchema])),
      uploadAllowed: (res.body.upload as { allowed: boolean }).allowed,
    };
    this.offers.set(key, offer);
    return offer;
  }

  /** Sends the action through the API's gates and the engine's write path, and rolls it back. */
  private async attempt(
    user: AuthUser,
    task: QueueTask,
    type: string,
    payload: Record<string, unknown>,
    now: string,
  ): Promise<{ ok: true } | { ok: false; reason: string }> {
    const key = [user.id, task.instanceId, task.seq, type, JSON.stringify(payload), dayOf(now)].join('|');
    const known = this.tried.get(key);
    if (known) return known;
    let outcome: { ok: true } | { ok: false; reason: string } = { ok: false, reason: 'not tried' };
    try {
      await this.gates.check({ user, instanceId: task.instanceId, type, payload });
      await this.commands.transaction(async (m) => {
        const r = await this.commands.apply(m, {
          instanceId: task.instanceId,
          type,
          payload,
          access: this.views.commandAccess(user, task.instanceId),
        });
        outcome = r.ok ? { ok: true } : { ok: false, reason: `${r.code}: ${r.message}` };
        throw new DryRun();
      });
    } catch (e) {
      if (!(e instanceof DryRun)) {
        outcome = {
          ok: false,
          reason: e instanceof AppException ? `${e.code} (${e.status}): ${e.message}` : String(e),
        };
      }
    }
    this.tried.set(key, outcome);
    return outcome;
  }

  /**
   * Every active case of these projects, as each department's clerk sees it: enabled work means queued. The
   * same for owners watched with duties (the enterprise, the steward, a 项目长), for those duties.
   */
  private async checkConversely(step: string, projectIds: string[], queued: Map<string, Set<string>>) {
    const now = await this.now();
    const rows: { id: string; seq: number; project_id: string }[] = await this.t.dataSource.query(
      `SELECT id, seq, project_id FROM workflow_instance
        WHERE project_id = ANY($1::uuid[]) AND status = 'active' ORDER BY created_at`,
      [projectIds],
    );
    // The projects no department's 待办 holds anything of (the queues just read).
    const withDepartments = new Set(
      rows.filter((r) => [...this.clerkOwners].some((name) => queued.get(name)?.has(r.id))).map((r) => r.project_id),
    );
    const concerned = (o: QueueOwner) => !o.projects || o.projects.some((p) => projectIds.includes(p));
    for (const owner of this.owners.filter(
      (o) => (this.clerkOwners.has(o.name) || this.duties.has(o.name)) && concerned(o),
    )) {
      const user = await this.authUser(owner);
      const always = this.duties.get(owner.name);
      const whenIdle = this.idleDuties.get(owner.name);
      // The product's own visibility rule, once per project: a case of a project that has not reached the
      // department does not open for its clerk (404), so it offers them nothing.
      const reached = new Set(
        (
          (await this.t.dataSource.query(
            `SELECT p.id FROM project p WHERE p.id = ANY($1::uuid[]) AND ${reachedDepartmentSql('p.id', '$2')}`,
            [projectIds, user.department ?? ''],
          )) as { id: string }[]
        ).map((r) => r.id),
      );
      for (const { id, seq, project_id: projectId } of rows) {
        if (queued.get(owner.name)?.has(id) || (!always && !reached.has(projectId))) continue;
        const duties =
          always && whenIdle && !withDepartments.has(projectId) ? new Set([...always, ...whenIdle]) : always;
        const idleKey = [owner.name, id, seq, dayOf(now), duties?.size ?? 0].join('|');
        if (this.idle.has(idleKey)) continue;
        let view;
        try {
          view = await this.views.viewFor(user, id);
        } catch (e) {
          if (e instanceof AppException && e.code === 'NOT_FOUND') continue; // not reached this department
          throw e;
        }
        // A clerk's work: any enabled action but the discretionary ones. Another owner's: their duties, enabled
        // or waiting only for a file.
        const work = duties
          ? view.allowedEvents.filter(
              (a) => duties.has(a.type) && (!a.disabledReason || (NEEDS_UPLOAD.has(a.type) && view.upload.allowed)),
            )
          : view.allowedEvents.filter(
              (a) => !a.disabledReason && !a.roles.every((r) => r === 'system') && !this.discretionary.has(a.type),
            );
        if (!work.length) {
          this.idle.add(idleKey);
          continue;
        }
        const project = await this.t.dataSource.query('SELECT name FROM project WHERE id = $1', [view.projectId]);
        this.note(
          step,
          'notInQueue',
          owner,
          {
            instanceId: id,
            definitionId: view.definition.id,
            definitionVersion: view.definition.version,
            subject: view.definition.title,
            state: view.state,
            statusLabel: view.statusLabel,
            project: { id: view.projectId, name: project[0]?.name ?? view.projectId },
          },
          view.allowedEvents,
        );
      }
    }
  }
}

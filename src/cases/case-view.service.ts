import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy, clerkDepartment } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import type { Permission } from '../auth/permissions';
import {
  INSTANCE_CREATED,
  type Actor,
  type Circumstances,
  type DeadlineSpec,
  type EventSpec,
  type PersistedSnapshot,
} from '../../workflows/contract';
import { remainingUnitOf, type RemainingUnit } from './remaining-unit';
import type { AppliedEvent, CommandAccess, WrittenTarget } from './command.types';
import { EngineRepository, type CaseChild } from './engine.repository';
import type { Row } from './prepared';
import { CalendarService } from '../calendar/calendar.service';
import { Clock } from '../common/clock';
import { creditFacts } from '../../workflows/core/credit';
import { AppException } from '../common/errors/app-exception';
import { DefinitionRegistry } from './definition-registry';
import { servedData } from './served-data';
import { EventGates, type OfferNarrowing } from './event-gates';
import { uploadOffer, uploadTargetOf, type UploadOffer } from '../documents/upload-rule';

export interface DeadlineView extends DeadlineSpec {
  dueDate: string | null;
  dueAt: string | null;
  warnAt: string | null;
  /** A pause is open: the clock stands (also one that stood after its due date passed). */
  paused: boolean;
  /** Days left including today, counted in `remainingUnit`; negative when overdue; null while paused. */
  remaining: number | null;
  /** What `remaining` counts: working days, or calendar days (a naturalDays or a months limit counts calendar days). */
  remainingUnit: RemainingUnit;
  /** Years the calendar has no holiday data for: the due date is provisional. */
  uncoveredYears: number[];
}

export interface CaseView {
  id: string;
  projectId: string;
  parentId: string | null;
  childKey: string | null;
  definition: { id: string; version: number; title: string; latestVersion: number };
  /** The version for If-Match (also the ETag). */
  seq: number;
  state: string;
  statusLabel: string;
  status: 'active' | 'done';
  stage: string | null;
  departmentQueue: string | null;
  waitingOn: string;
  timerState: string | null;
  deadline: DeadlineView | null;
  /** The machine's context: materials, decisions, certificates, commitments … */
  data: Record<string, unknown>;
  children: CaseChild[];
  allowedEvents: EventSpec[];
  /** 上传材料: offered only when the upload route accepts it (the same rule), with the reason when it does not. */
  upload: UploadOffer;
  createdAt: string;
  updatedAt: string;
}

/**
 * What a view asks the definition's offers at: the credit facts and `at` of one instant, read once, so a bar that
 * ends between two clock reads cannot be judged at one time and offered at another.
 */
function offerCircumstances(creditBars: Parameters<typeof creditFacts>[0], now: Date): Circumstances {
  return { facts: { enterprise: creditFacts(creditBars, now) }, at: now.toISOString() };
}

/** The read model of one case for one caller: what it is, where it stands, what this caller can do now. */
@Injectable()
export class CaseViewService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly definitions: DefinitionRegistry,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly access: AccessPolicy,
    private readonly repo: EngineRepository,
    private readonly gates: EventGates,
  ) {}

  /**
   * Object-level access to a case: the caller must see its project (a clerk: a project that reached their
   * department) and hold `permission` there. A case the caller may not see answers exactly like one that does
   * not exist, so nothing tells them it does.
   */
  async authorize(
    user: AuthUser,
    instanceId: string,
    permission: Permission,
  ): Promise<{ id: string; enterpriseId: string }> {
    // One round trip: the project, and for a clerk whether it reached their department.
    const target = await this.repo.caseAccess(this.dataSource.manager, instanceId, clerkDepartment(user));
    if (!target) throw new AppException('NOT_FOUND', `办件不存在 / Case ${instanceId} does not exist`);
    return this.decide(user, instanceId, permission, target);
  }

  /** The same check for a command, made by the engine on the row it locks (CommandService.apply). */
  commandAccess(user: AuthUser, instanceId: string): CommandAccess {
    return {
      userId: user.id,
      department: clerkDepartment(user),
      check: (target) => this.access.actorFor(user, this.decide(user, instanceId, 'case:act', target)),
    };
  }

  private decide(
    user: AuthUser,
    instanceId: string,
    permission: Permission,
    target: { projectId: string; enterpriseId: string | null; reachedDepartment: boolean },
  ): { id: string; enterpriseId: string } {
    const notFound = () => new AppException('NOT_FOUND', `办件不存在 / Case ${instanceId} does not exist`);
    if (!target.enterpriseId || !target.reachedDepartment) throw notFound();
    const project = { id: target.projectId, enterpriseId: target.enterpriseId };
    if (!this.access.canSee(user, project)) throw notFound();
    this.access.assertCan(user, permission, project);
    return project;
  }

  /**
   * A refused event (EVENT_NOT_ALLOWED) answered with what the caller can do now, read through `view` — the
   * computation the case view offers with — so the refusal and the page the user reloads cannot disagree.
   */
  async explainRefusal(refusal: AppException, user: AuthUser, instanceId: string): Promise<AppException> {
    let view: CaseView;
    try {
      const project = await this.authorize(user, instanceId, 'case:read');
      const actor = this.access.can(user, 'case:act', project) ? this.access.actorFor(user, project) : null;
      view = await this.view(instanceId, actor);
    } catch {
      return refusal; // the refusal itself is the answer; a failing re-read must not replace it
    }
    const possible = view.allowedEvents.filter((e) => !e.disabledReason).map((e) => e.label);
    const now = possible.length ? `当前可以办理：${possible.join('、')}` : '当前没有您可以办理的操作';
    const details = refusal.details && typeof refusal.details === 'object' ? refusal.details : {};
    return new AppException('EVENT_NOT_ALLOWED', `${refusal.message}；${now}`, {
      ...details,
      allowedEvents: view.allowedEvents,
      possibleNow: possible,
      currentSeq: view.seq,
    });
  }

  /** The instance's project (for access checks) or 404. */
  async projectOf(
    instanceId: string,
    m: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; enterpriseId: string }> {
    const target = await this.repo.caseAccess(m, instanceId, null);
    if (!target?.enterpriseId) throw new AppException('NOT_FOUND', `办件不存在 / Case ${instanceId} does not exist`);
    return { id: target.projectId, enterpriseId: target.enterpriseId };
  }

  /**
   * What every list of allowedEvents goes through (the case view, the project's status, the task list): the
   * API's gates narrow the definitions' offers by the rules they check commands with, read once for the cases.
   */
  offers(instanceIds: string[]): Promise<OfferNarrowing> {
    return this.gates.offers(instanceIds);
  }

  /** Whether the API's gates narrow any of these offered events: only such cases need `offers` (a round trip). */
  gatesConcern(events: EventSpec[]): boolean {
    return this.gates.concerns(events);
  }

  /**
   * Working days a clock of government time has counted now (every pause taken off, an open one included, also once
   * it is overdue) and has left.
   */
  clockUse(spec: DeadlineSpec): { used: number; left: number } {
    const used = this.calendar.resolve(spec).ran(this.clock.now().toISOString());
    return { used, left: spec.amount - used };
  }

  deadlineView(spec: DeadlineSpec | null, now: Date = this.clock.now()): DeadlineView | null {
    if (!spec) return null;
    const r = this.calendar.resolve(spec);
    // Paused while any pause is open, also one opened after the due date passed: the calendar keeps that due date
    // (an overdue clock stays overdue), but the clock stands, and people must read that it does.
    const paused = r.paused || (spec.pauses ?? []).some((p) => !p.to);
    return {
      ...spec,
      dueDate: r.dueDate,
      dueAt: r.dueAt,
      warnAt: r.warnAt,
      paused,
      remaining: paused ? null : r.remaining(now.toISOString()),
      remainingUnit: remainingUnitOf(spec.unit),
      uncoveredYears: r.uncoveredYears,
    };
  }

  /**
   * The case view after a command, built from what the command read and wrote (no round trip). Null when a
   * cascade came back to the case or changed its children: then only a fresh read shows them.
   */
  async fromWrite(result: { cascade: AppliedEvent[]; target: WrittenTarget }): Promise<CaseView | null> {
    const { row, summary, snapshot, actor } = result.target;
    const children = new Set(row.children.map((c) => c.id));
    if (
      result.cascade.some((e) => e.type === INSTANCE_CREATED || e.instanceId === row.id || children.has(e.instanceId))
    )
      return null;
    const def = this.definitions.get(row.definitionId, row.definitionVersion);
    const now = this.clock.now();
    const offered = summary.done ? [] : def.allowedEvents(snapshot, actor, offerCircumstances(row.creditBars, now));
    // What the API's gates refuse is not offered; they read what the command does not change (uploaded files).
    const narrowed = this.gates.concerns(offered)
      ? (await this.offers([row.id]))(row.id, snapshot.context, offered)
      : offered;
    return {
      id: row.id,
      projectId: row.projectId,
      parentId: row.parentId,
      childKey: row.childKey,
      definition: {
        id: def.id,
        version: def.version,
        title: def.title,
        latestVersion: this.definitions.latest(def.id).version,
      },
      seq: result.target.seq,
      state: summary.state,
      statusLabel: summary.statusLabel,
      status: summary.done ? 'done' : 'active',
      stage: summary.stage ?? null,
      departmentQueue: summary.departmentQueue ?? null,
      waitingOn: summary.waitingOn,
      timerState: summary.timerState ?? null,
      deadline: summary.done ? null : this.deadlineView(summary.deadline ?? null, now),
      data: servedData(def.id, snapshot.context),
      children: row.children,
      allowedEvents: narrowed,
      upload: uploadOffer(
        uploadTargetOf(snapshot.context, summary.done),
        this.access.actorMay(actor, 'material:upload'),
      ),
      createdAt: row.createdAt.toISOString(),
      updatedAt: result.target.updatedAt.toISOString(),
    };
  }

  /**
   * GET /api/cases/{id}: authorize (case:read) and view, as the two would answer, from one round trip (the
   * access columns ride on the view's rows).
   */
  async viewFor(user: AuthUser, instanceId: string): Promise<CaseView> {
    const found = await this.repo.caseWithAccess(this.dataSource.manager, instanceId, clerkDepartment(user));
    if (!found) throw new AppException('NOT_FOUND', `办件不存在 / Case ${instanceId} does not exist`);
    const project = this.decide(user, instanceId, 'case:read', found.access);
    const actor = this.access.can(user, 'case:act', project) ? this.access.actorFor(user, project) : null;
    return this.viewOf(instanceId, found.rows, actor, this.access.can(user, 'material:upload', project));
  }

  /** The view for `actor`, who passed the case's access check (null: read only, no offers). */
  async view(instanceId: string, actor: Actor | null, m: EntityManager = this.dataSource.manager): Promise<CaseView> {
    // The instance, its children and the enterprise's credit facts in one round trip.
    const rows = await this.repo.caseWithChildren(m, instanceId);
    return this.viewOf(instanceId, rows, actor, actor !== null && this.access.actorMay(actor, 'material:upload'));
  }

  private async viewOf(instanceId: string, rows: Row[], actor: Actor | null, mayUpload: boolean): Promise<CaseView> {
    const r = rows[0];
    if (!r || r.id !== instanceId)
      throw new AppException('NOT_FOUND', `办件不存在 / Case ${instanceId} does not exist`);
    const def = this.definitions.get(r.definition_id, r.definition_version);
    const children = rows.slice(1);
    const snapshot = r.snapshot as PersistedSnapshot;
    const now = this.clock.now();
    const offered =
      actor && r.status === 'active'
        ? def.allowedEvents(snapshot, actor, offerCircumstances(r.credit_bars ?? [], now))
        : [];
    // What the API's gates refuse is not offered (the same rules narrow both).
    const allowedEvents = this.gates.concerns(offered)
      ? (await this.offers([instanceId]))(instanceId, snapshot.context, offered)
      : offered;
    return {
      id: r.id,
      projectId: r.project_id,
      parentId: r.parent_id,
      childKey: r.child_key,
      definition: {
        id: def.id,
        version: def.version,
        title: def.title,
        latestVersion: this.definitions.latest(def.id).version,
      },
      seq: r.seq,
      state: r.state,
      statusLabel: r.status_label,
      status: r.status,
      stage: r.stage,
      departmentQueue: r.department_queue,
      waitingOn: r.waiting_on,
      timerState: r.timer_state,
      deadline: r.status === 'done' ? null : this.deadlineView(r.deadline, now),
      data: servedData(def.id, snapshot.context),
      children: children.map((c: Record<string, unknown>) => ({
        id: c.id as string,
        childKey: c.child_key as string,
        definitionId: c.definition_id as string,
        state: c.state as string,
        statusLabel: c.status_label as string,
        status: c.status as string,
        departmentQueue: (c.department_queue as string | null) ?? null,
        dueAt: c.due_at ? (c.due_at as Date).toISOString() : null,
        timerState: (c.timer_state as string | null) ?? null,
      })),
      allowedEvents,
      upload: uploadOffer(uploadTargetOf(snapshot.context, r.status === 'done'), mayUpload),
      createdAt: (r.created_at as Date).toISOString(),
      updatedAt: (r.updated_at as Date).toISOString(),
    };
  }
}

/**
 * The contract between the pure workflow core (workflows/) and the durable engine (src/).
 *
 * Everything here is plain data: the engine persists snapshots and events as JSON, replays them through
 * the same definition version, and never reaches inside a machine. Nothing in workflows/ imports Nest,
 * TypeORM, node:* or reads the clock: time enters as `occurredAt` on events, external facts (credit
 * records) enter as `facts`, stamped by the engine and stored with the event so replay is deterministic.
 */

/** Who can act. `system` is the engine itself (timers, parent/child notifications, seeding). */
/** `leader` is a 项目长 (包保制: a member of the zone's leadership leading key projects). */
export type Role = 'clerk' | 'steward' | 'enterprise' | 'leader' | 'auditor' | 'admin' | 'system';

export interface Actor {
  userId: string;
  role: Role;
  /** Department code for clerks (catalog `departments`), e.g. 'window', 'planning', 'housing', 'fire'. */
  department?: string;
  /** Enterprise the user belongs to (enterprise role). */
  enterpriseId?: string;
  /** Enterprise a steward (项目管家) acts for (代办); recorded on the event. */
  onBehalfOf?: string;
}

/** Facts from outside the instance that guards need; stamped by the engine, stored with the event. */
export interface Facts {
  enterprise?: {
    /**
     * 容缺 is barred at the event's time: by an unrepaired 容缺 breach, or by an unrepaired 告知承诺 record while it
     * bars 告知承诺 (workflows/core/credit.ts, the one place this is decided).
     */
    toleranceBarred: boolean;
    /** 告知承诺 eligibility lost until this ISO time (6 months after a breach), if any. */
    commitmentBarredUntil?: string | null;
    /** The record that bars 容缺, for the refusal message (absent on events stamped before it was recorded). */
    toleranceBarredBy?: CreditBarRecord | null;
  };
}

/** A credit record (信用记录) as a refusal names it. */
export interface CreditBarRecord {
  /** What was breached: a 容缺 commitment or a 告知承诺. */
  kind: 'tolerance' | 'notifyCommitment';
  reason: string;
  /** When it was recorded (the breaching event's time). */
  recordedAt: string;
  /** When the bar ends by itself; null: only a repair lifts it. */
  until: string | null;
}

/** What the engine knows beside the case when it judges an event: the enterprise's facts and the time. */
export interface Circumstances {
  facts?: Facts;
  /** ISO instant of the event (or of the question, for allowedEvents). */
  at?: string;
}

export type Payload = Record<string, unknown>;

export interface EngineEvent<P extends Payload = Payload> {
  type: string;
  payload: P;
  actor: Actor;
  /** ISO 8601 instant, e.g. '2026-03-02T09:30:00.000Z'. The only source of time for machines. */
  occurredAt: string;
  facts?: Facts;
}

/** The first event (sequence 1) of every instance; its payload is the definition's input. */
export const INSTANCE_CREATED = 'INSTANCE_CREATED';
/** Recorded when an admin moves an instance to a newer definition version; payload { fromVersion, toVersion }. */
export const INSTANCE_MIGRATED = 'INSTANCE_MIGRATED';
/**
 * Recorded when a file is uploaded for a material of an item; payload { fileId, materialCode, fileName, size,
 * mediaType, sha256 }. An engine event like INSTANCE_MIGRATED: it puts the file's content under the hash chain
 * and changes no state, so no machine needs to know it (replay skips it).
 */
export const MATERIAL_UPLOADED = 'MATERIAL_UPLOADED';
/**
 * Recorded when a notice's PDF is stored; payload { noticeId, number, sha256 }. Like MATERIAL_UPLOADED it puts
 * the document under the hash chain and changes no state (replay skips it).
 */
export const NOTICE_STORED = 'NOTICE_STORED';

/** A JSON Schema (draft 2020-12 subset) object; complete enough for a client to build a valid payload. */
export type JsonSchema = Record<string, unknown>;

export interface EventSpec {
  type: string;
  /** zh-CN label shown on the action button, e.g. '窗口受理'. */
  label: string;
  /** zh-CN: why the action is shown but cannot be sent now (the UI greys it out); absent when it can. */
  disabledReason?: string;
  /** Roles that may send it. 'system' only: never offered to people (timers, notifications). */
  roles: Role[];
  payloadSchema: JsonSchema;
}

export type TimeUnit = 'workingDays' | 'naturalDays' | 'months';

/**
 * A deadline as data. Machines store specs, never computed dates: the working-day calendar (itself data an
 * admin can extend) resolves them, so replay never depends on which holiday years were loaded.
 */
export interface DeadlineSpec {
  /** What runs out, e.g. 'promisedTimeLimit', 'toleranceSupplement', 'workStart', 'rectification',
   * 'jointAcceptance', 'wholeProcess'. */
  kind: string;
  label: string;
  /** ISO instant the clock (re)started. */
  startedAt: string;
  amount: number;
  unit: TimeUnit;
  /** Clock pauses (特别程序). An open pause has no `to`: the deadline is suspended. */
  pauses: { from: string; to?: string }[];
  /** Share of the limit after which the timer state turns to warning (预警); default 0.8. */
  warningShare?: number;
  /**
   * Extensions (延期), in `unit`: each runs from the last day of the period before it, as the calendar resolves
   * that day (rolled off a rest day, 民法典 art. 203), so the machine stores the request, never a computed date.
   */
  extendedBy?: number[];
}

/** The state of a clock (时限状态). */
export type TimerState = 'normal' | 'warning' | 'overdue' | 'paused' | 'stopped';

export type Effect =
  /** Create a child instance (approval item, commitment, section …) linked to this one. */
  | {
      kind: 'createChild';
      /** Unique among this instance's children, stable across replays, e.g. 'item:planning-permit'. */
      childKey: string;
      definitionId: string;
      definitionVersion: number;
      input: Payload;
    }
  /** Send an event to the parent instance (actor: system), e.g. ITEM_DECIDED. */
  | { kind: 'notifyParent'; event: { type: string; payload: Payload } }
  /** Send an event to a child instance by key (actor: system). */
  | { kind: 'notifyChild'; childKey: string; event: { type: string; payload: Payload } }
  /** Fire `event` on this instance when the deadline resolves (at: 'due' → the start of the day after the
   * last day; 'warning' → when warningShare of the limit has passed; or an explicit ISO instant). Replaces a
   * timer with the same key. */
  | {
      kind: 'scheduleTimer';
      timerKey: string;
      deadline: DeadlineSpec;
      at: 'due' | 'warning' | { reminderWorkingDaysBefore: number };
      event: { type: string; payload: Payload };
    }
  | { kind: 'cancelTimer'; timerKey: string }
  /** Write a credit record (信用记录) for an enterprise. */
  | {
      kind: 'creditRecord';
      enterpriseId: string;
      reason: string;
      barsTolerance: boolean;
      barsCommitmentUntil?: string;
    };

/** A snapshot as persisted (XState's getPersistedSnapshot output): plain JSON. */
export type PersistedSnapshot = Record<string, unknown> & { value: unknown; context: Record<string, unknown> };

export interface StepResult {
  snapshot: PersistedSnapshot;
  effects: Effect[];
  /** describe(snapshot), computed from the live snapshot so the engine need not restore it again. */
  summary?: InstanceSummary;
}

export type RejectionCode =
  /** No transition for this event in this state. */
  | 'EVENT_NOT_ALLOWED'
  /** The event exists here but this actor may not send it (role, department, ownership). */
  | 'FORBIDDEN'
  /** Payload does not match the event's schema. */
  | 'INVALID_PAYLOAD'
  /** Allowed in principle but a business rule refuses it now (e.g. tolerance not eligible); message says why. */
  | 'RULE_VIOLATION';

export interface Rejection {
  code: RejectionCode;
  message: string;
  details?: unknown;
}

export type StepOutcome = ({ ok: true } & StepResult) | ({ ok: false } & Rejection);

/** What the engine stores in query columns and shows in lists. */
export interface InstanceSummary {
  /** Machine state as a stable dotted string, e.g. 'departmentAccepted' or 'construction.review'. */
  state: string;
  /** zh-CN human status, e.g. '部门审查中'. */
  statusLabel: string;
  /** Project stage key when meaningful: 'landPlanning' | 'engineeringPermit' | 'constructionPermit' | 'completionAcceptance'. */
  stage?: string | null;
  /** Department whose queue this waits in (catalog department code), if a department must act. */
  departmentQueue?: string | null;
  /** Who must act next. */
  waitingOn: 'department' | 'enterprise' | 'system' | 'none';
  /** The deadline that matters now, if any. */
  deadline?: DeadlineSpec | null;
  timerState?: TimerState | null;
  /** Final state reached (no more events). */
  done: boolean;
}

export interface WorkflowDefinition<TInput extends Payload = Payload> {
  id: string;
  version: number;
  /** zh-CN title, e.g. '事项实例'. */
  title: string;
  /** The XState machine (for diagrams, model-based tests). */
  machine: unknown;
  /** Every event type this definition accepts, with label, roles and payload schema. */
  events: Record<string, EventSpec>;
  /** JSON Schema of the input (the payload of INSTANCE_CREATED). */
  inputSchema: JsonSchema;
  /** The initial snapshot; `event` is the INSTANCE_CREATED event (actor, occurredAt, payload = input). */
  start(event: EngineEvent<TInput>): StepOutcome;
  /** One pure transition. Never throws for bad input: rejects with a code instead. */
  step(snapshot: PersistedSnapshot, event: EngineEvent): StepOutcome;
  /**
   * The events this actor could send now with some payload, each with its payloadSchema narrowed to what
   * step() accepts (state, role/department/ownership, the case's rules; the enterprise's facts when given).
   */
  allowedEvents(snapshot: PersistedSnapshot, actor: Actor, circumstances?: Circumstances): EventSpec[];
  describe(snapshot: PersistedSnapshot): InstanceSummary;
  /**
   * The catalog departments that can act on this instance now (the work queues list it for each of them). For a
   * definition several departments act on at once (a joint acceptance inspection), read off its own offers: the
   * departments whose clerk allowedEvents offers at least one enabled action a person sends. For every other
   * definition, the department its summary waits on, if any. Not part of the summary: it is the server's reading
   * of the offers, so it applies to every released version without changing what describe() returns.
   * `summary`: describe(snapshot), when the caller has it already.
   */
  actingDepartments(snapshot: PersistedSnapshot, summary?: InstanceSummary): string[];
  /**
   * Replay without a persist/restore round trip per event: the same checks and transitions as start()/step(),
   * on a state kept in memory. `persist(fold(...))` equals what the same events through step() persist.
   */
  live?: LiveFold;
}

/** An in-memory state of a definition, opaque to callers; only `persist` turns it into a snapshot. */
export interface LiveState {
  readonly __brand: 'LiveState';
}

export type LiveOutcome = { ok: true; state: LiveState } | ({ ok: false } & Rejection);

export interface LiveFold {
  start(event: EngineEvent): LiveOutcome;
  resume(snapshot: PersistedSnapshot): LiveState;
  step(state: LiveState, event: EngineEvent): LiveOutcome;
  persist(state: LiveState): PersistedSnapshot;
  describe(state: LiveState): InstanceSummary;
}

/** Moves a snapshot of (id, from) to (id, to), or refuses with a reason. */
export interface DefinitionMigration {
  definitionId: string;
  fromVersion: number;
  toVersion: number;
  migrate(snapshot: PersistedSnapshot): { ok: true; snapshot: PersistedSnapshot } | { ok: false; reason: string };
}

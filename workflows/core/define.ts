/**
 * Turns an XState machine plus its event table into a contract `WorkflowDefinition`.
 *
 * The machine's events are the engine's events themselves ({ type, payload, actor, occurredAt, facts }), its
 * input is the INSTANCE_CREATED event. Effects leave a transition as `emit` actions whose params are `Effect`
 * objects: XState's pure `transition()` returns them unexecuted, and `step()` hands them to the engine.
 */
import { createActor, getNextTransitions, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type {
  Actor,
  EngineEvent,
  Effect,
  Circumstances,
  EventSpec,
  InstanceSummary,
  JsonSchema,
  LiveState,
  PersistedSnapshot,
  Rejection,
  RejectionCode,
  WorkflowDefinition,
} from '../contract';
import { describeErrors, isIsoDateTime, validateSchema } from './json-schema';

export type { Circumstances };

export const EMIT = 'emit';

/** The action every machine declares in `setup({ actions })`; it does nothing when executed. */
export const emitAction = (_: unknown, _params: { effects: Effect[] }): void => undefined;

/** A bilingual rule message: zh-CN first, English after. The engine answers with the zh-CN part as the
 * message and keeps the English in `details` (splitReason). */
export function rule(zh: string, en: string): string {
  return `${zh}${SEPARATOR}${en}`;
}

const SEPARATOR = ' / ';

/**
 * Where the English half of one "zh / en" part starts: the first ' / ' outside brackets (「」（）), so a ' / ' inside a
 * quoted label (「核查承诺（现场核查 / 对标验收）」) stays in the Chinese half, while an English half may start with a
 * Chinese name ('告知承诺 in rectification: …'). -1 when there is none.
 */
function englishHalfAt(part: string): number {
  let depth = 0;
  for (let at = 0; at < part.length; at++) {
    const c = part.charAt(at);
    if (c === '「' || c === '（') depth++;
    else if ((c === '」' || c === '）') && depth > 0) depth--;
    else if (depth === 0 && part.startsWith(SEPARATOR, at)) return at;
  }
  return -1;
}

/**
 * A reason as rules write it ("zh / en", several joined with '；') split into what people read and what
 * developers read.
 */
export function splitReason(reason: string): { zh: string; en: string } {
  const zh: string[] = [];
  const en: string[] = [];
  for (const part of reason.split('；')) {
    const at = englishHalfAt(part);
    zh.push(at < 0 ? part : part.slice(0, at));
    if (at >= 0) en.push(part.slice(at + SEPARATOR.length));
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}

/**
 * A stored reason as people read it: the English half of each "zh / en" pair dropped, also where the pair was
 * quoted inside another text (a credit record quotes the outcome as "…（zh / en）"). Outcome and revocation
 * reasons are kept bilingual in released definitions and their records, so views cut them when they serve them.
 */
export function readableReason(text: string): string;
export function readableReason(text: string | null): string | null;
export function readableReason(text: string | null): string | null {
  return text === null ? null : text.replace(/ \/ [A-Za-z][^（）；]*/g, '');
}

export interface EventRule<C> {
  spec: EventSpec;
  /** Ownership/department check beyond the role list; returns a reason when the actor may not send it. */
  authorize?: (context: C, actor: Actor) => string | null;
  /**
   * Business rule on the case alone (not the payload): refuses the event like `check`, and also keeps it out
   * of allowedEvents, so nobody is offered an action that would be refused whatever they enter. The facts and
   * time are given when known (always when an event is judged; when the caller has them for allowedEvents).
   */
  precondition?: (context: C, circumstances: Circumstances) => string | null;
  /**
   * A decision the case is not ready for yet (the reviews a permit needs still open): refused like a
   * precondition, but offered greyed out with the reason (disabledReason, the zh-CN part) instead of hidden, so
   * the person who will send it sees why not yet. The enabled offers stay exactly what step() accepts. Asked
   * after the precondition (a hidden action stays hidden).
   */
  awaits?: (context: C, circumstances: Circumstances) => string | null;
  /**
   * The payload this actor may send on this case now: `spec.payloadSchema` narrowed (this item's materials,
   * the ones still missing, the actor's department's aspects, required/minItems where the rule needs them),
   * or a reason when no payload would do. The one declaration both sides read: step() refuses a payload
   * outside it (RULE_VIOLATION naming the field) and allowedEvents() offers it as the payloadSchema, so what
   * is offered and what is accepted cannot drift apart.
   */
  offer?: (context: C, actor: Actor, schema: JsonSchema) => JsonSchema | string;
  /** Business rule checked before the transition; returns a bilingual reason when it refuses. Only for what
   * neither a precondition nor an offered schema can say. */
  check?: (context: C, event: EngineEvent) => string | null;
}

export interface WorkflowSpec<C> {
  id: string;
  version: number;
  title: string;
  machine: AnyStateMachine;
  events: Record<string, EventRule<C>>;
  inputSchema: JsonSchema;
  /** Business rule on the input (beyond its schema); returns a reason when the instance cannot start. */
  checkInput?: (event: EngineEvent) => string | null;
  describe(value: unknown, context: C, done: boolean): InstanceSummary;
  /**
   * The catalog departments that may act on an instance at once, each on its own part in any order (a joint
   * acceptance inspection). actingDepartments then asks the definition's own offers which of them can act now;
   * absent, one department acts at a time: the one the summary waits on.
   */
  jointDepartments?: readonly string[];
}

export interface RuntimeDefinition<C = Record<string, unknown>> extends WorkflowDefinition {
  /** The machine snapshot for a persisted snapshot (for tests and graph traversal). */
  restore(snapshot: PersistedSnapshot): AnyMachineSnapshot;
  persist(snapshot: AnyMachineSnapshot): PersistedSnapshot;
  /** Context typed for callers that know the definition. */
  contextOf(snapshot: PersistedSnapshot): C;
}

function reject(code: RejectionCode, message: string, details?: unknown): { ok: false } & Rejection {
  return details === undefined ? { ok: false, code, message } : { ok: false, code, message, details };
}

/** A refusal from a rule's reason: the zh-CN part as the message, the English in details. */
function refuse(code: RejectionCode, reason: string, details?: Record<string, unknown>): { ok: false } & Rejection {
  const { zh, en } = splitReason(reason);
  return reject(code, zh, en || details ? { ...(en ? { reason: en } : {}), ...details } : undefined);
}

const ROLE_NAMES: Record<string, string> = {
  clerk: '窗口/科室工作人员',
  steward: '项目管家',
  enterprise: '建设单位',
  auditor: '审计/监察',
  admin: '系统管理员',
  system: '系统',
};

const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * Plain JSON without undefined members, so stored and recomputed snapshots compare equal: what
 * `JSON.parse(JSON.stringify(value))` returns, without building the string (a third of a replay's time).
 */
export function toJson<T>(value: T): T {
  return plain(value) as T;
}

function plain(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) {
    if (typeof value !== 'number') return value;
    if (!Number.isFinite(value)) return null;
    return value === 0 ? 0 : value; // -0 is written as 0
  }
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return plain(toJSON.call(value));
  if (Array.isArray(value)) return value.map((v) => (skipped(v) ? null : plain(v)));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (skipped(v)) continue;
    // JSON.parse makes "__proto__" an own property; plain assignment would set the prototype instead.
    if (key === '__proto__')
      Object.defineProperty(out, key, { value: plain(v), enumerable: true, writable: true, configurable: true });
    else out[key] = plain(v);
  }
  return out;
}

type ActionLike = { type: string; params?: unknown };

function effectsOf(actions: readonly ActionLike[]): Effect[] {
  const effects: Effect[] = [];
  for (const action of actions) {
    if (action.type === EMIT && action.params) effects.push(...(action.params as { effects: Effect[] }).effects);
  }
  return toJson(effects);
}

/** The state value as a stable dotted string: parallel regions joined with '|' in declaration order. */
export function stateString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries
      .map(([key, child]) => {
        const inner = stateString(child);
        return inner ? `${key}.${inner}` : key;
      })
      .join('|');
  }
  return '';
}

/**
 * XState's pure `transition()` / `initialTransition()` with one inert actor scope per machine instead of a new
 * one per call (each new scope creates an actor — which computes the machine's initial snapshot — and two
 * actor systems: most of a step's cost and garbage). The scope is the one XState builds (createInertActorScope):
 * actions are collected, never executed. Sharing it is safe because the definitions invoke and spawn no
 * actors (nothing registers in its system) and a transition is synchronous.
 */
function pureTransitions(machine: AnyStateMachine) {
  let collected: ActionLike[] = [];
  let scope: unknown;
  const scopeOf = () => {
    if (scope) return scope;
    const self = createActor(machine);
    const noop = () => undefined;
    scope = {
      self,
      id: '',
      sessionId: '',
      system: self.system,
      defer: noop,
      logger: noop,
      stopChild: noop,
      emit: noop,
      actionExecutor: (action: ActionLike) => collected.push(action),
    };
    return scope;
  };
  const run = (fn: (s: never) => AnyMachineSnapshot): [AnyMachineSnapshot, ActionLike[]] => {
    const actions: ActionLike[] = [];
    collected = actions;
    try {
      return [fn(scopeOf() as never), actions];
    } finally {
      collected = [];
    }
  };
  return {
    initial: (input: unknown) => run((s) => machine.getInitialSnapshot(s, input)),
    next: (snapshot: AnyMachineSnapshot, event: unknown) => run((s) => machine.transition(snapshot, event as never, s)),
  };
}

export function defineWorkflow<C>(spec: WorkflowSpec<C>): RuntimeDefinition<C> {
  const { machine } = spec;
  const pure = pureTransitions(machine);
  const events: Record<string, EventSpec> = Object.fromEntries(
    Object.entries(spec.events).map(([type, r]) => [type, r.spec]),
  );

  const persist = (snapshot: AnyMachineSnapshot): PersistedSnapshot =>
    toJson(machine.getPersistedSnapshot(snapshot)) as unknown as PersistedSnapshot;

  const restore = (persisted: PersistedSnapshot): AnyMachineSnapshot =>
    machine.resolveState({ value: persisted.value as never, context: persisted.context as never });

  const summarize = (snapshot: AnyMachineSnapshot): InstanceSummary =>
    spec.describe(snapshot.value, snapshot.context as C, snapshot.status === 'done');

  /**
   * Event types with a transition from the current state, guards aside. They depend only on the active state
   * nodes, so they are computed once per state value.
   */
  const enabledByState = new Map<string, Set<string>>();
  const NONE = new Set<string>();
  const enabledTypes = (snapshot: AnyMachineSnapshot): Set<string> => {
    if (snapshot.status !== 'active') return NONE;
    const key = stateString(snapshot.value);
    let types = enabledByState.get(key);
    if (!types) {
      types = new Set(getNextTransitions(snapshot).map((t) => t.eventType));
      enabledByState.set(key, types);
    }
    return types;
  };
  const hasTransition = (snapshot: AnyMachineSnapshot, type: string): boolean => enabledTypes(snapshot).has(type);
  /**
   * enabledTypes of a persisted snapshot, restored only the first time its state value is seen (only active
   * states are kept, and whether a state is final depends on its value alone): a case view, a project's status
   * and a work queue page ask this of every case they show.
   */
  const enabledTypesOf = (persisted: PersistedSnapshot): Set<string> =>
    enabledByState.get(stateString(persisted.value)) ?? enabledTypes(restore(persisted));

  const authorize = (r: EventRule<C>, context: C, actor: Actor): string | null => {
    if (!r.spec.roles.includes(actor.role)) {
      return rule(
        `${ROLE_NAMES[actor.role] ?? '该用户'}不能办理「${r.spec.label}」`,
        `role ${actor.role} may not send ${r.spec.type}`,
      );
    }
    return r.authorize ? r.authorize(context, actor) : null;
  };

  const validateEvent = (event: EngineEvent, schema: JsonSchema): Rejection | null => {
    if (!event || typeof event !== 'object') {
      return { code: 'INVALID_PAYLOAD', message: '事件格式不正确', details: { reason: 'event must be an object' } };
    }
    if (!isIsoDateTime(event.occurredAt)) {
      return {
        code: 'INVALID_PAYLOAD',
        message: '事件的发生时间格式不正确',
        details: [{ path: 'occurredAt', message: 'occurredAt must be an ISO 8601 date-time' }],
      };
    }
    if (!event.actor || typeof event.actor.role !== 'string') {
      return {
        code: 'INVALID_PAYLOAD',
        message: '事件缺少办理人',
        details: [{ path: 'actor', message: 'actor with a role is required' }],
      };
    }
    const errors = validateSchema(schema, event.payload ?? undefined);
    return errors.length > 0 ? { code: 'INVALID_PAYLOAD', message: describeErrors(errors), details: errors } : null;
  };

  const failed = (error: unknown) =>
    reject('RULE_VIOLATION', '办件状态无法处理此操作', {
      reason: `transition failed: ${error instanceof Error ? error.message : String(error)}`,
    });

  type Advanced =
    { ok: true; snapshot: AnyMachineSnapshot; actions: readonly ActionLike[] } | ({ ok: false } & Rejection);

  /** The initial state for an INSTANCE_CREATED event, with the actions that carry its effects. */
  const begin = (event: EngineEvent): Advanced => {
    try {
      const invalid = validateEvent(event, spec.inputSchema);
      if (invalid) return { ok: false, ...invalid };
      const violation = spec.checkInput?.(event);
      if (violation) return refuse('RULE_VIOLATION', violation);
      const [snapshot, actions] = pure.initial(toJson(event));
      if (snapshot.status === 'error') return failed(snapshot.error);
      return { ok: true, snapshot, actions };
    } catch (error) {
      return reject('INVALID_PAYLOAD', '无法创建办件', { reason: `cannot start: ${(error as Error).message}` });
    }
  };

  /** One event on a live snapshot: allowed here, by this actor, valid, within the rules; then the transition. */
  const advance = (snapshot: AnyMachineSnapshot, event: EngineEvent): Advanced => {
    try {
      const r = event && typeof event.type === 'string' ? spec.events[event.type] : undefined;
      if (!r) return refuse('EVENT_NOT_ALLOWED', rule('未知的办理事项', `unknown event ${String(event?.type)}`));
      if (!hasTransition(snapshot, event.type)) {
        return refuse(
          'EVENT_NOT_ALLOWED',
          rule(
            `当前状态（${summarize(snapshot).statusLabel}）不能办理「${r.spec.label}」`,
            `${event.type} is not allowed in state ${stateString(snapshot.value)}`,
          ),
        );
      }
      const context = snapshot.context as C;
      const forbidden = event.actor && typeof event.actor.role === 'string' ? authorize(r, context, event.actor) : null;
      if (forbidden) return refuse('FORBIDDEN', forbidden);
      const invalid = validateEvent(event, r.spec.payloadSchema);
      if (invalid) return { ok: false, ...invalid };
      const clean = toJson({ ...event, payload: event.payload ?? {} });
      const unmet = r.precondition?.(context, { facts: clean.facts, at: clean.occurredAt });
      if (unmet) return refuse('RULE_VIOLATION', unmet);
      const notYet = r.awaits?.(context, { facts: clean.facts, at: clean.occurredAt });
      if (notYet) return refuse('RULE_VIOLATION', notYet);
      const offered = r.offer?.(context, clean.actor, r.spec.payloadSchema);
      if (typeof offered === 'string') return refuse('RULE_VIOLATION', offered);
      if (offered) {
        const errors = validateSchema(offered, clean.payload);
        if (errors.length) return reject('RULE_VIOLATION', describeErrors(errors), errors);
      }
      const violation = r.check?.(context, clean);
      if (violation) return refuse('RULE_VIOLATION', violation);
      if (!snapshot.can(clean as never)) {
        return refuse(
          'RULE_VIOLATION',
          rule(`「${r.spec.label}」的条件不满足`, `the conditions for ${event.type} are not met in this state`),
        );
      }
      const [next, actions] = pure.next(snapshot, clean);
      if (next.status === 'error') return failed(next.error);
      return { ok: true, snapshot: next, actions };
    } catch (error) {
      return failed(error);
    }
  };

  const definition: RuntimeDefinition<C> = {
    id: spec.id,
    version: spec.version,
    title: spec.title,
    machine,
    events,
    inputSchema: spec.inputSchema,
    restore,
    persist,
    contextOf: (snapshot) => snapshot.context as unknown as C,

    start(event) {
      const begun = begin(event);
      if (!begun.ok) return begun;
      const { snapshot, actions } = begun;
      return { ok: true, snapshot: persist(snapshot), effects: effectsOf(actions), summary: summarize(snapshot) };
    },

    step(persisted, event) {
      let snapshot: AnyMachineSnapshot;
      try {
        snapshot = restore(persisted);
      } catch (error) {
        return failed(error);
      }
      const advanced = advance(snapshot, event);
      if (!advanced.ok) return advanced;
      const { snapshot: next, actions } = advanced;
      return { ok: true, snapshot: persist(next), effects: effectsOf(actions), summary: summarize(next) };
    },

    live: {
      start(event) {
        const begun = begin(event);
        return begun.ok ? { ok: true, state: begun.snapshot as unknown as LiveState } : begun;
      },
      resume: (persisted) => restore(persisted) as unknown as LiveState,
      step(state, event) {
        const advanced = advance(state as unknown as AnyMachineSnapshot, event);
        return advanced.ok ? { ok: true, state: advanced.snapshot as unknown as LiveState } : advanced;
      },
      persist: (state) => persist(state as unknown as AnyMachineSnapshot),
      describe: (state) => summarize(state as unknown as AnyMachineSnapshot),
    },

    allowedEvents(persisted, actor, circumstances = {}) {
      const context = persisted.context as unknown as C;
      const enabled = enabledTypesOf(persisted);
      const offered: EventSpec[] = [];
      for (const [type, r] of Object.entries(spec.events)) {
        if (!enabled.has(type) || authorize(r, context, actor) !== null) continue;
        if (r.precondition?.(context, circumstances)) continue;
        const schema = r.offer?.(context, actor, r.spec.payloadSchema);
        if (typeof schema === 'string') continue;
        const event = schema ? { ...r.spec, payloadSchema: schema } : r.spec;
        const notYet = r.awaits?.(context, circumstances);
        offered.push(notYet ? { ...event, disabledReason: splitReason(notYet).zh } : event);
      }
      return offered;
    },

    describe(persisted) {
      return summarize(restore(persisted));
    },

    actingDepartments(persisted, summary) {
      const joint = spec.jointDepartments;
      if (!joint) {
        const s = summary ?? definition.describe(persisted);
        return s.waitingOn === 'department' && s.departmentQueue ? [s.departmentQueue] : [];
      }
      // What each department's clerk is offered, as allowedEvents offers it: the one rule of who can act.
      return joint.filter((department) =>
        definition
          .allowedEvents(persisted, { userId: 'acting-departments', role: 'clerk', department })
          .some((e) => !e.disabledReason && e.roles.some((r) => r !== 'system')),
      );
    },
  };
  return definition;
}

/** Authorization helpers shared by the definitions. */
export const who = {
  system(_: unknown, actor: Actor): string | null {
    return actor.role === 'system' ? null : '仅限系统 / system only';
  },
  /** A clerk of the given department (named for people by `name`). */
  department(code: string, actor: Actor, name = '主管部门'): string | null {
    if (actor.role !== 'clerk') return null;
    return actor.department === code ? null : rule(`仅限${name}工作人员办理`, `only a clerk of department ${code}`);
  },
  /** The enterprise that owns the case, or a steward acting on its behalf (代办). */
  owner(enterpriseId: string, actor: Actor): string | null {
    if (actor.role === 'enterprise') {
      return actor.enterpriseId === enterpriseId ? null : rule('只能办理本企业的项目', 'only the owning enterprise');
    }
    if (actor.role === 'steward') {
      return actor.onBehalfOf === enterpriseId
        ? null
        : rule('项目管家须代该项目的建设单位办理', 'steward must act on behalf of the owner');
    }
    return null;
  },
};

export function spec(type: string, label: string, roles: EventSpec['roles'], payloadSchema: JsonSchema): EventSpec {
  return { type, label, roles, payloadSchema };
}

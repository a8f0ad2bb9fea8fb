/**
 * Turns an XState machine plus its event table into a contract `WorkflowDefinition`.
 *
 * The machine's events are the engine's events themselves ({ type, payload, actor, occurredAt, facts }), its
 * input is the INSTANCE_CREATED event. Effects leave a transition as `emit` actions whose params are `Effect`
 * objects: XState's pure `transition()` returns them unexecuted, and `step()` hands them to the engine.
 */
import {
  getNextTransitions,
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
} from 'xstate';
import type {
  Actor,
  EngineEvent,
  Effect,
  EventSpec,
  InstanceSummary,
  JsonSchema,
  PersistedSnapshot,
  Rejection,
  RejectionCode,
  WorkflowDefinition,
} from '../contract';
import { isIsoDateTime, validateSchema } from './json-schema';

export const EMIT = 'emit';

/** The action every machine declares in `setup({ actions })`; it does nothing when executed. */
export const emitAction = (_: unknown, _params: { effects: Effect[] }): void => undefined;

/** A bilingual rule message: zh-CN first, English after. */
export function rule(zh: string, en: string): string {
  return `${zh} / ${en}`;
}

export interface EventRule<C> {
  spec: EventSpec;
  /** Ownership/department check beyond the role list; returns a reason when the actor may not send it. */
  authorize?: (context: C, actor: Actor) => string | null;
  /** Business rule checked before the transition; returns a bilingual reason when it refuses. */
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

/** Plain JSON without undefined members, so stored and recomputed snapshots compare equal. */
function toJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function effectsOf(actions: readonly { type: string; params?: unknown }[]): Effect[] {
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

export function defineWorkflow<C>(spec: WorkflowSpec<C>): RuntimeDefinition<C> {
  const { machine } = spec;
  const events: Record<string, EventSpec> = Object.fromEntries(
    Object.entries(spec.events).map(([type, r]) => [type, r.spec]),
  );

  const persist = (snapshot: AnyMachineSnapshot): PersistedSnapshot =>
    toJson(machine.getPersistedSnapshot(snapshot)) as unknown as PersistedSnapshot;

  const restore = (persisted: PersistedSnapshot): AnyMachineSnapshot =>
    machine.resolveState({ value: persisted.value as never, context: persisted.context as never });

  const summarize = (snapshot: AnyMachineSnapshot): InstanceSummary =>
    spec.describe(snapshot.value, snapshot.context as C, snapshot.status === 'done');

  /** Event types with a transition from the current state (one traversal, not one per event type). */
  const enabledTypes = (snapshot: AnyMachineSnapshot): Set<string> =>
    snapshot.status === 'active' ? new Set(getNextTransitions(snapshot).map((t) => t.eventType)) : new Set();
  const hasTransition = (snapshot: AnyMachineSnapshot, type: string): boolean => enabledTypes(snapshot).has(type);

  const authorize = (r: EventRule<C>, context: C, actor: Actor): string | null => {
    if (!r.spec.roles.includes(actor.role)) {
      return `角色 ${actor.role} 不能执行「${r.spec.label}」 / role ${actor.role} may not send ${r.spec.type}`;
    }
    return r.authorize ? r.authorize(context, actor) : null;
  };

  const validateEvent = (event: EngineEvent, schema: JsonSchema): Rejection | null => {
    if (!event || typeof event !== 'object') return { code: 'INVALID_PAYLOAD', message: 'event must be an object' };
    if (!isIsoDateTime(event.occurredAt)) {
      return {
        code: 'INVALID_PAYLOAD',
        message: 'occurredAt must be an ISO 8601 date-time',
        details: [{ path: 'occurredAt' }],
      };
    }
    if (!event.actor || typeof event.actor.role !== 'string') {
      return { code: 'INVALID_PAYLOAD', message: 'actor with a role is required', details: [{ path: 'actor' }] };
    }
    const errors = validateSchema(schema, event.payload ?? undefined);
    if (errors.length > 0) {
      return {
        code: 'INVALID_PAYLOAD',
        message: errors.map((e) => `${e.path} ${e.message}`).join('; '),
        details: errors,
      };
    }
    return null;
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
      try {
        const invalid = validateEvent(event, spec.inputSchema);
        if (invalid) return { ok: false, ...invalid };
        const violation = spec.checkInput?.(event);
        if (violation) return reject('RULE_VIOLATION', violation);
        const [snapshot, actions] = initialTransition(machine, toJson(event) as never);
        if (snapshot.status === 'error') return reject('RULE_VIOLATION', String(snapshot.error));
        return {
          ok: true,
          snapshot: persist(snapshot),
          effects: effectsOf(actions as never),
          summary: summarize(snapshot),
        };
      } catch (error) {
        return reject('INVALID_PAYLOAD', `cannot start: ${(error as Error).message}`);
      }
    },

    step(persisted, event) {
      try {
        const r = event && typeof event.type === 'string' ? spec.events[event.type] : undefined;
        if (!r)
          return reject('EVENT_NOT_ALLOWED', `未知事件 ${String(event?.type)} / unknown event ${String(event?.type)}`);
        const snapshot = restore(persisted);
        if (!hasTransition(snapshot, event.type)) {
          return reject(
            'EVENT_NOT_ALLOWED',
            `当前状态「${stateString(snapshot.value)}」不能执行「${r.spec.label}」 / ${event.type} is not allowed in state ${stateString(snapshot.value)}`,
          );
        }
        const context = snapshot.context as C;
        const forbidden =
          event.actor && typeof event.actor.role === 'string' ? authorize(r, context, event.actor) : null;
        if (forbidden) return reject('FORBIDDEN', forbidden);
        const invalid = validateEvent(event, r.spec.payloadSchema);
        if (invalid) return { ok: false, ...invalid };
        const clean = toJson({ ...event, payload: event.payload ?? {} });
        const violation = r.check?.(context, clean);
        if (violation) return reject('RULE_VIOLATION', violation);
        if (!snapshot.can(clean as never)) {
          return reject(
            'RULE_VIOLATION',
            `「${r.spec.label}」的条件不满足 / the conditions for ${event.type} are not met in this state`,
          );
        }
        const [next, actions] = transition(machine, snapshot, clean as never);
        if (next.status === 'error') return reject('RULE_VIOLATION', String(next.error));
        return { ok: true, snapshot: persist(next), effects: effectsOf(actions as never), summary: summarize(next) };
      } catch (error) {
        return reject('RULE_VIOLATION', `transition failed: ${(error as Error).message}`);
      }
    },

    allowedEvents(persisted, actor) {
      const snapshot = restore(persisted);
      const context = snapshot.context as C;
      const enabled = enabledTypes(snapshot);
      return Object.entries(spec.events)
        .filter(([type, r]) => enabled.has(type) && authorize(r, context, actor) === null)
        .map(([, r]) => r.spec);
    },

    describe(persisted) {
      return summarize(restore(persisted));
    },
  };
  return definition;
}

/** Authorization helpers shared by the definitions. */
export const who = {
  system(_: unknown, actor: Actor): string | null {
    return actor.role === 'system' ? null : '仅限系统 / system only';
  },
  /** A clerk of the given department. */
  department(code: string, actor: Actor): string | null {
    if (actor.role !== 'clerk') return null;
    return actor.department === code ? null : `仅限${code}部门工作人员 / only a clerk of department ${code}`;
  },
  /** The enterprise that owns the case, or a steward acting on its behalf (代办). */
  owner(enterpriseId: string, actor: Actor): string | null {
    if (actor.role === 'enterprise') {
      return actor.enterpriseId === enterpriseId ? null : '只能办理本企业的项目 / only the owning enterprise';
    }
    if (actor.role === 'steward') {
      return actor.onBehalfOf === enterpriseId
        ? null
        : '项目管家须代该企业办理 / steward must act on behalf of the owner';
    }
    return null;
  },
};

export function spec(type: string, label: string, roles: EventSpec['roles'], payloadSchema: JsonSchema): EventSpec {
  return { type, label, roles, payloadSchema };
}

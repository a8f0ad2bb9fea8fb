/**
 * An in-memory engine for tests and scenarios: it keeps instances, routes createChild / notifyParent /
 * notifyChild effects (actor: system), records scheduled timers and credit records, and stamps facts on events
 * the way the durable engine does. Pure: the caller supplies every time.
 */
import type { Actor, EngineEvent, Effect, Facts, Payload, PersistedSnapshot, StepOutcome } from '../contract';
import { INSTANCE_CREATED, INSTANCE_MIGRATED } from '../contract';
import { creditFacts } from '../core/credit';
import { migrationParentProblem } from '../core/migration-parent';
import type { Registry } from '../registry';
import { registry as defaultRegistry } from '../registry';
import type { StoredEvent } from '../replay';

export interface HarnessInstance {
  id: string;
  definitionId: string;
  definitionVersion: number;
  snapshot: PersistedSnapshot;
  parentId: string | null;
  childKey: string | null;
  children: Record<string, string>;
  events: StoredEvent[];
}

export interface HarnessTimer {
  instanceId: string;
  timerKey: string;
  effect: Extract<Effect, { kind: 'scheduleTimer' }>;
}

export interface CreditRecord {
  enterpriseId: string;
  reason: string;
  barsTolerance: boolean;
  barsCommitmentUntil?: string;
  at: string;
}

/** One command in the order it was sent, addressed by the child-key path from the root (seeding scripts). */
export interface SentCommand {
  path: string[];
  event: EngineEvent;
}

const SYSTEM: Actor = { userId: 'system', role: 'system' };

export class Harness {
  readonly instances = new Map<string, HarnessInstance>();
  readonly timers = new Map<string, HarnessTimer>();
  readonly credit: CreditRecord[] = [];
  /** Every event sent from outside (people and timers), in order; notifications are derived, not listed. */
  readonly commands: SentCommand[] = [];

  constructor(readonly registry: Registry = defaultRegistry) {}

  facts(enterpriseId: string | undefined, at: string): Facts {
    // The engine's rule (workflows/core/credit.ts) on the records written so far, at the event's time.
    const records = this.credit
      .filter((c) => c.enterpriseId === enterpriseId)
      .map((c) => ({ ...c, recordedAt: c.at, barsCommitmentUntil: c.barsCommitmentUntil ?? null }));
    return { enterprise: creditFacts(records, at) };
  }

  private enterpriseOf(instance: HarnessInstance): string | undefined {
    return (instance.snapshot.context as { enterpriseId?: string }).enterpriseId;
  }

  create(
    id: string,
    definitionId: string,
    version: number,
    input: Payload,
    actor: Actor,
    occurredAt: string,
    parentId: string | null = null,
    childKey: string | null = null,
  ): string {
    const definition = this.registry.getDefinition(definitionId, version);
    if (!definition) throw new Error(`no definition ${definitionId} v${version}`);
    const event: EngineEvent = {
      type: INSTANCE_CREATED,
      payload: input,
      actor,
      occurredAt,
      facts: this.facts(input.enterpriseId as string | undefined, occurredAt),
    };
    const outcome = definition.start(event);
    if (!outcome.ok) throw new Error(`cannot create ${id}: ${outcome.code} ${outcome.message}`);
    const instance: HarnessInstance = {
      id,
      definitionId,
      definitionVersion: version,
      snapshot: outcome.snapshot,
      parentId,
      childKey,
      children: {},
      events: [{ seq: 1, ...event, facts: event.facts }],
    };
    this.instances.set(id, instance);
    if (parentId) this.get(parentId).children[childKey!] = id;
    if (parentId === null) this.commands.push({ path: [], event });
    this.applyEffects(instance, outcome.effects, occurredAt);
    return id;
  }

  get(id: string): HarnessInstance {
    const instance = this.instances.get(id);
    if (!instance) throw new Error(`no instance ${id}`);
    return instance;
  }

  /** The instance reached from `rootId` through child keys. */
  at(rootId: string, ...path: string[]): HarnessInstance {
    let instance = this.get(rootId);
    for (const key of path) {
      const childId = instance.children[key];
      if (!childId)
        throw new Error(`${instance.id} has no child ${key} (has ${Object.keys(instance.children).join(', ')})`);
      instance = this.get(childId);
    }
    return instance;
  }

  pathOf(id: string): string[] {
    const path: string[] = [];
    let instance = this.get(id);
    while (instance.parentId) {
      path.unshift(instance.childKey!);
      instance = this.get(instance.parentId);
    }
    return path;
  }

  /** Sends an event from outside; throws when a derived notification is refused (a protocol bug). */
  send(id: string, type: string, actor: Actor, occurredAt: string, payload: Payload = {}): StepOutcome {
    const instance = this.get(id);
    const event: EngineEvent = {
      type,
      payload,
      actor,
      occurredAt,
      facts: this.facts(this.enterpriseOf(instance), occurredAt),
    };
    const outcome = this.deliver(instance, event);
    if (outcome.ok) this.commands.push({ path: this.pathOf(id), event: { type, payload, actor, occurredAt } });
    return outcome;
  }

  /** Fires a scheduled timer now (the engine would at its due time). */
  fire(id: string, timerKey: string, occurredAt: string): StepOutcome {
    const key = `${id}|${timerKey}`;
    const timer = this.timers.get(key);
    if (!timer) throw new Error(`no timer ${timerKey} on ${id} (has ${this.timersOf(id).join(', ')})`);
    this.timers.delete(key);
    return this.send(id, timer.effect.event.type, SYSTEM, occurredAt, timer.effect.event.payload);
  }

  timersOf(id: string): string[] {
    return [...this.timers.values()].filter((t) => t.instanceId === id).map((t) => t.timerKey);
  }

  migrate(
    id: string,
    toVersion: number,
    actor: Actor,
    occurredAt: string,
  ): { ok: true } | { ok: false; reason: string } {
    const instance = this.get(id);
    const migration = this.registry.getMigration(instance.definitionId, instance.definitionVersion, toVersion);
    if (!migration) return { ok: false, reason: 'no migration' };
    const parent = instance.parentId ? this.get(instance.parentId) : null;
    const parentProblem = migrationParentProblem(migration, parent);
    if (parentProblem !== null) return { ok: false, reason: parentProblem };
    const result = migration.migrate(instance.snapshot);
    if (!result.ok) return result;
    const payload = { fromVersion: instance.definitionVersion, toVersion };
    instance.events.push({ seq: instance.events.length + 1, type: INSTANCE_MIGRATED, payload, actor, occurredAt });
    instance.snapshot = result.snapshot;
    instance.definitionVersion = toVersion;
    this.commands.push({ path: this.pathOf(id), event: { type: INSTANCE_MIGRATED, payload, actor, occurredAt } });
    return { ok: true };
  }

  private deliver(instance: HarnessInstance, event: EngineEvent): StepOutcome {
    const definition = this.registry.getDefinition(instance.definitionId, instance.definitionVersion)!;
    const outcome = definition.step(instance.snapshot, event);
    if (!outcome.ok) return outcome;
    instance.snapshot = outcome.snapshot;
    instance.events.push({ seq: instance.events.length + 1, ...event });
    this.applyEffects(instance, outcome.effects, event.occurredAt);
    return outcome;
  }

  private notify(
    target: HarnessInstance,
    type: string,
    payload: Payload,
    occurredAt: string,
    from: HarnessInstance,
  ): void {
    const event: EngineEvent = {
      type,
      payload,
      actor: SYSTEM,
      occurredAt,
      facts: this.facts(this.enterpriseOf(target), occurredAt),
    };
    const outcome = this.deliver(target, event);
    if (!outcome.ok) {
      throw new Error(`${from.id} → ${target.id} ${type} refused: ${outcome.code} ${outcome.message}`);
    }
  }

  private applyEffects(instance: HarnessInstance, effects: Effect[], occurredAt: string): void {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'createChild':
          if (instance.children[effect.childKey]) throw new Error(`${instance.id} child ${effect.childKey} exists`);
          this.create(
            `${instance.id}/${effect.childKey}`,
            effect.definitionId,
            effect.definitionVersion,
            effect.input,
            SYSTEM,
            occurredAt,
            instance.id,
            effect.childKey,
          );
          break;
        case 'notifyParent':
          if (instance.parentId)
            this.notify(this.get(instance.parentId), effect.event.type, effect.event.payload, occurredAt, instance);
          break;
        case 'notifyChild': {
          const childId = instance.children[effect.childKey];
          if (!childId) throw new Error(`${instance.id} has no child ${effect.childKey}`);
          this.notify(this.get(childId), effect.event.type, effect.event.payload, occurredAt, instance);
          break;
        }
        case 'scheduleTimer':
          this.timers.set(`${instance.id}|${effect.timerKey}`, {
            instanceId: instance.id,
            timerKey: effect.timerKey,
            effect,
          });
          break;
        case 'cancelTimer':
          this.timers.delete(`${instance.id}|${effect.timerKey}`);
          break;
        case 'creditRecord':
          this.credit.push({
            enterpriseId: effect.enterpriseId,
            reason: effect.reason,
            barsTolerance: effect.barsTolerance,
            barsCommitmentUntil: effect.barsCommitmentUntil,
            at: occurredAt,
          });
          break;
      }
    }
  }

  state(id: string): unknown {
    return this.get(id).snapshot.value;
  }

  context<T = Record<string, unknown>>(id: string): T {
    return this.get(id).snapshot.context as T;
  }
}

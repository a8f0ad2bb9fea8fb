/**
 * Replay: fold stored events through the definition version they ran on, from the initial state. Seq 1 is
 * INSTANCE_CREATED (its payload is the input); INSTANCE_MIGRATED switches to the target version through its
 * migration; MATERIAL_UPLOADED and NOTICE_STORED change nothing. Optionally stops at a sequence number or an instant (as-of).
 * Pure and deterministic: facts and times come from the stored events.
 */
import type {
  Actor,
  EngineEvent,
  Facts,
  InstanceSummary,
  LiveFold,
  LiveState,
  Payload,
  PersistedSnapshot,
  Rejection,
  RejectionCode,
  WorkflowDefinition,
} from './contract';
import { INSTANCE_CREATED, INSTANCE_MIGRATED, MATERIAL_UPLOADED, NOTICE_STORED } from './contract';
import type { Registry } from './registry';
import { registry as defaultRegistry } from './registry';

export interface StoredEvent {
  seq: number;
  type: string;
  payload: Payload;
  actor: Actor;
  occurredAt: string;
  facts?: Facts;
}

export interface ReplayOptions {
  definitionId: string;
  /** The version the instance was created on. */
  version: number;
  /** Stop after this sequence number (inclusive). */
  upToSeq?: number;
  /** Stop before the first event that occurred after this ISO instant. */
  asOf?: string;
  registry?: Pick<Registry, 'getDefinition' | 'getMigration'>;
  /** Start from a checkpoint (the snapshot after event `seq`) instead of the initial state. */
  from?: { seq: number; snapshot: PersistedSnapshot; definitionVersion: number };
  /** Called after every folded event; a returned reason stops the replay as a failure at that event. */
  check?: (event: StoredEvent, view: ReplayView, definitionVersion: number) => string | null;
}

export type ReplayResult =
  | { ok: true; snapshot: PersistedSnapshot; definitionVersion: number; lastSeq: number }
  | { ok: false; seq: number; code: RejectionCode | 'BAD_HISTORY'; message: string };

/** What a replay check sees after each event; both are computed only when asked for. */
export interface ReplayView {
  snapshot(): PersistedSnapshot;
  summary(): InstanceSummary;
}

/** A definition's state during replay: live (in memory) where the definition can fold, persisted otherwise. */
class Cursor {
  private live: LiveState | null = null;
  private persisted: PersistedSnapshot | null = null;

  constructor(private definition: WorkflowDefinition) {}

  static started(definition: WorkflowDefinition, event: EngineEvent): Cursor | ({ ok: false } & Rejection) {
    const cursor = new Cursor(definition);
    if (definition.live) {
      const r = definition.live.start(event);
      if (!r.ok) return r;
      cursor.live = r.state;
    } else {
      const r = definition.start(event);
      if (!r.ok) return r;
      cursor.persisted = r.snapshot;
    }
    return cursor;
  }

  static from(definition: WorkflowDefinition, snapshot: PersistedSnapshot): Cursor {
    const cursor = new Cursor(definition);
    cursor.persisted = snapshot;
    return cursor;
  }

  step(event: EngineEvent): ({ ok: false } & Rejection) | null {
    const live = this.definition.live;
    if (live) {
      const r = live.step(this.live ?? live.resume(this.persisted as PersistedSnapshot), event);
      if (!r.ok) return r;
      this.live = r.state;
      this.persisted = null;
    } else {
      const r = this.definition.step(this.snapshot(), event);
      if (!r.ok) return r;
      this.persisted = r.snapshot;
    }
    return null;
  }

  /** Moves to another definition version with an already migrated snapshot. */
  migrated(definition: WorkflowDefinition, snapshot: PersistedSnapshot): void {
    this.definition = definition;
    this.persisted = snapshot;
    this.live = null;
  }

  snapshot(): PersistedSnapshot {
    this.persisted ??= (this.definition.live as LiveFold).persist(this.live as LiveState);
    return this.persisted;
  }

  summary(): InstanceSummary {
    return this.live && this.definition.live
      ? this.definition.live.describe(this.live)
      : this.definition.describe(this.snapshot());
  }
}

export function replay(events: readonly StoredEvent[], options: ReplayOptions): ReplayResult {
  const reg = options.registry ?? defaultRegistry;
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  let version = options.from?.definitionVersion ?? options.version;
  let definition = reg.getDefinition(options.definitionId, version);
  if (!definition) {
    return {
      ok: false,
      seq: options.from ? options.from.seq + 1 : 1,
      code: 'BAD_HISTORY',
      message: `unknown definition ${options.definitionId} v${version}`,
    };
  }
  const asOf = options.asOf ? new Date(options.asOf).getTime() : null;
  let cursor: Cursor;
  let lastSeq: number;
  let rest: readonly StoredEvent[];
  if (options.from) {
    cursor = Cursor.from(definition, options.from.snapshot);
    lastSeq = options.from.seq;
    rest = ordered.filter((e) => e.seq > lastSeq);
  } else {
    const first = ordered[0];
    if (!first || first.seq !== 1 || first.type !== INSTANCE_CREATED) {
      return {
        ok: false,
        seq: first?.seq ?? 1,
        code: 'BAD_HISTORY',
        message: 'the history must start with INSTANCE_CREATED at seq 1',
      };
    }
    const started = Cursor.started(definition, {
      type: first.type,
      payload: first.payload,
      actor: first.actor,
      occurredAt: first.occurredAt,
      facts: first.facts,
    });
    if (!(started instanceof Cursor)) return { ok: false, seq: 1, code: started.code, message: started.message };
    cursor = started;
    lastSeq = 1;
    const reason = options.check?.(first, cursor, version);
    if (reason) return { ok: false, seq: 1, code: 'BAD_HISTORY', message: reason };
    rest = ordered.slice(1);
  }
  for (const event of rest) {
    if (options.upToSeq !== undefined && event.seq > options.upToSeq) break;
    if (asOf !== null && new Date(event.occurredAt).getTime() > asOf) break;
    if (event.seq !== lastSeq + 1) {
      return { ok: false, seq: event.seq, code: 'BAD_HISTORY', message: `sequence gap: expected ${lastSeq + 1}` };
    }
    if (event.type === INSTANCE_MIGRATED) {
      const toVersion = Number(event.payload.toVersion);
      const migration = reg.getMigration(options.definitionId, version, toVersion);
      const target = reg.getDefinition(options.definitionId, toVersion);
      if (!migration || !target) {
        return { ok: false, seq: event.seq, code: 'BAD_HISTORY', message: `no migration v${version} → v${toVersion}` };
      }
      const moved = migration.migrate(cursor.snapshot());
      if (!moved.ok) return { ok: false, seq: event.seq, code: 'RULE_VIOLATION', message: moved.reason };
      cursor.migrated(target, moved.snapshot);
      version = toVersion;
      definition = target;
    } else if (event.type !== MATERIAL_UPLOADED && event.type !== NOTICE_STORED) {
      const refused = cursor.step({
        type: event.type,
        payload: event.payload,
        actor: event.actor,
        occurredAt: event.occurredAt,
        facts: event.facts,
      });
      if (refused) return { ok: false, seq: event.seq, code: refused.code, message: refused.message };
    }
    const reason = options.check?.(event, cursor, version);
    if (reason) return { ok: false, seq: event.seq, code: 'BAD_HISTORY', message: reason };
    lastSeq = event.seq;
  }
  return { ok: true, snapshot: cursor.snapshot(), definitionVersion: version, lastSeq };
}

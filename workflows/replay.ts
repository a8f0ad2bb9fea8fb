/**
 * Replay: fold stored events through the definition version they ran on, from the initial state. Seq 1 is
 * INSTANCE_CREATED (its payload is the input); INSTANCE_MIGRATED switches to the target version through its
 * migration. Optionally stops at a sequence number or an instant (as-of). Pure and deterministic: facts and
 * times come from the stored events.
 */
import type { Actor, Facts, Payload, PersistedSnapshot, RejectionCode } from './contract';
import { INSTANCE_CREATED, INSTANCE_MIGRATED } from './contract';
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
  registry?: Registry;
}

export type ReplayResult =
  | { ok: true; snapshot: PersistedSnapshot; definitionVersion: number; lastSeq: number }
  | { ok: false; seq: number; code: RejectionCode | 'BAD_HISTORY'; message: string };

export function replay(events: readonly StoredEvent[], options: ReplayOptions): ReplayResult {
  const reg = options.registry ?? defaultRegistry;
  const ordered = [...events].sort((a, b) => a.seq - b.seq);
  const first = ordered[0];
  if (!first || first.seq !== 1 || first.type !== INSTANCE_CREATED) {
    return { ok: false, seq: first?.seq ?? 1, code: 'BAD_HISTORY', message: 'the history must start with INSTANCE_CREATED at seq 1' };
  }
  let version = options.version;
  let definition = reg.getDefinition(options.definitionId, version);
  if (!definition) {
    return { ok: false, seq: 1, code: 'BAD_HISTORY', message: `unknown definition ${options.definitionId} v${version}` };
  }
  const asOf = options.asOf ? new Date(options.asOf).getTime() : null;
  const started = definition.start({ type: first.type, payload: first.payload, actor: first.actor, occurredAt: first.occurredAt, facts: first.facts });
  if (!started.ok) return { ok: false, seq: 1, code: started.code, message: started.message };
  let snapshot = started.snapshot;
  let lastSeq = 1;
  for (const event of ordered.slice(1)) {
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
      const moved = migration.migrate(snapshot);
      if (!moved.ok) return { ok: false, seq: event.seq, code: 'RULE_VIOLATION', message: moved.reason };
      snapshot = moved.snapshot;
      version = toVersion;
      definition = target;
    } else {
      const outcome = definition.step(snapshot, {
        type: event.type,
        payload: event.payload,
        actor: event.actor,
        occurredAt: event.occurredAt,
        facts: event.facts,
      });
      if (!outcome.ok) return { ok: false, seq: event.seq, code: outcome.code, message: outcome.message };
      snapshot = outcome.snapshot;
    }
    lastSeq = event.seq;
  }
  return { ok: true, snapshot, definitionVersion: version, lastSeq };
}

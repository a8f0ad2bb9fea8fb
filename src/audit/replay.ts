import {
  type Actor,
  type DefinitionMigration,
  type Facts,
  INSTANCE_CREATED,
  INSTANCE_MIGRATED,
  type PersistedSnapshot,
  type WorkflowDefinition,
} from '../../workflows/contract';

/** An event as stored, in the shape replay and the offline verifier need. */
export interface StoredEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  actor: Actor;
  facts: Facts | null;
  occurredAt: string;
  definitionVersion: number;
  stateAfter?: string;
}

export interface DefinitionSource {
  get(id: string, version: number): WorkflowDefinition | undefined;
  migration(id: string, from: number, to: number): DefinitionMigration | undefined;
}

export type ReplayResult =
  | { ok: true; snapshot: PersistedSnapshot; definitionVersion: number; seq: number }
  | { ok: false; seq: number; reason: string };

/**
 * Folds stored events through the definition versions they ran on, from the initial state. Starting from a
 * checkpoint (`from`) skips the events it already contains. Deterministic: the same events always give the
 * same snapshot, which is what verify compares with the stored one.
 */
export function replay(
  source: DefinitionSource,
  definitionId: string,
  events: StoredEvent[],
  opts: { from?: { seq: number; snapshot: PersistedSnapshot; definitionVersion: number }; uptoSeq?: number } = {},
): ReplayResult {
  let snapshot = opts.from?.snapshot;
  let version = opts.from?.definitionVersion ?? events[0]?.definitionVersion;
  let seq = opts.from?.seq ?? 0;
  for (const e of events) {
    if (e.seq <= seq) continue;
    if (opts.uptoSeq !== undefined && e.seq > opts.uptoSeq) break;
    if (e.seq !== seq + 1)
      return { ok: false, seq: e.seq, reason: `gap in sequence: expected ${seq + 1}, found ${e.seq}` };
    const event = {
      type: e.type,
      payload: e.payload,
      actor: e.actor,
      occurredAt: e.occurredAt,
      ...(e.facts ? { facts: e.facts } : {}),
    };
    if (e.type === INSTANCE_CREATED) {
      if (e.seq !== 1) return { ok: false, seq: e.seq, reason: 'INSTANCE_CREATED after the first event' };
      version = e.definitionVersion;
      const def = source.get(definitionId, version);
      if (!def) return { ok: false, seq: e.seq, reason: `definition ${definitionId} v${version} is not available` };
      const out = def.start(event);
      if (!out.ok) return { ok: false, seq: e.seq, reason: `start refused: ${out.code} ${out.message}` };
      snapshot = out.snapshot;
    } else if (e.type === INSTANCE_MIGRATED) {
      const from = Number(e.payload.fromVersion);
      const to = Number(e.payload.toVersion);
      const migration = source.migration(definitionId, from, to);
      if (!migration || !snapshot || from !== version) {
        return { ok: false, seq: e.seq, reason: `no migration ${definitionId} v${from} → v${to} from v${version}` };
      }
      const out = migration.migrate(snapshot);
      if (!out.ok) return { ok: false, seq: e.seq, reason: `migration refused: ${out.reason}` };
      snapshot = out.snapshot;
      version = to;
    } else {
      if (!snapshot || version === undefined)
        return { ok: false, seq: e.seq, reason: 'history does not start with INSTANCE_CREATED' };
      const def = source.get(definitionId, version);
      if (!def) return { ok: false, seq: e.seq, reason: `definition ${definitionId} v${version} is not available` };
      const out = def.step(snapshot, event);
      if (!out.ok) return { ok: false, seq: e.seq, reason: `${e.type} refused on replay: ${out.code} ${out.message}` };
      snapshot = out.snapshot;
    }
    if (e.stateAfter !== undefined) {
      const def = source.get(definitionId, version as number);
      const state = def?.describe(snapshot).state;
      if (state !== e.stateAfter)
        return { ok: false, seq: e.seq, reason: `state after replay is ${state}, the event recorded ${e.stateAfter}` };
    }
    seq = e.seq;
  }
  if (!snapshot || version === undefined) return { ok: false, seq: 0, reason: 'no events' };
  return { ok: true, snapshot, definitionVersion: version, seq };
}

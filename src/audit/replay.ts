import type {
  Actor,
  DefinitionMigration,
  Facts,
  PersistedSnapshot,
  WorkflowDefinition,
} from '../../workflows/contract';
import type { Registry } from '../../workflows/registry';
import { replay as coreReplay } from '../../workflows/replay';

/** An event as stored, in the shape replay and the offline verifier need. */
export interface StoredEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  actor: Actor;
  facts: Facts | null;
  occurredAt: string;
  definitionVersion: number;
  /** The state the engine recorded after the event; replay must reach the same one. */
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
 * Stored events → the core's pure replay (workflows/replay.ts), from the initial state or a checkpoint, checking
 * after every event that the state reached is the one the engine recorded.
 */
export function replay(
  source: DefinitionSource,
  definitionId: string,
  events: StoredEvent[],
  opts: { from?: { seq: number; snapshot: PersistedSnapshot; definitionVersion: number }; uptoSeq?: number } = {},
): ReplayResult {
  const registry: Pick<Registry, 'getDefinition' | 'getMigration'> = {
    getDefinition: (id, version) => source.get(id, version) as ReturnType<Registry['getDefinition']>,
    getMigration: (id, from, to) => source.migration(id, from, to),
  };
  const stored = new Map(events.map((e) => [e.seq, e]));
  const result = coreReplay(
    events.map((e) => ({
      seq: e.seq,
      type: e.type,
      payload: e.payload,
      actor: e.actor,
      occurredAt: e.occurredAt,
      facts: e.facts ?? undefined,
    })),
    {
      definitionId,
      version: opts.from?.definitionVersion ?? events[0]?.definitionVersion ?? 1,
      upToSeq: opts.uptoSeq,
      from: opts.from,
      registry,
      check: (event, view) => {
        const expected = stored.get(event.seq)?.stateAfter;
        if (expected === undefined) return null;
        const state = view.summary().state;
        return state === expected ? null : `state after replay is ${state}, the event recorded ${expected}`;
      },
    },
  );
  return result.ok
    ? { ok: true, snapshot: result.snapshot, definitionVersion: result.definitionVersion, seq: result.lastSeq }
    : { ok: false, seq: result.seq, reason: `${result.code}: ${result.message}` };
}

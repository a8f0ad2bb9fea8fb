import type { PersistedSnapshot } from '../../workflows/contract';
import { canonicalJson, eventHash, GENESIS_HASH } from './hash-chain';
import { type DefinitionSource, replay, type StoredEvent } from './replay';

/** A stored event with everything the chain covers. */
export interface ChainedEvent extends StoredEvent {
  causation: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface InstanceRecord {
  id: string;
  definitionId: string;
  definitionVersion: number;
  seq: number;
  headHash: string;
  snapshot: PersistedSnapshot;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string };
  firstMismatch?: { seq: number; reason: string };
}

/**
 * Recomputes the hash chain and the replay, and compares both with what is stored: the first event whose
 * content, link or resulting state does not match is named. The same code runs offline on an export file.
 */
export function verifyInstance(
  source: DefinitionSource,
  instance: InstanceRecord,
  events: ChainedEvent[],
): VerifyReport {
  const head = { seq: instance.seq, hash: instance.headHash };
  const fail = (seq: number, reason: string): VerifyReport => ({
    ok: false,
    events: events.length,
    head,
    firstMismatch: { seq, reason },
  });
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1) return fail(e.seq, `sequence gap: expected ${i + 1}`);
    if (e.prevHash !== prev) return fail(e.seq, 'prev_hash does not link to the previous event');
    const recomputed = eventHash(prev, {
      instanceId: instance.id,
      seq: e.seq,
      type: e.type,
      payload: e.payload,
      actor: e.actor,
      facts: e.facts,
      occurredAt: e.occurredAt,
      definitionVersion: e.definitionVersion,
      causation: e.causation,
    });
    if (recomputed !== e.hash)
      return fail(e.seq, "the event's content does not match its hash (altered after it was written)");
    prev = e.hash;
  }
  const last = events.length ? events[events.length - 1] : undefined;
  if (!last || last.seq !== instance.seq)
    return fail(last?.seq ?? 0, `the instance says ${instance.seq} events, history has ${events.length}`);
  if (prev !== instance.headHash) return fail(last.seq, 'the chain head differs from the one stored on the instance');
  const replayed = replay(source, instance.definitionId, events);
  if (!replayed.ok) return fail(replayed.seq, `replay failed: ${replayed.reason}`);
  if (replayed.definitionVersion !== instance.definitionVersion) {
    return fail(
      last.seq,
      `replay ends on v${replayed.definitionVersion}, the instance is on v${instance.definitionVersion}`,
    );
  }
  if (canonicalJson(replayed.snapshot) !== canonicalJson(instance.snapshot)) {
    return fail(last.seq, 'the stored snapshot differs from the replay of the history');
  }
  return { ok: true, events: events.length, head };
}

export const EXPORT_FORMAT = 'fasttrack-case-export';

export interface CaseExport {
  format: typeof EXPORT_FORMAT;
  formatVersion: 1;
  exportedAt: string;
  rootInstanceId: string;
  instances: (InstanceRecord & { parentId: string | null; childKey: string | null; events: ChainedEvent[] })[];
}

/** Verifies every instance of an export file; used by `npm run verify-export -- file.json`. */
export function verifyExport(
  source: DefinitionSource,
  file: CaseExport,
): { ok: boolean; instances: (VerifyReport & { id: string; definitionId: string })[] } {
  if (file?.format !== EXPORT_FORMAT || file.formatVersion !== 1 || !Array.isArray(file.instances)) {
    return {
      ok: false,
      instances: [
        {
          id: '?',
          definitionId: '?',
          ok: false,
          events: 0,
          head: { seq: 0, hash: '' },
          firstMismatch: { seq: 0, reason: 'not a case export file' },
        },
      ],
    };
  }
  const instances = file.instances.map((i) => {
    try {
      return { id: i.id, definitionId: i.definitionId, ...verifyInstance(source, i, i.events) };
    } catch (e) {
      return {
        id: i.id,
        definitionId: i.definitionId,
        ok: false,
        events: 0,
        head: { seq: i.seq, hash: i.headHash },
        firstMismatch: { seq: 0, reason: `unreadable: ${(e as Error).message}` },
      };
    }
  });
  return { ok: instances.length > 0 && instances.every((i) => i.ok), instances };
}

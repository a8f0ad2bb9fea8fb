import { eventHash } from '../audit/hash-chain';
import type { EventRow } from './engine.repository';

/**
 * The one way an event becomes a row of workflow_event: its fields, and its hash chained to the instance's head
 * (`prevHash`: the head's hash, GENESIS_HASH for an instance's first event). What the hash covers is fixed by the
 * audit chain (src/audit/hash-chain.ts); every writer — a step, a created instance, a migration — goes through here.
 */
export function eventRow(e: Omit<EventRow, 'hash'>): EventRow {
  const hash = eventHash(e.prevHash, {
    instanceId: e.instanceId,
    seq: e.seq,
    type: e.event.type,
    payload: e.event.payload ?? {},
    actor: e.event.actor,
    facts: e.event.facts ?? null,
    occurredAt: e.event.occurredAt,
    definitionVersion: e.definitionVersion,
    causation: e.causation,
  });
  return { ...e, hash };
}

import { createHash } from 'node:crypto';

/**
 * Tamper evidence: every event's hash is SHA-256 over the previous hash and the canonical JSON of the event.
 * Canonical JSON = keys sorted at every level, no whitespace; the same function runs in the server and in the
 * offline verifier (scripts/verify-export.ts), so an exported file can be checked without the database.
 */
export const GENESIS_HASH = '0'.repeat(64);

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in event');
    return JSON.stringify(value ?? null);
  }
  // Built by appending (no arrays of entries, pairs and parts per level): it runs twice per command.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i) out += ',';
      out += canonicalJson(value[i] === undefined ? null : value[i]);
    }
    return `${out}]`;
  }
  // sort() without a comparator orders by UTF-16 code units, as `a < b` does
  const keys = Object.keys(value).sort();
  let out = '{';
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** The fields of an event that the hash covers (everything that makes it what it is). */
export interface HashedEvent {
  instanceId: string;
  seq: number;
  type: string;
  payload: unknown;
  actor: unknown;
  facts: unknown;
  occurredAt: string;
  definitionVersion: number;
  causation: unknown;
}

export function eventHash(prevHash: string, e: HashedEvent): string {
  const body = canonicalJson({
    instanceId: e.instanceId,
    seq: e.seq,
    type: e.type,
    payload: e.payload,
    actor: e.actor,
    facts: e.facts ?? null,
    occurredAt: e.occurredAt,
    definitionVersion: e.definitionVersion,
    causation: e.causation ?? null,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

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
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
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

import { canonicalJson } from './hash-chain';
import { type KeyRing, verifySignature } from './signing-keys';

/**
 * A signed chain head, after Certificate Transparency's signed tree heads: the service vouches, with a key kept
 * outside the database, that an instance's history up to event `seq` ends in `headHash`. It also lists the hash
 * of every event since the previous signed head (`fromSeq`), so heads chain up without gaps and a rewrite is
 * pinned to the exact event that differs, not just to a range. The signature covers headStatement().
 */
export const SIGNED_HEAD_FORMAT = 'fasttrack-signed-head';

export type SignedHeadReason = 'checkpoint' | 'head' | 'export';

export interface SignedHead {
  instanceId: string;
  /** The previous signed head's seq (0 for the first). */
  fromSeq: number;
  seq: number;
  headHash: string;
  /** Hashes of events fromSeq+1 … seq, in order; the last is headHash. */
  eventHashes: string[];
  signedAt: string;
  /** What asked for the signature: a checkpoint, the periodic signing of changed heads, an export. */
  reason: SignedHeadReason;
  keyId: string;
  /** Ed25519 over headStatement(), base64. */
  signature: string;
}

/** The exact bytes signed (UTF-8 of canonical JSON, keys sorted): the offline verifier rebuilds them. */
export function headStatement(h: Omit<SignedHead, 'signature'>): string {
  return canonicalJson({
    format: SIGNED_HEAD_FORMAT,
    version: 1,
    instanceId: h.instanceId,
    fromSeq: h.fromSeq,
    seq: h.seq,
    headHash: h.headHash,
    eventHashes: h.eventHashes,
    signedAt: h.signedAt,
    reason: h.reason,
    keyId: h.keyId,
  });
}

export type SignatureProblemCode =
  | 'MALFORMED_HEAD'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'HEADS_NOT_CONTIGUOUS'
  | 'EVENT_MISSING'
  | 'EVENT_REWRITTEN'
  | 'HEAD_UNSIGNED';

export interface SignatureProblem {
  code: SignatureProblemCode;
  /** The event the problem is about (the rewritten one, or the head's). */
  seq: number;
  /** The signed head concerned (its seq, signing time and key), when there is one. */
  head?: { seq: number; signedAt: string; keyId: string };
  reason: string;
}

export interface SignatureReport {
  ok: boolean;
  /** Signed heads whose signature verified. */
  checked: number;
  /** The highest event covered by a verified signature (0: none). */
  signedThrough: number;
  problem?: SignatureProblem;
}

export interface SignatureCheckOptions {
  /**
   * Heads must chain from event 0 without gaps (true for an instance's own heads; false for a head log, which
   * holds one day's heads).
   */
  contiguous: boolean;
  /** The history must be signed through this event (an export signs its heads, so its last must be covered). */
  requireSignedThrough?: number;
}

/**
 * Checks signed heads against the hashes recomputed from the events' content (recomputed[k-1] for event k):
 * every signature with a known key, and every event a signature covers unchanged. The first problem, in
 * event order, is named.
 */
export function verifySignedHeads(
  instanceId: string,
  recomputed: string[],
  heads: SignedHead[],
  ring: KeyRing,
  opts: SignatureCheckOptions,
): SignatureReport {
  const sorted = [...heads].sort((a, b) => a.seq - b.seq);
  let checked = 0;
  let signedThrough = 0;
  const fail = (problem: SignatureProblem): SignatureReport => ({ ok: false, checked, signedThrough, problem });
  let prevSeq = 0;
  for (const h of sorted) {
    const at = { seq: h.seq, signedAt: h.signedAt, keyId: h.keyId };
    const wellFormed =
      h.instanceId === instanceId &&
      Number.isInteger(h.seq) &&
      Number.isInteger(h.fromSeq) &&
      h.fromSeq >= 0 &&
      h.seq > h.fromSeq &&
      Array.isArray(h.eventHashes) &&
      h.eventHashes.length === h.seq - h.fromSeq &&
      h.eventHashes[h.eventHashes.length - 1] === h.headHash;
    if (!wellFormed)
      return fail({ code: 'MALFORMED_HEAD', seq: h.seq, head: at, reason: 'the signed head is not well formed' });
    const key = ring.get(h.keyId);
    if (!key)
      return fail({
        code: 'UNKNOWN_KEY',
        seq: h.seq,
        head: at,
        reason: `the head at event ${h.seq} is signed by key ${h.keyId}, which is not among the trusted public keys`,
      });
    if (!verifySignature(key, headStatement(h), h.signature))
      return fail({
        code: 'BAD_SIGNATURE',
        seq: h.seq,
        head: at,
        reason: `the signature of the head at event ${h.seq} does not verify with key ${h.keyId}: the signed head was altered`,
      });
    if (opts.contiguous && h.fromSeq !== prevSeq)
      return fail({
        code: 'HEADS_NOT_CONTIGUOUS',
        seq: h.fromSeq,
        head: at,
        reason: `the signed head at event ${h.seq} continues from event ${h.fromSeq}, the previous signed head is at event ${prevSeq}: a signed head is missing`,
      });
    for (let k = h.fromSeq + 1; k <= h.seq; k++) {
      const actual = recomputed[k - 1];
      if (actual === undefined)
        return fail({
          code: 'EVENT_MISSING',
          seq: k,
          head: at,
          reason: `event ${k} is covered by the head signed at ${h.signedAt} (event ${h.seq}, key ${h.keyId}) but missing from the history`,
        });
      if (actual !== h.eventHashes[k - h.fromSeq - 1])
        return fail({
          code: 'EVENT_REWRITTEN',
          seq: k,
          head: at,
          reason: `event ${k} differs from the hash signed at ${h.signedAt} in the head at event ${h.seq} (key ${h.keyId}): it was changed after it was signed`,
        });
    }
    checked++;
    prevSeq = h.seq;
    signedThrough = Math.max(signedThrough, h.seq);
  }
  if (
    opts.requireSignedThrough !== undefined &&
    opts.requireSignedThrough > 0 &&
    signedThrough < opts.requireSignedThrough
  )
    return fail({
      code: 'HEAD_UNSIGNED',
      seq: opts.requireSignedThrough,
      reason: `the head at event ${opts.requireSignedThrough} carries no signature (signed through event ${signedThrough})`,
    });
  return { ok: true, checked, signedThrough };
}

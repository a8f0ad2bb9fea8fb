import type { PersistedSnapshot } from '../../workflows/contract';
import { canonicalJson, eventHash, GENESIS_HASH } from './hash-chain';
import { type SignatureProblemCode, type SignatureReport, type SignedHead, verifySignedHeads } from './signed-head';
import type { KeyRing } from './signing-keys';
import { verifyMessage } from './verify-message';
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

export type ChainProblemCode =
  | 'SEQUENCE_GAP'
  | 'BROKEN_LINK'
  | 'CONTENT_ALTERED'
  | 'EVENT_COUNT'
  | 'HEAD_DIFFERS'
  | 'REPLAY_FAILED'
  | 'VERSION_DIFFERS'
  | 'SNAPSHOT_DIFFERS'
  | 'UNREADABLE';

export interface Mismatch {
  seq: number;
  code: ChainProblemCode | SignatureProblemCode;
  /** English, for logs and tools. */
  reason: string;
  /** The signed head the event was checked against, for a signature problem. */
  signedHead?: { seq: number; signedAt: string; keyId: string };
  /** True when the head is one of an auditor's saved head log rather than the instance's own. */
  headLog?: boolean;
}

export interface VerifyReport {
  ok: boolean;
  events: number;
  head: { seq: number; hash: string };
  firstMismatch?: Mismatch;
  /** The signature check, when one was made. */
  signatures?: SignatureReport;
  /** The outcome in Chinese, for people. */
  message: string;
}

export interface SignatureCheck {
  heads: SignedHead[];
  ring: KeyRing;
  /** Require the history signed through this event (an export's heads are signed). */
  requireSignedThrough?: number;
}

/** The hash of each event recomputed from its content alone, from the genesis (index k-1 for event k). */
export function recomputeHashes(instanceId: string, events: ChainedEvent[]): string[] {
  const out: string[] = [];
  let prev = GENESIS_HASH;
  for (const e of events) {
    prev = eventHash(prev, { instanceId, ...e });
    out[e.seq - 1] = prev;
  }
  return out;
}

/**
 * Recomputes the hash chain and the replay, and compares both with what is stored: the first event whose
 * content, link or resulting state does not match is named. With signed heads and trusted public keys it also
 * checks that every signed event still hashes to what was signed: a rewrite made with database rights, every
 * later hash recomputed, keeps the chain consistent but not the signatures. The same code runs offline on an
 * export file.
 */
export function verifyInstance(
  source: DefinitionSource,
  instance: InstanceRecord,
  events: ChainedEvent[],
  signing?: SignatureCheck,
): VerifyReport {
  const head = { seq: instance.seq, hash: instance.headHash };
  const signatures = signing
    ? verifySignedHeads(instance.id, recomputeHashes(instance.id, events), signing.heads, signing.ring, {
        contiguous: true,
        requireSignedThrough: signing.requireSignedThrough,
      })
    : undefined;
  const report = (firstMismatch?: Mismatch): VerifyReport => {
    const r = { ok: !firstMismatch, events: events.length, head, firstMismatch, signatures };
    return { ...r, message: verifyMessage(r) };
  };
  const fail = (seq: number, code: ChainProblemCode, reason: string) => report({ seq, code, reason });
  const chain = checkChain(source, instance, events);
  if (chain) return fail(chain.seq, chain.code, chain.reason);
  if (signatures?.problem) {
    const { code, seq, reason, head: signedHead } = signatures.problem;
    return report({ seq, code, reason, signedHead });
  }
  return report();
}

/** The chain and replay checks; the first problem, or null. */
function checkChain(
  source: DefinitionSource,
  instance: InstanceRecord,
  events: ChainedEvent[],
): { seq: number; code: ChainProblemCode; reason: string } | null {
  const fail = (seq: number, code: ChainProblemCode, reason: string) => ({ seq, code, reason });
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (e.seq !== i + 1) return fail(e.seq, 'SEQUENCE_GAP', `sequence gap: expected ${i + 1}`);
    if (e.prevHash !== prev) return fail(e.seq, 'BROKEN_LINK', 'prev_hash does not link to the previous event');
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
      return fail(
        e.seq,
        'CONTENT_ALTERED',
        "the event's content does not match its hash (altered after it was written)",
      );
    prev = e.hash;
  }
  const last = events.length ? events[events.length - 1] : undefined;
  if (!last || last.seq !== instance.seq)
    return fail(
      last?.seq ?? 0,
      'EVENT_COUNT',
      `the instance says ${instance.seq} events, history has ${events.length}`,
    );
  if (prev !== instance.headHash)
    return fail(last.seq, 'HEAD_DIFFERS', 'the chain head differs from the one stored on the instance');
  const replayed = replay(source, instance.definitionId, events);
  if (!replayed.ok) return fail(replayed.seq, 'REPLAY_FAILED', `replay failed: ${replayed.reason}`);
  if (replayed.definitionVersion !== instance.definitionVersion) {
    return fail(
      last.seq,
      'VERSION_DIFFERS',
      `replay ends on v${replayed.definitionVersion}, the instance is on v${instance.definitionVersion}`,
    );
  }
  if (canonicalJson(replayed.snapshot) !== canonicalJson(instance.snapshot)) {
    return fail(last.seq, 'SNAPSHOT_DIFFERS', 'the stored snapshot differs from the replay of the history');
  }
  return null;
}

export const EXPORT_FORMAT = 'fasttrack-case-export';

export type ExportedInstance = InstanceRecord & {
  parentId: string | null;
  childKey: string | null;
  events: ChainedEvent[];
  /** Since format version 2: the instance's signed heads, the last one signed for this export. */
  signedHeads?: SignedHead[];
};

export interface CaseExport {
  format: typeof EXPORT_FORMAT;
  /** 1: no signatures; 2: signed heads per instance. */
  formatVersion: 1 | 2;
  exportedAt: string;
  rootInstanceId: string;
  instances: ExportedInstance[];
}

export interface ExportCheck {
  /** Trusted public keys: with them, every instance's signed heads are checked and its head must be signed. */
  ring?: KeyRing;
  /** Heads an auditor saved earlier (GET /api/audit/heads): the export must agree with each. Needs `ring`. */
  headLog?: SignedHead[];
}

export type ExportReport = {
  ok: boolean;
  instances: (VerifyReport & { id: string; definitionId: string; headLogChecked?: number })[];
};

function unreadable(id: string, definitionId: string, seq: number, hash: string, reason: string) {
  const r = {
    id,
    definitionId,
    ok: false,
    events: 0,
    head: { seq, hash },
    firstMismatch: { seq: 0, code: 'UNREADABLE' as const, reason },
  };
  return { ...r, message: verifyMessage(r) };
}

/**
 * Verifies every instance of an export file; used by `npm run verify-export -- file.json [--public-key k.pem]
 * [--head-log heads.json]`.
 */
export function verifyExport(source: DefinitionSource, file: CaseExport, check: ExportCheck = {}): ExportReport {
  if (
    file?.format !== EXPORT_FORMAT ||
    (file.formatVersion !== 1 && file.formatVersion !== 2) ||
    !Array.isArray(file.instances)
  ) {
    return { ok: false, instances: [unreadable('?', '?', 0, '', 'not a case export file')] };
  }
  const instances = file.instances.map((i) => {
    try {
      return verifyExportedInstance(source, i, check);
    } catch (e) {
      return unreadable(i.id, i.definitionId, i.seq, i.headHash, `unreadable: ${(e as Error).message}`);
    }
  });
  return { ok: instances.length > 0 && instances.every((i) => i.ok), instances };
}

function verifyExportedInstance(source: DefinitionSource, i: ExportedInstance, check: ExportCheck) {
  const signing = check.ring
    ? { heads: i.signedHeads ?? [], ring: check.ring, requireSignedThrough: i.seq }
    : undefined;
  const own = { id: i.id, definitionId: i.definitionId, ...verifyInstance(source, i, i.events, signing) };
  if (!own.ok || !check.headLog || !check.ring) return own;
  // The auditor's saved heads: heads beyond this export's end are later than it, not evidence against it.
  const logged = check.headLog.filter((h) => h.instanceId === i.id && h.seq <= i.seq);
  const result = verifySignedHeads(i.id, recomputeHashes(i.id, i.events), logged, check.ring, { contiguous: false });
  if (!result.problem) return { ...own, headLogChecked: result.checked };
  const { code, seq, reason, head: signedHead } = result.problem;
  const r = {
    ...own,
    ok: false,
    headLogChecked: result.checked,
    firstMismatch: { seq, code, reason: `head log: ${reason}`, signedHead, headLog: true },
  };
  return { ...r, message: verifyMessage(r) };
}

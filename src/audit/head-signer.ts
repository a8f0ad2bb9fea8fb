import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfig } from '../config/app-config';
import { AuditRepository } from './audit.repository';
import { eventHash, GENESIS_HASH } from './hash-chain';
import { headStatement, type SignedHead, type SignedHeadReason } from './signed-head';
import { SignedHeadRepository } from './signed-head.repository';
import { SigningKeys } from './signing-keys';
import type { ChainedEvent } from './verify';

/** Queued instances read at a time by the periodic signer. */
const BATCH = 200;
/** Instances signed per transaction. */
const SIGN_CHUNK = 50;

export type SignPlan = { ok: true; heads: SignedHead[] } | { ok: false; seq: number; reason: string };

/**
 * The heads to sign for one instance, after its last signed head: one per checkpoint in between and one for the
 * current head. Before signing, the new events must continue the last signed head and hash to what is stored
 * (Certificate Transparency's consistency between tree heads): the service never vouches for a history that
 * was rewritten below a head it already signed.
 */
export function planHeads(input: {
  instanceId: string;
  last: { seq: number; headHash: string } | null;
  head: { seq: number; headHash: string };
  /** The events after the last signed head, up to the current one. */
  events: ChainedEvent[];
  checkpoints: number[];
  signedAt: string;
  reason: SignedHeadReason;
  sign: (statement: string) => { keyId: string; signature: string };
  keyId: string;
}): SignPlan {
  const fromSeq = input.last?.seq ?? 0;
  let prev = input.last?.headHash ?? GENESIS_HASH;
  const hashes: string[] = [];
  for (const [i, e] of input.events.entries()) {
    if (e.seq !== fromSeq + i + 1)
      return { ok: false, seq: e.seq, reason: `sequence gap: expected ${fromSeq + i + 1}` };
    if (e.prevHash !== prev)
      return { ok: false, seq: e.seq, reason: `event ${e.seq} does not continue the head signed at event ${fromSeq}` };
    const h = eventHash(prev, { instanceId: input.instanceId, ...e });
    if (h !== e.hash) return { ok: false, seq: e.seq, reason: `the content of event ${e.seq} does not match its hash` };
    hashes.push(h);
    prev = h;
  }
  if (hashes.length !== input.head.seq - fromSeq || prev !== input.head.headHash)
    return { ok: false, seq: input.head.seq, reason: 'the events do not end in the head stored on the instance' };
  const ends = [...input.checkpoints.filter((s) => s > fromSeq && s < input.head.seq), input.head.seq];
  const heads: SignedHead[] = [];
  let from = fromSeq;
  for (const seq of ends) {
    const unsigned = {
      instanceId: input.instanceId,
      fromSeq: from,
      seq,
      headHash: hashes[seq - fromSeq - 1],
      eventHashes: hashes.slice(from - fromSeq, seq - fromSeq),
      signedAt: input.signedAt,
      reason: input.checkpoints.includes(seq) ? ('checkpoint' as const) : input.reason,
      keyId: input.keyId,
    };
    heads.push({ ...unsigned, signature: input.sign(headStatement(unsigned)).signature });
    from = seq;
  }
  return { ok: true, heads };
}

/**
 * Signs chain heads with the service's key: every few seconds the instances whose head moved (queued by a
 * trigger in the writing transaction), and at once for an export. Like a CT log's maximum merge delay, a head
 * is signed within HEAD_SIGNING_INTERVAL_MS of being written.
 */
@Injectable()
export class HeadSigner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(HeadSigner.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopping = false;

  constructor(
    private readonly repo: SignedHeadRepository,
    private readonly audit: AuditRepository,
    private readonly keys: SigningKeys,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.log.log(`chain heads are signed with Ed25519 key ${this.keys.keyId} from ${this.keys.origin}`);
    for (const w of this.keys.warnings) this.log.warn(w);
    this.timer = setInterval(() => void this.tick(), this.config.HEAD_SIGNING_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    // A long backlog (histories written before signing existed) stops between batches; the queue keeps the rest.
    this.stopping = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.signQueued().catch((e: Error) => this.log.warn(`signing chain heads: ${e.message}`));
    await this.running;
    this.running = undefined;
  }

  /**
   * Signs every queued instance, SIGN_CHUNK instances to a transaction, each step one statement for the chunk (it
   * was ~6 statements per instance, a third of the statements per command under the clerk loop). The signer
   * never waits for a writer (dequeueMany skips rows being renewed), so a longer transaction costs writers nothing.
   * Returns how many heads were signed.
   */
  async signQueued(): Promise<number> {
    let signed = 0;
    for (;;) {
      const batch = await this.repo.queued(BATCH);
      for (let i = 0; i < batch.length; i += SIGN_CHUNK) {
        if (this.stopping) return signed;
        const chunk = batch.slice(i, i + SIGN_CHUNK);
        signed += await this.repo.transaction(async (tx) => {
          const heads = await this.signWithin(
            tx,
            chunk.map((c) => c.instanceId),
            'head',
          );
          await this.repo.dequeueMany(tx, chunk);
          return heads.length;
        });
      }
      if (batch.length < BATCH || this.stopping) return signed;
    }
  }

  /** Signs the instance's current head now (an export), unless it is signed already. */
  async signNow(instanceId: string, reason: SignedHeadReason): Promise<SignedHead[]> {
    return this.repo.transaction((tx) => this.signWithin(tx, [instanceId], reason));
  }

  private async signWithin(tx: EntityManager, instanceIds: string[], reason: SignedHeadReason): Promise<SignedHead[]> {
    await this.repo.lockInstances(tx, instanceIds);
    const heads = await this.repo.headsOfMany(tx, instanceIds);
    const due = [...heads]
      .filter(([, h]) => h.head.seq > 0 && !(h.last && h.last.seq >= h.head.seq))
      .map(([instanceId, h]) => ({ instanceId, ...h, fromSeq: h.last?.seq ?? 0, uptoSeq: h.head.seq }));
    if (!due.length) return [];
    const events = await this.audit.eventsOfMany(due);
    const checkpoints = await this.repo.checkpointSeqsOfMany(tx, due);
    const signedAt = this.clock.now().toISOString();
    const out: SignedHead[] = [];
    for (const d of due) {
      const plan = planHeads({
        instanceId: d.instanceId,
        last: d.last,
        head: d.head,
        events: events.get(d.instanceId) ?? [],
        checkpoints: checkpoints.get(d.instanceId) ?? [],
        signedAt,
        reason,
        sign: (statement) => this.keys.sign(statement),
        keyId: this.keys.keyId,
      });
      if (!plan.ok) {
        // A history changed below what was signed: refuse, loudly; /verify names the event.
        this.log.error(`refusing to sign the head of instance ${d.instanceId} at event ${plan.seq}: ${plan.reason}`);
        continue;
      }
      out.push(...plan.heads);
    }
    await this.repo.insertMany(tx, out);
    return out;
  }
}

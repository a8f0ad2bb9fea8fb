import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SignedHead, SignedHeadReason } from './signed-head';

interface SignedHeadRow {
  instance_id: string;
  seq: number;
  from_seq: number;
  head_hash: string;
  event_hashes: string[];
  signed_at: Date;
  reason: SignedHeadReason;
  key_id: string;
  signature: string;
}

const COLUMNS = 'instance_id, seq, from_seq, head_hash, event_hashes, signed_at, reason, key_id, signature';

function toHead(r: SignedHeadRow): SignedHead {
  return {
    instanceId: r.instance_id,
    fromSeq: r.from_seq,
    seq: r.seq,
    headHash: r.head_hash,
    eventHashes: r.event_hashes,
    signedAt: r.signed_at.toISOString(),
    reason: r.reason,
    keyId: r.key_id,
    signature: r.signature,
  };
}

/** A position in the head log: heads are listed by signing time, then instance and seq. */
export interface HeadLogCursor {
  signedAt: string;
  instanceId: string;
  seq: number;
}

@Injectable()
export class SignedHeadRepository {
  constructor(private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The longest-waiting queued instances, as read now (not locked: see dequeueMany). */
  async queued(limit: number): Promise<{ instanceId: string; queuedAt: string }[]> {
    // queued_at as text: a Date would lose the microseconds, and dequeue compares it exactly.
    const rows: { instance_id: string; queued_at: string }[] = await this.dataSource.query(
      'SELECT instance_id, queued_at::text AS queued_at FROM audit_head_queue ORDER BY queued_at LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ instanceId: r.instance_id, queuedAt: r.queued_at }));
  }

  /**
   * Dequeues what it read unless a write queued it again since (the trigger renews queued_at), skipping rows a writer holds (it is renewing queued_at: the instance moved again and
   * stays queued). Never waiting for a writer, the signer cannot be part of a deadlock with one.
   */
  async dequeueMany(tx: EntityManager, read: { instanceId: string; queuedAt: string }[]): Promise<void> {
    await tx.query(
      `DELETE FROM audit_head_queue WHERE ctid IN (
         SELECT q.ctid FROM audit_head_queue q
           JOIN unnest($1::uuid[], $2::text[]) AS r(id, queued_at) ON q.instance_id = r.id AND q.queued_at::text = r.queued_at
            FOR UPDATE OF q SKIP LOCKED)`,
      [read.map((r) => r.instanceId), read.map((r) => r.queuedAt)],
    );
  }

  /** One signer per instance at a time (the periodic signer, an export) until the transaction ends; locked in one
   * order, so that two signers never wait for each other in a cycle. */
  async lockInstances(tx: EntityManager, instanceIds: string[]): Promise<void> {
    await tx.query(
      `SELECT pg_advisory_xact_lock(hashtext('audit-sign:' || id))
         FROM (SELECT DISTINCT id FROM unnest($1::text[]) AS id ORDER BY id OFFSET 0) ordered`,
      [instanceIds],
    );
  }

  /** Each instance's head and its last signed head, in one statement. */
  async headsOfMany(
    tx: EntityManager,
    instanceIds: string[],
  ): Promise<Map<string, { head: { seq: number; headHash: string }; last: { seq: number; headHash: string } | null }>> {
    const rows: { id: string; seq: number; head_hash: string; last_seq: number | null; last_hash: string | null }[] =
      await tx.query(
        `SELECT i.id, i.seq, i.head_hash, l.seq AS last_seq, l.head_hash AS last_hash
           FROM workflow_instance i
           LEFT JOIN LATERAL (SELECT seq, head_hash FROM audit_signed_head s WHERE s.instance_id = i.id
                               ORDER BY seq DESC LIMIT 1) l ON true
          WHERE i.id = ANY($1::uuid[])`,
        [instanceIds],
      );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          head: { seq: r.seq, headHash: r.head_hash },
          last: r.last_seq === null ? null : { seq: r.last_seq, headHash: r.last_hash as string },
        },
      ]),
    );
  }

  /** Checkpoints (workflow_snapshot rows) in (fromSeq, uptoSeq] of each instance, in one statement. */
  async checkpointSeqsOfMany(
    tx: EntityManager,
    ranges: { instanceId: string; fromSeq: number; uptoSeq: number }[],
  ): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>(ranges.map((r) => [r.instanceId, []]));
    if (!ranges.length) return out;
    const rows: { instance_id: string; seq: number }[] = await tx.query(
      `SELECT w.instance_id, w.seq
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS r(id, from_seq, upto_seq)
         JOIN workflow_snapshot w ON w.instance_id = r.id AND w.seq > r.from_seq AND w.seq <= r.upto_seq
        ORDER BY w.instance_id, w.seq`,
      [ranges.map((r) => r.instanceId), ranges.map((r) => r.fromSeq), ranges.map((r) => r.uptoSeq)],
    );
    for (const r of rows) out.get(r.instance_id)?.push(r.seq);
    return out;
  }

  /** The heads, in one statement. */
  async insertMany(tx: EntityManager, heads: SignedHead[]): Promise<void> {
    if (!heads.length) return;
    await tx.query(
      `INSERT INTO audit_signed_head (${COLUMNS})
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::jsonb[], $6::timestamptz[], $7::text[],
                            $8::text[], $9::text[])`,
      [
        heads.map((h) => h.instanceId),
        heads.map((h) => h.seq),
        heads.map((h) => h.fromSeq),
        heads.map((h) => h.headHash),
        heads.map((h) => JSON.stringify(h.eventHashes)),
        heads.map((h) => h.signedAt),
        heads.map((h) => h.reason),
        heads.map((h) => h.keyId),
        heads.map((h) => h.signature),
      ],
    );
  }

  async forInstance(instanceId: string): Promise<SignedHead[]> {
    const rows: SignedHeadRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_signed_head WHERE instance_id = $1 ORDER BY seq`,
      [instanceId],
    );
    return rows.map(toHead);
  }

  /** Heads signed in [from, to), in log order, after `cursor`. */
  async signedBetween(from: Date, to: Date, limit: number, cursor?: HeadLogCursor): Promise<SignedHead[]> {
    const rows: SignedHeadRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM audit_signed_head
        WHERE signed_at >= $1 AND signed_at < $2
          AND ($3::timestamptz IS NULL OR (signed_at, instance_id, seq) > ($3::timestamptz, $4::uuid, $5::int))
        ORDER BY signed_at, instance_id, seq
        LIMIT $6`,
      [from, to, cursor?.signedAt ?? null, cursor?.instanceId ?? null, cursor?.seq ?? null, limit],
    );
    return rows.map(toHead);
  }
}

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

  /** The longest-waiting queued instances, as read now (not locked: each is signed in a transaction of its own). */
  async queued(limit: number): Promise<{ instanceId: string; queuedAt: string }[]> {
    // queued_at as text: a Date would lose the microseconds, and dequeue compares it exactly.
    const rows: { instance_id: string; queued_at: string }[] = await this.dataSource.query(
      'SELECT instance_id, queued_at::text AS queued_at FROM audit_head_queue ORDER BY queued_at LIMIT $1',
      [limit],
    );
    return rows.map((r) => ({ instanceId: r.instance_id, queuedAt: r.queued_at }));
  }

  /** Dequeues the instance unless a write queued it again since it was read (the trigger renews queued_at). */
  async dequeue(tx: EntityManager, instanceId: string, queuedAt: string): Promise<void> {
    await tx.query('DELETE FROM audit_head_queue WHERE instance_id = $1 AND queued_at::text = $2', [
      instanceId,
      queuedAt,
    ]);
  }

  /** One signer per instance at a time (the periodic signer, an export), until the transaction ends. */
  async lockInstance(tx: EntityManager, instanceId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('audit-sign:' || $1))`, [instanceId]);
  }

  async instanceHead(tx: EntityManager, instanceId: string): Promise<{ seq: number; headHash: string } | null> {
    const rows = await tx.query('SELECT seq, head_hash FROM workflow_instance WHERE id = $1', [instanceId]);
    return rows[0] ? { seq: rows[0].seq, headHash: rows[0].head_hash } : null;
  }

  async lastSigned(tx: EntityManager, instanceId: string): Promise<{ seq: number; headHash: string } | null> {
    const rows = await tx.query(
      'SELECT seq, head_hash FROM audit_signed_head WHERE instance_id = $1 ORDER BY seq DESC LIMIT 1',
      [instanceId],
    );
    return rows[0] ? { seq: rows[0].seq, headHash: rows[0].head_hash } : null;
  }

  /** Checkpoints (workflow_snapshot rows) after `fromSeq` up to `uptoSeq`. */
  async checkpointSeqs(tx: EntityManager, instanceId: string, fromSeq: number, uptoSeq: number): Promise<number[]> {
    const rows: { seq: number }[] = await tx.query(
      'SELECT seq FROM workflow_snapshot WHERE instance_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq',
      [instanceId, fromSeq, uptoSeq],
    );
    return rows.map((r) => r.seq);
  }

  async insert(tx: EntityManager, heads: SignedHead[]): Promise<void> {
    for (const h of heads) {
      await tx.query(`INSERT INTO audit_signed_head (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        h.instanceId,
        h.seq,
        h.fromSeq,
        h.headHash,
        JSON.stringify(h.eventHashes),
        h.signedAt,
        h.reason,
        h.keyId,
        h.signature,
      ]);
    }
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

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor, Facts, PersistedSnapshot } from '../../workflows/contract';
import type { ChainedEvent, InstanceRecord } from './verify';

export interface HistoryEvent extends ChainedEvent {
  recordedAt: string;
  idempotencyKey: string | null;
  stateAfter: string;
}

const EVENT_COLUMN_LIST = [
  'seq',
  'type',
  'payload',
  'actor',
  'facts',
  'occurred_at',
  'recorded_at',
  'definition_version',
  'causation',
  'idempotency_key',
  'state_after',
  'prev_hash',
  'hash',
];
const EVENT_COLUMNS = EVENT_COLUMN_LIST.join(', ');

function toHistoryEvent(r: Record<string, unknown>): HistoryEvent {
  return {
    seq: r.seq as number,
    type: r.type as string,
    payload: r.payload as Record<string, unknown>,
    actor: r.actor as Actor,
    facts: (r.facts as Facts | null) ?? null,
    occurredAt: (r.occurred_at as Date).toISOString(),
    recordedAt: (r.recorded_at as Date).toISOString(),
    definitionVersion: r.definition_version as number,
    causation: (r.causation as Record<string, unknown> | null) ?? null,
    idempotencyKey: (r.idempotency_key as string | null) ?? null,
    stateAfter: r.state_after as string,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  async instance(
    id: string,
  ): Promise<(InstanceRecord & { parentId: string | null; childKey: string | null; projectId: string }) | null> {
    const rows = await this.dataSource.query(
      `SELECT id, definition_id, definition_version, seq, head_hash, snapshot, parent_id, child_key, project_id
         FROM workflow_instance WHERE id = $1`,
      [id],
    );
    const r = rows[0];
    return r
      ? {
          id: r.id,
          definitionId: r.definition_id,
          definitionVersion: r.definition_version,
          seq: r.seq,
          headHash: r.head_hash,
          snapshot: r.snapshot as PersistedSnapshot,
          parentId: r.parent_id,
          childKey: r.child_key,
          projectId: r.project_id,
        }
      : null;
  }

  async descendants(rootId: string): Promise<string[]> {
    const rows = await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT id, 0 AS depth FROM workflow_instance WHERE id = $1
         UNION ALL
         SELECT c.id, t.depth + 1 FROM workflow_instance c JOIN tree t ON c.parent_id = t.id WHERE t.depth < 10)
       SELECT id FROM tree ORDER BY depth, id`,
      [rootId],
    );
    return rows.map((r: { id: string }) => r.id);
  }

  async events(instanceId: string, opts: { fromSeq?: number; uptoSeq?: number } = {}): Promise<HistoryEvent[]> {
    const rows = await this.dataSource.query(
      `SELECT ${EVENT_COLUMNS}
         FROM workflow_event
        WHERE instance_id = $1 AND seq > $2 AND seq <= $3
        ORDER BY seq`,
      [instanceId, opts.fromSeq ?? 0, opts.uptoSeq ?? 2147483647],
    );
    return rows.map(toHistoryEvent);
  }

  /** The events of several instances, each in (fromSeq, uptoSeq], in one statement; by instance, in seq order. */
  async eventsOfMany(
    ranges: { instanceId: string; fromSeq: number; uptoSeq: number }[],
  ): Promise<Map<string, HistoryEvent[]>> {
    const out = new Map<string, HistoryEvent[]>(ranges.map((r) => [r.instanceId, []]));
    if (!ranges.length) return out;
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT e.instance_id, ${EVENT_COLUMN_LIST.map((c) => `e.${c}`).join(', ')}
         FROM unnest($1::uuid[], $2::int[], $3::int[]) AS r(id, from_seq, upto_seq)
         JOIN workflow_event e ON e.instance_id = r.id AND e.seq > r.from_seq AND e.seq <= r.upto_seq
        ORDER BY e.instance_id, e.seq`,
      [ranges.map((r) => r.instanceId), ranges.map((r) => r.fromSeq), ranges.map((r) => r.uptoSeq)],
    );
    for (const r of rows) out.get(r.instance_id as string)?.push(toHistoryEvent(r));
    return out;
  }

  /** The last sequence number at or before `at`. */
  async seqAt(instanceId: string, at: string): Promise<number> {
    const rows = await this.dataSource.query(
      'SELECT coalesce(max(seq), 0) AS seq FROM workflow_event WHERE instance_id = $1 AND occurred_at <= $2',
      [instanceId, at],
    );
    return Number(rows[0].seq);
  }

  async checkpoint(instanceId: string, uptoSeq: number) {
    const rows = await this.dataSource.query(
      `SELECT seq, definition_version, snapshot FROM workflow_snapshot
        WHERE instance_id = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1`,
      [instanceId, uptoSeq],
    );
    const r = rows[0];
    return r
      ? {
          seq: r.seq as number,
          definitionVersion: r.definition_version as number,
          snapshot: r.snapshot as PersistedSnapshot,
        }
      : undefined;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Facts } from '../../workflows/contract';
import { creditFacts, type CreditBar } from '../../workflows/core/credit';

/** One credit record (信用记录) as stored. */
export interface CreditRecordRow {
  id: string;
  enterpriseId: string;
  reason: string;
  barsTolerance: boolean;
  barsCommitmentUntil: Date | null;
  instanceId: string;
  createdAt: Date;
  repairedAt: Date | null;
  repairedBy: string | null;
  repairReason: string | null;
  repairEvidence: string | null;
}

/**
 * An enterprise's unrepaired credit records as a JSON array of CreditBar, the credit rule's input (workflows/core/credit.ts),
 * for an enterprise id given as an SQL expression. Every reader of the credit facts embeds this one subquery (the
 * engine's lock, the case view, the lists), so they all judge on the same records.
 */
export function creditBarsSql(enterpriseId: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('barsTolerance', c.bars_tolerance, 'reason', c.reason,
            'recordedAt', c.created_at, 'barsCommitmentUntil', c.bars_commitment_until) ORDER BY c.id), '[]'::json)
           FROM credit_record c WHERE c.enterprise_id = ${enterpriseId} AND c.repaired_at IS NULL)`;
}

const COLUMNS = `id::text AS "id", enterprise_id AS "enterpriseId", reason, bars_tolerance AS "barsTolerance",
  bars_commitment_until AS "barsCommitmentUntil", instance_id AS "instanceId", created_at AS "createdAt",
  repaired_at AS "repairedAt", repaired_by AS "repairedBy", repair_reason AS "repairReason",
  repair_evidence AS "repairEvidence"`;

/** SQL of the credit records: an enterprise's list, and the one-time repair. */
@Injectable()
export class CreditRepository {
  constructor(private readonly ds: DataSource) {}

  async enterprise(id: string): Promise<{ id: string; name: string } | null> {
    const rows: { id: string; name: string }[] = await this.ds.query('SELECT id, name FROM enterprise WHERE id = $1', [
      id,
    ]);
    return rows[0] ?? null;
  }

  /**
   * The credit facts the workflow rules read (what the engine stamps on an event), per enterprise, at `at` (the
   * service clock): so that what a list offers (allowedEvents) is judged on the same facts as the event would be.
   */
  async factsOf(enterpriseIds: string[], at: string | Date): Promise<Map<string, NonNullable<Facts['enterprise']>>> {
    const ids = [...new Set(enterpriseIds)];
    if (ids.length === 0) return new Map();
    const rows: { id: string; credit_bars: CreditBar[] }[] = await this.ds.query(
      `SELECT e.id, ${creditBarsSql('e.id')} AS credit_bars FROM unnest($1::text[]) AS e(id)`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, creditFacts(r.credit_bars, at)]));
  }

  async listFor(enterpriseId: string): Promise<CreditRecordRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM credit_record WHERE enterprise_id = $1 ORDER BY id`, [enterpriseId]);
  }

  async find(id: string): Promise<CreditRecordRow | null> {
    const rows: CreditRecordRow[] = await this.ds.query(`SELECT ${COLUMNS} FROM credit_record WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  /** Writes the repair once; null when the record was already repaired (by a concurrent request too). */
  async repair(
    id: string,
    r: { at: Date; by: string; reason: string; evidence: string },
  ): Promise<CreditRecordRow | null> {
    // An UPDATE answers [rows, affected count] through TypeORM's query().
    const [rows]: [CreditRecordRow[], number] = await this.ds.query(
      `UPDATE credit_record SET repaired_at = $2, repaired_by = $3, repair_reason = $4, repair_evidence = $5
        WHERE id = $1 AND repaired_at IS NULL RETURNING ${COLUMNS}`,
      [id, r.at, r.by, r.reason, r.evidence],
    );
    return rows[0] ?? null;
  }
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Facts } from '../../workflows/contract';

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
   * The credit facts the workflow rules read (what the engine stamps on an event), per enterprise: so that what
   * a list offers (allowedEvents) is judged on the same facts as the event would be.
   */
  async factsOf(enterpriseIds: string[]): Promise<Map<string, NonNullable<Facts['enterprise']>>> {
    const ids = [...new Set(enterpriseIds)];
    if (ids.length === 0) return new Map();
    const rows: { id: string; tolerance_barred: boolean; commitment_barred_until: Date | null }[] = await this.ds.query(
      `SELECT e.id,
              EXISTS (SELECT 1 FROM credit_record c WHERE c.enterprise_id = e.id
                        AND c.bars_tolerance AND c.repaired_at IS NULL) AS tolerance_barred,
              (SELECT max(c.bars_commitment_until) FROM credit_record c WHERE c.enterprise_id = e.id
                        AND c.repaired_at IS NULL) AS commitment_barred_until
         FROM unnest($1::text[]) AS e(id)`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.id,
        {
          toleranceBarred: r.tolerance_barred,
          commitmentBarredUntil: r.commitment_barred_until ? new Date(r.commitment_barred_until).toISOString() : null,
        },
      ]),
    );
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

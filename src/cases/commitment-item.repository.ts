import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PersistedSnapshot } from '../../workflows/contract';
import { DEFINITION_IDS } from '../../workflows/protocol';

/** A 容缺 commitment with its item: what the early-fulfilment rule reads. */
export interface CommitmentWithItem {
  id: string;
  context: Record<string, unknown>;
  item: { definitionId: string; definitionVersion: number; snapshot: PersistedSnapshot };
}

/** SQL of the early-fulfilment rule: 容缺 commitments and the items they report to. */
@Injectable()
export class EarlyFulfilmentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The active 容缺 commitments among `instanceIds`, each with its item's snapshot. */
  async commitments(instanceIds: string[]): Promise<CommitmentWithItem[]> {
    const rows: {
      id: string;
      context: Record<string, unknown>;
      definition_id: string;
      definition_version: number;
      snapshot: PersistedSnapshot;
    }[] = await this.dataSource.query(
      `SELECT c.id, c.snapshot->'context' AS context, p.definition_id, p.definition_version, p.snapshot
         FROM workflow_instance c JOIN workflow_instance p ON p.id = c.parent_id
        WHERE c.id = ANY($1::uuid[]) AND c.definition_id = $2 AND c.status = 'active'`,
      [instanceIds, DEFINITION_IDS.toleranceCommitment],
    );
    return rows.map((r) => ({
      id: r.id,
      context: r.context,
      item: { definitionId: r.definition_id, definitionVersion: r.definition_version, snapshot: r.snapshot },
    }));
  }
}

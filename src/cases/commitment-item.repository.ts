import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PersistedSnapshot } from '../../workflows/contract';

/** A commitment (容缺 or 告知承诺) with the item it reports to: what the commitment gates read. */
export interface CommitmentWithItem {
  id: string;
  context: Record<string, unknown>;
  item: { definitionId: string; definitionVersion: number; snapshot: PersistedSnapshot };
}

/** SQL of the commitment gates: active commitments and the items they report to. */
@Injectable()
export class CommitmentItemRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The active commitments of `definitionId` among `instanceIds`, each with its item's snapshot. */
  async commitments(definitionId: string, instanceIds: string[]): Promise<CommitmentWithItem[]> {
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
      [instanceIds, definitionId],
    );
    return rows.map((r) => ({
      id: r.id,
      context: r.context,
      item: { definitionId: r.definition_id, definitionVersion: r.definition_version, snapshot: r.snapshot },
    }));
  }
}

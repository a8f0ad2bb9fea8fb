import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PersistedSnapshot } from '../../workflows/contract';
import { DEFINITION_IDS } from '../../workflows/protocol';

/** A 告知承诺 commitment with the item it reports its decision to. */
export interface NotifyCommitmentWithItem {
  id: string;
  item: { definitionId: string; definitionVersion: number; snapshot: PersistedSnapshot };
}

/** SQL of the commitment-decision rule: 告知承诺 commitments and the items they report to. */
@Injectable()
export class CommitmentDecisionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The active 告知承诺 commitments among `instanceIds`, each with its item's snapshot. */
  async commitments(instanceIds: string[]): Promise<NotifyCommitmentWithItem[]> {
    const rows: { id: string; definition_id: string; definition_version: number; snapshot: PersistedSnapshot }[] =
      await this.dataSource.query(
        `SELECT c.id, p.definition_id, p.definition_version, p.snapshot
           FROM workflow_instance c JOIN workflow_instance p ON p.id = c.parent_id
          WHERE c.id = ANY($1::uuid[]) AND c.definition_id = $2 AND c.status = 'active'`,
        [instanceIds, DEFINITION_IDS.notifyCommitment],
      );
    return rows.map((r) => ({
      id: r.id,
      item: { definitionId: r.definition_id, definitionVersion: r.definition_version, snapshot: r.snapshot },
    }));
  }
}

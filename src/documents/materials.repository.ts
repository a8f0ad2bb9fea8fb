import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MaterialFileEntity } from './material-file.entity';

/** A material as the item's snapshot lists it. */
export interface ItemMaterial {
  code: string;
  name: string;
}

/** The item a material is uploaded for: its materials as its snapshot records them (the version it runs on). */
export interface MaterialTarget {
  itemName: string;
  materials: ItemMaterial[];
  done: boolean;
}

/** SQL of material files. */
@Injectable()
export class MaterialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The item's materials, or null when the instance is not an item with materials (a project case). */
  async target(instanceId: string): Promise<MaterialTarget | null> {
    const rows: { item_name: string | null; materials: ItemMaterial[] | null; status: string }[] =
      await this.dataSource.query(
        `SELECT snapshot->'context'->'item'->>'name' AS item_name,
                snapshot->'context'->'item'->'materials' AS materials, status
           FROM workflow_instance WHERE id = $1`,
        [instanceId],
      );
    const row = rows[0];
    if (!row || !Array.isArray(row.materials) || !row.item_name) return null;
    return {
      itemName: row.item_name,
      materials: row.materials.map((m) => ({ code: m.code, name: m.name })),
      done: row.status === 'done',
    };
  }

  /**
   * What a supply or a correction needs to be checked against: the item's materials, the instances whose
   * uploads count (the case and, for a 容缺 commitment, its item) and when a pending correction was requested.
   */
  async supplyTarget(
    instanceId: string,
  ): Promise<{ instanceIds: string[]; materials: ItemMaterial[]; correctionRequestedAt: string | null } | null> {
    const rows: { parent_id: string | null; materials: ItemMaterial[] | null; requested_at: string | null }[] =
      await this.dataSource.query(
        `SELECT parent_id, snapshot->'context'->'item'->'materials' AS materials,
                snapshot->'context'->'correction'->>'requestedAt' AS requested_at
           FROM workflow_instance WHERE id = $1`,
        [instanceId],
      );
    const row = rows[0];
    if (!row) return null;
    return {
      instanceIds: row.parent_id ? [instanceId, row.parent_id] : [instanceId],
      materials: Array.isArray(row.materials) ? row.materials.map((m) => ({ code: m.code, name: m.name })) : [],
      correctionRequestedAt: row.requested_at,
    };
  }

  /** Codes of the materials with a file uploaded to one of `instanceIds`, at or after `since` when given. */
  async uploadedCodes(instanceIds: string[], since: string | null): Promise<Set<string>> {
    const rows: { material_code: string }[] = await this.dataSource.query(
      `SELECT DISTINCT material_code FROM material_file
        WHERE instance_id = ANY($1::uuid[]) AND ($2::timestamptz IS NULL OR created_at >= $2::timestamptz)`,
      [instanceIds, since],
    );
    return new Set(rows.map((r) => r.material_code));
  }

  async insert(m: EntityManager, file: MaterialFileEntity): Promise<void> {
    await m.insert(MaterialFileEntity, file);
  }

  list(instanceId: string): Promise<MaterialFileEntity[]> {
    return this.dataSource.getRepository(MaterialFileEntity).find({
      where: { instanceId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  one(instanceId: string, fileId: string): Promise<MaterialFileEntity | null> {
    return this.dataSource.getRepository(MaterialFileEntity).findOne({ where: { id: fileId, instanceId } });
  }
}

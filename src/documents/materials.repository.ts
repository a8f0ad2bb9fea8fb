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

/** A file uploaded for a material: which, and when. */
export interface Upload {
  code: string;
  at: string;
}

/** SQL of material files. */
@Injectable()
export class MaterialsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The case's context (what its snapshot holds now), or null when there is no such case. */
  async contextOf(instanceId: string): Promise<Record<string, unknown> | null> {
    const rows: { context: Record<string, unknown> | null }[] = await this.dataSource.query(
      `SELECT snapshot->'context' AS context FROM workflow_instance WHERE id = $1`,
      [instanceId],
    );
    return rows[0]?.context ?? null;
  }

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
   * The files that count for a supply or a correction of each of `instanceIds`: those uploaded to the case or,
   * for a 容缺 commitment, to its item, with when. One round trip for a whole page of cases.
   */
  async uploadsFor(instanceIds: string[]): Promise<Map<string, Upload[]>> {
    const rows: { id: string; files: Upload[] }[] = await this.dataSource.query(
      `SELECT i.id,
              COALESCE((SELECT json_agg(json_build_object('code', f.material_code, 'at', f.created_at))
                          FROM material_file f
                         WHERE f.instance_id = i.id OR f.instance_id = i.parent_id), '[]'::json) AS files
         FROM workflow_instance i WHERE i.id = ANY($1::uuid[])`,
      [instanceIds],
    );
    return new Map(rows.map((r) => [r.id, r.files.map((f) => ({ code: f.code, at: new Date(f.at).toISOString() }))]));
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

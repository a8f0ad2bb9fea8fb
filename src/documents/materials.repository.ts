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

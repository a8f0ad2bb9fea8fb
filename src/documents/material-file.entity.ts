import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A file uploaded for a material of an item; its content is in the blob store under `id`. */
@Entity('material_file')
@Index('ix_material_file_instance', ['instanceId', 'createdAt'])
export class MaterialFileEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_material_file' })
  id: string;

  /** The item (workflow instance) the material belongs to. */
  @Column('uuid', { name: 'instance_id' })
  instanceId: string;

  @Column('uuid', { name: 'project_id' })
  projectId: string;

  @Column('text', { name: 'material_code' })
  materialCode: string;

  @Column('text', { name: 'file_name' })
  fileName: string;

  @Column('text', { name: 'media_type' })
  mediaType: string;

  @Column('bigint', { transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  size: number;

  /** Hex SHA-256 of the content, as recorded in the MATERIAL_UPLOADED event. */
  @Column('text')
  sha256: string;

  /** Sequence number of the MATERIAL_UPLOADED event in the item's history. */
  @Column('int', { name: 'event_seq' })
  eventSeq: number;

  @Column('text', { name: 'uploaded_by' })
  uploadedBy: string;

  /** The instant of the MATERIAL_UPLOADED event. */
  @Column('timestamptz', { name: 'created_at' })
  createdAt: Date;
}

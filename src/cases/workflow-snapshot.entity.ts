import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A checkpoint every N events so as-of replay of long histories starts near its target. */
@Entity('workflow_snapshot')
export class WorkflowSnapshotEntity {
  @PrimaryColumn('uuid', { name: 'instance_id' })
  instanceId: string;

  @PrimaryColumn('int')
  seq: number;

  @Column('int', { name: 'definition_version' })
  definitionVersion: number;

  @Column('jsonb')
  snapshot: Record<string, unknown>;
}

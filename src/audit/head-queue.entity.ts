import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Instances whose head moved since they were last signed; a trigger on workflow_instance fills it in the
 * writing transaction, so the write path needs no code of its own and nothing is missed.
 */
@Entity('audit_head_queue')
export class HeadQueueEntity {
  @PrimaryColumn('uuid', { name: 'instance_id' })
  instanceId: string;

  @Column('timestamptz', { name: 'queued_at', default: () => 'now()' })
  queuedAt: Date;
}

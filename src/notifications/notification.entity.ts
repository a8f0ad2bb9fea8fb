import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 站内消息, one row per recipient, written in the transaction of the command that caused it (an outbox): it
 * exists exactly when the event does. `deliveredAt` is set once the outbound channel (SMS, e-mail; a log by
 * default) has taken it.
 */
@Entity('notification')
@Index('ix_notification_recipient', ['recipientId', 'createdAt'])
@Index('ix_notification_undelivered', ['deliveredAt', 'id'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'recipient_id' })
  recipientId: string;

  /** What happened, e.g. 'correctionRequested', 'problemResolved' (the UI shows `title`, not this). */
  @Column('text')
  kind: string;

  @Column('text')
  title: string;

  /** The page it links to, e.g. '#/projects/<id>'. */
  @Column('text')
  link: string;

  @Column('uuid', { name: 'project_id', nullable: true })
  projectId: string | null;

  /** The event that caused it. */
  @Column('uuid', { name: 'instance_id', nullable: true })
  instanceId: string | null;

  @Column('int', { nullable: true })
  seq: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;
}

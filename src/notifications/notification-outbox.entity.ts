import { CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The outbox of events that may notify someone: a trigger on workflow_event adds a row in the transaction that
 * writes such an event, whichever path wrote it (a command, a cascade, a timer, a batch written in one
 * statement). The dispatcher derives the notifications from the event and deletes the row.
 */
@Entity('notification_outbox')
export class NotificationOutboxEntity {
  @PrimaryColumn('uuid', { name: 'instance_id' })
  instanceId: string;

  @PrimaryColumn('int')
  seq: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

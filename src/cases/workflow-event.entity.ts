import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Append-only history. A database trigger rejects UPDATE and DELETE; each row carries the SHA-256 of its
 * canonical JSON together with the previous row's hash, so any change behind the engine's back shows.
 */
@Entity('workflow_event')
@Index('ix_event_occurred', ['instanceId', 'occurredAt'])
export class WorkflowEventEntity {
  @PrimaryColumn('uuid', { name: 'instance_id' })
  instanceId: string;

  @PrimaryColumn('int')
  seq: number;

  @Column('text')
  type: string;

  @Column('jsonb')
  payload: Record<string, unknown>;

  /** { userId, role, department?, enterpriseId?, onBehalfOf? } */
  @Column('jsonb')
  actor: Record<string, unknown>;

  @Column('text', { name: 'actor_id' })
  actorId: string;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text', { name: 'on_behalf_of', nullable: true })
  onBehalfOf: string | null;

  @Column('jsonb', { nullable: true })
  facts: Record<string, unknown> | null;

  /** The definition version the event was applied under. */
  @Column('int', { name: 'definition_version' })
  definitionVersion: number;

  @Column('timestamptz', { name: 'occurred_at' })
  occurredAt: Date;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt: Date;

  /** What caused a system event: the instance and sequence number of the triggering event, or a timer. */
  @Column('jsonb', { nullable: true })
  causation: Record<string, unknown> | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey: string | null;

  @Column('text', { name: 'state_after' })
  stateAfter: string;

  @Column('text', { name: 'prev_hash' })
  prevHash: string;

  @Column('text')
  hash: string;
}

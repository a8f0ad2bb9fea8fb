import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The first response to a command, so a retry with the same Idempotency-Key gets it back unchanged. */
@Entity('idempotency_record')
export class IdempotencyRecordEntity {
  /** Who sent it (user id): keys are scoped per caller. */
  @PrimaryColumn('text')
  scope: string;

  @PrimaryColumn('text')
  key: string;

  /** SHA-256 of method, path and canonical body: the same key with another body is refused (422). */
  @Column('text', { name: 'request_hash' })
  requestHash: string;

  @Column('int', { name: 'status_code' })
  statusCode: number;

  /** The response body exactly as first sent (text, so a retry gets the identical bytes). */
  @Column('text')
  response: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** 信用记录: written on a breached commitment; bars tolerance (容缺) until repaired, 告知承诺 for 6 months. */
@Entity('credit_record')
@Index('ix_credit_enterprise', ['enterpriseId'])
export class CreditRecordEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('text', { name: 'enterprise_id' })
  enterpriseId: string;

  @Column('text')
  reason: string;

  @Column('boolean', { name: 'bars_tolerance' })
  barsTolerance: boolean;

  @Column('timestamptz', { name: 'bars_commitment_until', nullable: true })
  barsCommitmentUntil: Date | null;

  /** The event that wrote it. */
  @Column('uuid', { name: 'instance_id' })
  instanceId: string;

  @Column('int')
  seq: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'repaired_at', nullable: true })
  repairedAt: Date | null;
}

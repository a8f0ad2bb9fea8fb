import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * 信用记录: written on a breached commitment. A 容缺 record bars 容缺 until repaired; a 告知承诺 record bars 告知承诺
 * and 容缺 until repaired or for 6 months. An admin records the repair (who, why, on what evidence).
 */
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

  /** The admin who recorded the repair (信用修复). */
  @Column('text', { name: 'repaired_by', nullable: true })
  repairedBy: string | null;

  @Column('text', { name: 'repair_reason', nullable: true })
  repairReason: string | null;

  /** What the repair rests on, e.g. the rectification acceptance document. */
  @Column('text', { name: 'repair_evidence', nullable: true })
  repairEvidence: string | null;
}

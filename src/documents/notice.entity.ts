import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A notice (受理通知书, 准予行政许可决定书 …) issued on an item's event. Written by the database trigger of
 * migration NoticeRegistry in the event's transaction: its 文号 is gapless per department, kind and year.
 */
@Entity('notice')
@Index('ix_notice_instance', ['instanceId', 'eventSeq'])
@Index('ux_notice_code', ['verificationCode'], { unique: true })
@Index('ux_notice_number', ['department', 'kind', 'year', 'serial'], { unique: true })
export class NoticeEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_notice' })
  id: string;

  @Column('uuid', { name: 'instance_id' })
  instanceId: string;

  @Column('int', { name: 'event_seq' })
  eventSeq: number;

  /** 'acceptance' (受理通知书) or 'approval' (准予行政许可决定书). */
  @Column('text')
  kind: string;

  @Column('text')
  department: string;

  @Column('int')
  year: number;

  @Column('int')
  serial: number;

  /** The 文号 as printed, e.g. 随高新规受〔2026〕00001号. */
  @Column('text')
  number: string;

  @Column('text', { name: 'verification_code' })
  verificationCode: string;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What a notice's text needs, taken from the case in the issuing transaction (see notice-kinds.ts). */
export interface NoticeFacts {
  projectName?: string;
  holder?: string;
  itemName?: string;
  /** Reason, opinion or note of the event. */
  reason?: string;
  /** Names of the materials the notice lists (补正, 容缺). */
  materials?: string[];
  /** 告知承诺书: the conditions the enterprise commits to. */
  conditions?: string[];
  /** 容缺: working days to supply the missing materials. */
  supplementDays?: number;
  /** Joint issuance: the bundle's name and certificate type codes. */
  bundleName?: string;
  certificates?: string[];
}

/**
 * A notice (受理通知书, 准予行政许可决定书 …) issued on a case's event. Written by the database trigger of
 * migrations NoticeRegistry and NoticeKinds in the event's transaction: its 文号 is gapless per department, kind
 * and year. Its PDF is rendered once from `facts` and stored (blob store, SHA-256 in a NOTICE_STORED event).
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

  /** A key of NOTICE_KINDS, e.g. 'acceptance' (受理通知书) or 'approval' (准予行政许可决定书). */
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

  @Column('jsonb', { default: {} })
  facts: NoticeFacts;

  /** Blob store key of the stored PDF; null until it is first rendered. */
  @Column('text', { name: 'blob_key', nullable: true })
  blobKey: string | null;

  /** Hex SHA-256 of the stored PDF, as its NOTICE_STORED event records it. */
  @Column('text', { nullable: true })
  sha256: string | null;

  /** Sequence number of the NOTICE_STORED event in the case's history. */
  @Column('int', { name: 'stored_seq', nullable: true })
  storedSeq: number | null;
}

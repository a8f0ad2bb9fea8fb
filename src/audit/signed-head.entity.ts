import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A chain head signed with the service's Ed25519 key (src/audit/signed-head.ts says what is signed). */
@Entity('audit_signed_head')
@Index('ix_signed_head_signed_at', ['signedAt'])
export class SignedHeadEntity {
  @PrimaryColumn('uuid', { name: 'instance_id' })
  instanceId: string;

  @PrimaryColumn('int')
  seq: number;

  @Column('int', { name: 'from_seq' })
  fromSeq: number;

  @Column('text', { name: 'head_hash' })
  headHash: string;

  /** Hashes of events from_seq+1 … seq. */
  @Column('jsonb', { name: 'event_hashes' })
  eventHashes: string[];

  @Column('timestamptz', { name: 'signed_at' })
  signedAt: Date;

  @Column('text')
  reason: string;

  @Column('text', { name: 'key_id' })
  keyId: string;

  @Column('text')
  signature: string;
}

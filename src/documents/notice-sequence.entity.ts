import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last serial given per department, notice kind and year; its row lock makes the 文号 gapless. */
@Entity('notice_sequence')
export class NoticeSequenceEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_notice_sequence' })
  department: string;

  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_notice_sequence' })
  kind: string;

  @PrimaryColumn('int', { primaryKeyConstraintName: 'PK_notice_sequence' })
  year: number;

  @Column('int')
  last: number;
}

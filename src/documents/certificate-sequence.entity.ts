import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last serial given per certificate type and year; its row lock makes the numbers gapless. */
@Entity('certificate_sequence')
export class CertificateSequenceEntity {
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_certificate_sequence' })
  type: string;

  @PrimaryColumn('int', { primaryKeyConstraintName: 'PK_certificate_sequence' })
  year: number;

  @Column('int')
  last: number;
}

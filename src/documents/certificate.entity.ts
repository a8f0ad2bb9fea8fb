import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An issued certificate (电子证照). Written in the issuing transaction by the database trigger of migration
 * CertificateRegistry (from the project case's `certificates`), never by application code: its number is
 * gapless per type and year, and its status follows revocation and lapse.
 */
@Entity('certificate')
@Index('ix_certificate_project', ['projectId', 'type'])
@Index('ux_certificate_code', ['verificationCode'], { unique: true })
@Index('ux_certificate_number', ['type', 'year', 'serial'], { unique: true })
export class CertificateEntity {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'PK_certificate' })
  id: string;

  /** What the QR code and the public verification route carry (unguessable). */
  @Column('text', { name: 'verification_code' })
  verificationCode: string;

  @Column('uuid', { name: 'project_id' })
  projectId: string;

  /** Certificate type code of the catalog (e.g. landUsePlanningPermit). */
  @Column('text')
  type: string;

  /** Year of issue in China Standard Time; the serial restarts each year. */
  @Column('int')
  year: number;

  @Column('int')
  serial: number;

  /** The number as printed, e.g. 随高新地字第202600001号. */
  @Column('text')
  number: string;

  /** The enterprise the certificate is issued to, as named at issue. */
  @Column('text')
  holder: string;

  @Column('text', { name: 'project_name' })
  projectName: string;

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;

  /** 'valid' (有效), 'revoked' (已撤销) or 'lapsed' (已失效), as the project case records it. */
  @Column('text')
  status: string;

  @Column('timestamptz', { name: 'status_changed_at', nullable: true })
  statusChangedAt: Date | null;

  /** SHA-256 (hex) of the certificate's content: type, number, holder, project name, issue date. */
  @Column('text', { name: 'document_hash' })
  documentHash: string;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How certificates of a type are numbered (migration CertificateFormats): read by the issuing trigger. Kept beside
 * the registry, keyed by the catalog's certificate type code, rather than in the catalog: the 字 is the issuing
 * authority's numbering, not a rule of the process, and the trigger needs it in the database.
 */
@Entity('certificate_number_format')
export class CertificateNumberFormatEntity {
  /** Certificate type code of the catalog (e.g. landUsePlanningPermit). */
  @PrimaryColumn('text', { primaryKeyConstraintName: 'PK_certificate_number_format' })
  type: string;

  /** The number with {year} (four digits) and {serial} (five digits, restarting each year), e.g. 随高新地字第{year}{serial}号. */
  @Column('text')
  template: string;
}

import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A construction project; its process is the case instance with the same id. */
@Entity('project')
@Index('ix_project_enterprise', ['enterpriseId', 'createdAt'])
// Search by name (ILIKE '%…%', Chinese included) through a trigram GIN index; created in a migration by hand
// because TypeORM cannot express the operator class (synchronize: false keeps the drift check quiet).
@Index('ix_project_name_trgm', { synchronize: false })
// Terms of one or two characters: a GIN index on project_name_grams(name), the name's 1- and 2-character
// substrings; an expression index, created in its migration (the drift check does not see expression indexes;
// declared here so the entity lists every index of the table).
@Index('ix_project_name_grams', { synchronize: false })
// Newest first (created_at, id), carrying name and enterprise_id (INCLUDE, which TypeORM cannot express: created in
// its migration) for the index-only newest-first windows of a broad search.
@Index('ix_project_created_cover', { synchronize: false })
export class ProjectEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Human reference, e.g. 'SZGX-2026-0001'. */
  @Column('text', { unique: true })
  code: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'enterprise_id' })
  enterpriseId: string;

  /** Project category (Hubei 80/60/40 target). */
  @Column('text')
  category: string;

  /** Total investment (总投资) in 万元; required when filing, NULL for projects filed before it was asked. */
  @Column('numeric', {
    name: 'investment_amount',
    precision: 14,
    scale: 2,
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  investmentAmount: number | null;

  @Column('jsonb')
  details: Record<string, unknown>;

  /** 工业项目 (六证联发; production buildings exempt from 人防). Recorded at filing from catalog v2 on. */
  @Column('boolean', { default: false })
  industrial: boolean;

  /** 特殊建设工程: fire design review and fire acceptance (others: 消防验收备案). */
  @Column('boolean', { name: 'special_construction', default: false })
  specialConstruction: boolean;

  /** 人防 outcome: shelter / feePaid / exempt; null for projects filed before it was recorded. */
  @Column('text', { name: 'civil_defense', nullable: true })
  civilDefense: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

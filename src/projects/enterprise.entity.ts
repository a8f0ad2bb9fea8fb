import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** 建设单位: the applicant enterprise. */
@Entity('enterprise')
export class EnterpriseEntity {
  @PrimaryColumn('text')
  id: string;

  @Column('text')
  name: string;

  /** 统一社会信用代码 */
  @Column('text', { name: 'credit_code', nullable: true })
  creditCode: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

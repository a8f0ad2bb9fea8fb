import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('app_user')
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  username: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  /** scrypt$N$r$p$salt$hash */
  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text')
  role: 'clerk' | 'steward' | 'enterprise' | 'leader' | 'auditor' | 'admin';

  @Column('text', { nullable: true })
  department: string | null;

  @Column('text', { name: 'enterprise_id', nullable: true })
  enterpriseId: string | null;

  /** Projects a steward (项目管家) is assigned to, or a leader (项目长) leads. */
  @Column('uuid', { name: 'assigned_project_ids', array: true, default: () => "'{}'" })
  assignedProjectIds: string[];

  @Column('boolean', { default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * How the zone drives one project (包保制 and 1+1+N): whether it is a key project (重点项目), its leader
 * (项目长), its steward (项目管家), the enterprise's contact and one liaison per department involved. Kept
 * beside the project row rather than on it: the leader and the steward reach the project through their
 * accounts' assigned projects (AccessPolicy), which the team service keeps in step with this row.
 */
@Entity('project_team')
@Index('ix_project_team_leader', ['leaderUserId'])
export class ProjectTeamEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId: string;

  @Column('boolean', { name: 'key_project', default: false })
  keyProject: boolean;

  @Column('uuid', { name: 'leader_user_id', nullable: true })
  leaderUserId: string | null;

  @Column('uuid', { name: 'steward_user_id', nullable: true })
  stewardUserId: string | null;

  /** The enterprise's contact person: { name, phone? }. */
  @Column('jsonb', { name: 'enterprise_contact', nullable: true })
  enterpriseContact: { name: string; phone?: string } | null;

  /** One liaison per department involved: department code → the liaison's name (and phone). */
  @Column('jsonb', { default: () => "'{}'" })
  liaisons: Record<string, { name: string; phone?: string }>;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

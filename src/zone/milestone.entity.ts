import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Where a milestone's actual date came from: the workflow (a permit, work start, an acceptance) or the steward. */
export type ActualSource = 'workflow' | 'steward';

/** One milestone of a project's battle map (作战图). */
@Entity('project_milestone')
export class MilestoneEntity {
  @PrimaryColumn('uuid', { name: 'project_id' })
  projectId: string;

  /** A standard code (signing, landSupply, …) or a zone-added one. */
  @PrimaryColumn('text')
  code: string;

  @Column('text')
  name: string;

  @Column('int')
  position: number;

  @Column('date', { name: 'planned_on' })
  plannedOn: string;

  /** Entered by the steward; the workflow's own date, where it knows one, takes precedence in the view. */
  @Column('date', { name: 'actual_on', nullable: true })
  actualOn: string | null;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

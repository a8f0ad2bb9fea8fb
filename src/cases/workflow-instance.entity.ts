import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** One running process (project case, approval item, commitment, acceptance section …). */
@Entity('workflow_instance')
// A department's work queue in its display order (due first, then arrival): the page is read off the index, and
// the queue's count reads only the index (INCLUDE definition_id, timer_state, warn_at, which TypeORM cannot
// express: created in its migration QueueCountCover; synchronize: false keeps the drift check quiet).
@Index('ix_instance_queue', { synchronize: false })
// The active instances several departments can act on at once (joint acceptance inspections), in queue order: the
// queue's branch for the departments other than the one department_queue names (migration ActingDepartments; its
// predicate names acting_departments, which changes only when who can act does, never `state`: updates stay HOT).
@Index('ix_instance_joint_inspection', { synchronize: false })
@Index('ix_instance_project', ['projectId'])
@Index('ix_instance_parent_child', ['parentId', 'childKey'], { unique: true, where: '"parent_id" IS NOT NULL' })
export class WorkflowInstanceEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'definition_id' })
  definitionId: string;

  @Column('int', { name: 'definition_version' })
  definitionVersion: number;

  @Column('uuid', { name: 'parent_id', nullable: true })
  parentId: string | null;

  @Column('text', { name: 'child_key', nullable: true })
  childKey: string | null;

  /** The project this instance belongs to (its root case); every hot query carries it or a queue key. */
  @Column('uuid', { name: 'project_id' })
  projectId: string;

  @Column('jsonb')
  snapshot: Record<string, unknown>;

  /** Sequence number of the last applied event (optimistic version, If-Match). */
  @Column('int')
  seq: number;

  /** 'active' until the machine reaches a final state, then 'done'. */
  @Column('text')
  status: 'active' | 'done';

  @Column('text')
  state: string;

  @Column('text', { name: 'status_label' })
  statusLabel: string;

  @Column('text', { nullable: true })
  stage: string | null;

  @Column('text', { name: 'department_queue', nullable: true })
  departmentQueue: string | null;

  /**
   * The departments that can act on it now (the definition's actingDepartments, written with the summary): the
   * one department_queue names, and for a joint acceptance inspection every department offered an action.
   */
  @Column('text', { name: 'acting_departments', array: true, default: () => "'{}'" })
  actingDepartments: string[];

  @Column('text', { name: 'waiting_on' })
  waitingOn: string;

  @Column('jsonb', { nullable: true })
  deadline: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'due_at', nullable: true })
  dueAt: Date | null;

  @Column('timestamptz', { name: 'warn_at', nullable: true })
  warnAt: Date | null;

  @Column('text', { name: 'timer_state', nullable: true })
  timerState: string | null;

  /** SHA-256 of the last event: the head of this instance's hash chain. */
  @Column('text', { name: 'head_hash' })
  headHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

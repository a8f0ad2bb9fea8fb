import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A durable deadline: the event to send to an instance when it falls due. Claimed with SKIP LOCKED. */
@Entity('workflow_timer')
@Index('ix_timer_due', ['dueAt'], { where: `"status" = 'pending'` })
@Index('ix_timer_instance_key', ['instanceId', 'timerKey'], { unique: true, where: `"status" = 'pending'` })
export class TimerEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint' })
  id: string;

  @Column('uuid', { name: 'instance_id' })
  instanceId: string;

  @Column('text', { name: 'timer_key' })
  timerKey: string;

  @Column('timestamptz', { name: 'due_at' })
  dueAt: Date;

  /** { type, payload } sent through the command service when due. */
  @Column('jsonb')
  event: Record<string, unknown>;

  /** The deadline it was computed from, for display and re-computation. */
  @Column('jsonb', { nullable: true })
  deadline: Record<string, unknown> | null;

  /**
   * Where on `deadline` it fires (the scheduleTimer effect's `at`: 'due', 'warning' or { reminderWorkingDaysBefore }):
   * with the deadline, what a change of the calendar recomputes `dueAt` from. Null on a timer written before it
   * was kept and not recognised by its key (TimerAt1795820000000).
   */
  @Column('jsonb', { nullable: true })
  at: unknown;

  @Column('text')
  status: 'pending' | 'fired' | 'cancelled' | 'failed';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column('timestamptz', { name: 'fired_at', nullable: true })
  firedAt: Date | null;

  /** Failed firing attempts (an error, not a refusal); after MAX_ATTEMPTS the timer is marked 'failed'. */
  @Column('int', { default: 0 })
  attempts: number;

  /** Result of firing: 'applied', or why the event was not applied (state already left it behind). */
  @Column('text', { nullable: true })
  outcome: string | null;
}

import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * The calendar the stored deadline instants were last computed with (one row): its signature, a digest of every
 * year in force. A process whose calendar differs recomputes the pending timers and the instances' due and
 * warning instants (CalendarService.applyToStoredDeadlines).
 */
@Entity('calendar_applied')
export class CalendarAppliedEntity {
  @PrimaryColumn('smallint')
  id: number;

  @Column('text')
  signature: string;

  @UpdateDateColumn({ name: 'applied_at', type: 'timestamptz' })
  appliedAt: Date;
}

import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A year's holiday arrangement loaded by an admin (the State Council publishes it late the year before). */
@Entity('calendar_year')
export class CalendarYearEntity {
  @PrimaryColumn('int')
  year: number;

  @Column('jsonb')
  data: Record<string, unknown>;

  @Column('text', { name: 'loaded_by' })
  loadedBy: string;

  @CreateDateColumn({ name: 'loaded_at', type: 'timestamptz' })
  loadedAt: Date;
}

import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeadlineSpec } from '../../workflows/contract';
import {
  type CalendarYear,
  defaultCalendar,
  resolveDeadline,
  type ResolvedDeadline,
  timerFireAt,
  type TimerAt,
  validateCalendarYear,
  WorkingDayCalendar,
} from '../../workflows/calendar';
import { AppException } from '../common/errors/app-exception';

/**
 * The working-day calendar in force: the shipped years plus the years an admin loaded (calendar_year table).
 * Deadlines are stored as specs and resolved here, so loading a year never rewrites history.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CalendarService.name);
  private calendar: WorkingDayCalendar = defaultCalendar;
  private refresher: NodeJS.Timeout | null = null;
  private readonly resolved = new WeakMap<DeadlineSpec, { calendar: WorkingDayCalendar; resolved: ResolvedDeadline }>();

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    // Other app processes see a year an admin loaded here within a minute.
    this.refresher = setInterval(() => void this.reload().catch(() => undefined), 60_000);
    this.refresher.unref();
  }

  onModuleDestroy(): void {
    if (this.refresher) clearInterval(this.refresher);
  }

  async reload(): Promise<void> {
    const rows: { year: number; data: CalendarYear }[] = await this.dataSource.query(
      'SELECT year, data FROM calendar_year ORDER BY year',
    );
    let calendar = defaultCalendar;
    for (const row of rows) {
      try {
        calendar = calendar.withYear(row.data);
      } catch (e) {
        this.logger.error(`calendar year ${row.year} in the database is invalid: ${(e as Error).message}`);
      }
    }
    this.calendar = calendar;
  }

  get current(): WorkingDayCalendar {
    return this.calendar;
  }

  /** Validates and stores a year's arrangement (admin), replacing an earlier upload of the same year. */
  async loadYear(data: CalendarYear, loadedBy: string): Promise<void> {
    const problems = validateCalendarYear(data);
    if (problems.length)
      throw new AppException('VALIDATION_FAILED', `Invalid calendar year: ${problems.join('; ')}`, problems);
    await this.dataSource.query(
      `INSERT INTO calendar_year (year, data, loaded_by) VALUES ($1, $2, $3)
       ON CONFLICT (year) DO UPDATE SET data = EXCLUDED.data, loaded_by = EXCLUDED.loaded_by, loaded_at = now()`,
      [data.year, JSON.stringify(data), loadedBy],
    );
    await this.reload();
  }

  /**
   * Resolved per spec object and calendar: a command resolves its deadline for the row's columns, for its timers
   * and for the case view it answers with, from the same (immutable) spec of the snapshot.
   */
  resolve(spec: DeadlineSpec): ResolvedDeadline {
    const hit = this.resolved.get(spec);
    if (hit && hit.calendar === this.calendar) return hit.resolved;
    const resolved = resolveDeadline(this.calendar, spec);
    this.resolved.set(spec, { calendar: this.calendar, resolved });
    return resolved;
  }

  fireAt(spec: DeadlineSpec, at: TimerAt): string | null {
    if (at === 'due') return this.resolve(spec).dueAt;
    if (at === 'warning') return this.resolve(spec).warnAt;
    return timerFireAt(this.calendar, spec, at);
  }
}

import { createHash } from 'node:crypto';
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
import { EditVersions } from '../common/edit-version/edit-version.service';
import { AppException } from '../common/errors/app-exception';
import { MetricsService } from '../metrics/metrics.service';
import { CalendarRepository } from './calendar.repository';

/** Rows per statement when the stored deadline instants are brought to a new calendar. */
const RECOMPUTE_BATCH = 500;

/** What of each year decides deadlines: its holidays and make-up working days (not their names or source). */
function yearDays(calendar: WorkingDayCalendar): Map<number, string> {
  return new Map(
    calendar
      .calendarYears()
      .map((y) => [
        y.year,
        JSON.stringify([y.holidays.map((d) => d.date).sort(), y.workdays.map((d) => d.date).sort()]),
      ]),
  );
}

/** A digest of what decides deadlines in every year of the calendar. */
export function calendarSignature(calendar: WorkingDayCalendar): string {
  return createHash('sha256')
    .update(JSON.stringify([...yearDays(calendar)].sort((a, b) => a[0] - b[0])))
    .digest('hex');
}

/**
 * The earliest instant from which stored deadline instants can move from `before` to `after`: 60 days before the
 * start (CST) of the first year whose days differ. A due instant moves only if a day before it changes; a timer
 * fires at most a reminder's few working days before its due day, and 60 days cover that. Null: nothing differs.
 */
export function movedSince(before: WorkingDayCalendar, after: WorkingDayCalendar): string | null {
  const a = yearDays(before);
  const b = yearDays(after);
  const changed = [...new Set([...a.keys(), ...b.keys()])].filter((y) => a.get(y) !== b.get(y));
  if (!changed.length) return null;
  const start = Date.UTC(Math.min(...changed), 0, 1) - 8 * 3600_000; // 00:00 CST
  return new Date(start - 60 * 86400_000).toISOString();
}

/**
 * The working-day calendar in force: the shipped years plus the years an admin loaded (calendar_year table).
 * Deadlines are stored as specs and resolved here, so loading a year never rewrites history. What is stored as an
 * instant — a pending timer's due time, an instance's due and warning instants (its work-queue columns) — follows
 * the calendar: when it changes, applyToStoredDeadlines computes them again.
 */
@Injectable()
export class CalendarService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(CalendarService.name);
  private calendar: WorkingDayCalendar = defaultCalendar;
  /**
   * The calendar the stored instants were last brought to by this process (or found computed with, at start); null
   * until then. Set only once that has succeeded, so a failed recompute is tried again at the next reload.
   */
  private applied: { calendar: WorkingDayCalendar; signature: string } | null = null;
  private refresher: NodeJS.Timeout | null = null;
  private readonly resolved = new WeakMap<DeadlineSpec, { calendar: WorkingDayCalendar; resolved: ResolvedDeadline }>();

  /** The run bringing the stored instants to the calendar in force, if one is going; another is due after it. */
  private applying: Promise<void> | null = null;
  private applyAgain = false;
  private stopping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    private readonly repo: CalendarRepository,
    private readonly versions: EditVersions,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reload();
    // Other app processes see a year an admin loaded here within a minute.
    this.refresher = setInterval(() => void this.reload().catch(() => undefined), 60_000);
    this.refresher.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.refresher) clearInterval(this.refresher);
    // a run stops between batches; what it did not reach, the next start does (calendar_applied is not updated)
    this.stopping = true;
    await this.applying;
  }

  async reload(): Promise<void> {
    const rows = await this.repo.loadedYears(this.dataSource.manager);
    let calendar = defaultCalendar;
    for (const row of rows) {
      try {
        calendar = calendar.withYear(row.data);
      } catch (e) {
        this.logger.error(`calendar year ${row.year} in the database is invalid: ${(e as Error).message}`);
      }
    }
    this.calendar = calendar;
    this.startApplying();
  }

  /**
   * Brings the stored instants to the calendar in force in the background, one run at a time (a change seen during
   * a run gets a run of its own after it): a year's load answers at once, and until its run is done a timer claimed
   * early waits (TimerScheduler) while the work queues' columns still show the old instants. A run that failed is
   * tried again at the next reload.
   */
  private startApplying(): void {
    if (this.applying) {
      this.applyAgain = true;
      return;
    }
    this.applying = (async () => {
      do {
        this.applyAgain = false;
        await this.applyToStoredDeadlines(this.calendar).catch((e: unknown) => {
          if (!this.stopping)
            this.logger.error(
              { err: e },
              'moving the stored deadline instants to the calendar failed; retried within a minute',
            );
        });
      } while (this.applyAgain && !this.stopping);
    })().finally(() => {
      this.applying = null;
    });
  }

  /** Resolves once no run is going (the stored instants follow the calendar in force, or the run failed). */
  async whenApplied(): Promise<void> {
    while (this.applying) await this.applying;
  }

  /**
   * Brings the stored deadline instants to `calendar`: when this process's calendar has changed (a year loaded
   * here, or seen here within a minute of its loading elsewhere — which also mends what this process wrote
   * meanwhile with the calendar before), and at start when the instants were last computed with another one (a
   * release that ships a year). A change seen here reads only the instants from movedSince on; at start every one.
   * Idempotent; each row is updated only if it is still as read.
   */
  private async applyToStoredDeadlines(calendar: WorkingDayCalendar): Promise<void> {
    const signature = calendarSignature(calendar);
    const applied = this.applied;
    if (applied?.signature === signature) return;
    if (!applied) {
      if ((await this.repo.appliedSignature(this.dataSource.manager)) === signature) {
        this.applied = { calendar, signature };
        return;
      }
    }
    const from = (applied && movedSince(applied.calendar, calendar)) ?? '-infinity';
    const end = this.metrics.deadlineRecomputeSeconds.startTimer();
    const timers = await this.recomputeTimers(calendar, from);
    const instances = await this.recomputeInstances(calendar, from);
    end();
    await this.repo.recordApplied(this.dataSource.manager, signature);
    this.applied = { calendar, signature };
    if (timers || instances)
      this.logger.log(`the calendar changed: ${timers} pending timers and ${instances} instances' deadlines moved`);
  }

  /** Pending timers (not being retried) whose due instant the calendar moves; how many were moved. */
  private async recomputeTimers(calendar: WorkingDayCalendar, from: string): Promise<number> {
    let moved = 0;
    for (let after = '0'; ;) {
      const rows = await this.repo.pendingTimerDeadlines(this.dataSource.manager, after, RECOMPUTE_BATCH, from);
      if (!rows.length) return moved;
      if (this.stopping) throw new Error('stopping');
      this.metrics.deadlineInstantsRead.inc({ kind: 'timer' }, rows.length);
      after = String(rows[rows.length - 1].id);
      const ids: string[] = [];
      const dues: string[] = [];
      const olds: Date[] = [];
      const written: string[] = []; // as text: microseconds, which a Date would lose
      for (const r of rows) {
        const due = timerFireAt(calendar, r.deadline, r.at);
        if (due === null || Date.parse(due) === r.due_at.getTime()) continue;
        ids.push(String(r.id));
        dues.push(due);
        olds.push(r.due_at);
        written.push(r.created);
      }
      if (!ids.length) continue;
      const n = await this.repo.moveTimers(this.dataSource.manager, { ids, dues, olds, written });
      moved += n;
      this.metrics.deadlineInstantsMoved.inc({ kind: 'timer' }, n);
    }
  }

  /** Active instances whose due or warning instant (the work queues' columns) the calendar moves. */
  private async recomputeInstances(calendar: WorkingDayCalendar, from: string): Promise<number> {
    let moved = 0;
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await this.repo.activeInstanceDeadlines(this.dataSource.manager, after, RECOMPUTE_BATCH, from);
      if (!rows.length) return moved;
      if (this.stopping) throw new Error('stopping');
      this.metrics.deadlineInstantsRead.inc({ kind: 'instance' }, rows.length);
      after = rows[rows.length - 1].id;
      const changed: { id: string; seq: number; due: string | null; warn: string | null }[] = [];
      const same = (iso: string | null, d: Date | null) =>
        iso === null ? d === null : d !== null && Date.parse(iso) === d.getTime();
      for (const r of rows) {
        const resolved = resolveDeadline(calendar, r.deadline);
        if (same(resolved.dueAt, r.due_at) && same(resolved.warnAt, r.warn_at)) continue;
        changed.push({ id: r.id, seq: r.seq, due: resolved.dueAt, warn: resolved.warnAt });
      }
      if (!changed.length) continue;
      const n = await this.repo.moveInstances(this.dataSource.manager, changed);
      moved += n;
      this.metrics.deadlineInstantsMoved.inc({ kind: 'instance' }, n);
    }
  }

  get current(): WorkingDayCalendar {
    return this.calendar;
  }

  /** The version of a year's arrangement its edit form sends back in If-Match. */
  yearVersion(year: number): Promise<number> {
    return this.versions.current(this.dataSource.manager, 'calendar-year', String(year));
  }

  /** The versions of many years (0 where never written through PUT). */
  async yearVersions(years: number[]): Promise<(year: number) => number> {
    const version = await this.versions.currentMany(this.dataSource.manager, 'calendar-year', years.map(String));
    return (year) => version(String(year));
  }

  /**
   * Validates and stores a year's arrangement (admin), replacing an earlier upload of the same year; `ifMatch`
   * (the version read) refuses it when someone saved the year in between. Returns the new version.
   */
  async loadYear(data: CalendarYear, loadedBy: string, ifMatch?: number): Promise<number> {
    const problems = validateCalendarYear(data);
    if (problems.length)
      throw new AppException(
        'VALIDATION_FAILED',
        `节假日安排不正确 / Invalid calendar year: ${problems.join('; ')}`,
        problems,
      );
    const version = await this.dataSource.transaction(async (m) => {
      const next = await this.versions.advance(m, 'calendar-year', String(data.year), ifMatch);
      await this.repo.saveYear(m, data, loadedBy);
      return next;
    });
    await this.reload();
    return version;
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

  /**
   * The end of a period whose last day is the CST date of `lastDay` (a bar of N months, 民法典 arts. 201–203): 00:00
   * CST after that day, or after the next working day when that day is a statutory rest day (调休 working days
   * count). One day counted from the day before gives exactly that last day, rolled as any natural-day period.
   */
  periodEnd(lastDay: string): string {
    const dayBefore = new Date(Date.parse(lastDay) - 86_400_000).toISOString();
    const spec: DeadlineSpec = {
      kind: 'periodEnd',
      label: '期间届满',
      startedAt: dayBefore,
      amount: 1,
      unit: 'naturalDays',
      pauses: [],
    };
    return this.resolve(spec).dueAt!;
  }

  fireAt(spec: DeadlineSpec, at: TimerAt): string | null {
    if (at === 'due') return this.resolve(spec).dueAt;
    if (at === 'warning') return this.resolve(spec).warnAt;
    return timerFireAt(this.calendar, spec, at);
  }
}

import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { CommandService } from '../cases/command.service';
import { Clock } from '../common/clock';
import { isDatabaseUnavailable } from '../common/errors/all-exceptions.filter';
import { AppConfig } from '../config/app-config';
import { MetricsService } from '../metrics/metrics.service';
import { TimerRepository } from './timer.repository';

const MAX_ATTEMPTS = 5;
/** At most this many timers per pass, so one pass never holds the loop for long. */
const BATCH = 200;

/**
 * Fires due timers through the one command service. Every app process runs one; a timer is claimed with
 * FOR UPDATE SKIP LOCKED and fired in the same transaction as the event it sends, so it fires exactly once
 * however many processes run, and one that fell due while the service was down fires at the first pass.
 */
@Injectable()
export class TimerScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TimerScheduler.name);
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandService,
    private readonly timers: TimerRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly calendar: CalendarService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED) return;
    const loop = async () => {
      if (this.stopped) return;
      await this.runOnce().catch(() => undefined);
      if (!this.stopped) this.handle = setTimeout(loop, this.config.SCHEDULER_INTERVAL_MS);
    };
    this.handle = setTimeout(loop, 0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    await this.running;
  }

  /** One pass: fires every timer due now (up to BATCH). Returns how many it handled. Safe to call concurrently. */
  runOnce(): Promise<number> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async pass(): Promise<number> {
    let handled = 0;
    try {
      this.metrics.timersDue.set(await this.timers.countDue(this.dataSource.manager, this.clock.now()));
      while (handled < BATCH && !this.stopped) {
        const fired = await this.fireNext();
        if (!fired) break;
        handled++;
      }
    } catch (e) {
      if (isDatabaseUnavailable(e)) this.logger.warn('scheduler: database unavailable, will retry');
      else this.logger.error({ err: e }, 'scheduler pass failed');
    }
    return handled;
  }

  /** Claims and fires one due timer; false when none is due. */
  private async fireNext(): Promise<boolean> {
    let claimedId: string | null = null;
    try {
      return await this.commands.transaction(async (m) => {
        const now = this.clock.now();
        const timer = await this.timers.claimNext(m, now);
        if (!timer) return false;
        claimedId = timer.id;
        // Written with a calendar that has changed since (a year loaded meanwhile, seen by the process that wrote
        // it only within a minute): by the calendar in force it is not due yet, so it waits.
        if (timer.deadline && timer.at && timer.attempts === 0) {
          const dueAt = this.calendar.fireAt(timer.deadline, timer.at);
          if (dueAt !== null && Date.parse(dueAt) > now.getTime()) {
            await this.timers.postpone(m, timer.id, dueAt);
            this.metrics.timersPostponed.inc();
            return true;
          }
        }
        const result = await this.commands.apply(m, {
          instanceId: timer.instanceId,
          type: timer.event.type,
          payload: timer.event.payload ?? {},
          actor: { userId: 'system:timer', role: 'system' },
          causation: { kind: 'timer', timerId: timer.id },
        });
        // A refusal means the instance moved on (the timer should have been cancelled): record it, don't retry.
        const outcome = result.ok ? 'applied' : `refused: ${result.code} ${result.message}`.slice(0, 500);
        await this.timers.markFired(m, timer.id, now, outcome);
        this.metrics.timersFired.inc({ outcome: result.ok ? 'applied' : 'refused' });
        const lateness = (now.getTime() - new Date(timer.dueAt).getTime()) / 1000;
        this.metrics.timerLateness.observe(Math.max(0, lateness));
        if (lateness > 60) this.metrics.timersLate.inc();
        if (!result.ok) this.logger.warn(`timer ${timer.id} (${timer.timerKey}) on ${timer.instanceId}: ${outcome}`);
        return true;
      });
    } catch (e) {
      if (claimedId === null || isDatabaseUnavailable(e)) throw e;
      const id: string = claimedId;
      this.metrics.timersFired.inc({ outcome: 'failed' });
      this.logger.error({ err: e }, `timer ${id} failed`);
      await this.timers.recordFailure(this.dataSource.manager, id, (e as Error).message ?? String(e), MAX_ATTEMPTS);
      return true;
    }
  }
}

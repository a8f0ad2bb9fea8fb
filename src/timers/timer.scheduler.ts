import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CalendarService } from '../calendar/calendar.service';
import { CommandService } from '../cases/command.service';
import { Clock } from '../common/clock';
import { isDatabaseUnavailable } from '../common/errors/all-exceptions.filter';
import { PollingService } from '../common/polling-service';
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
export class TimerScheduler extends PollingService {
  private readonly logger = new Logger(TimerScheduler.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly commands: CommandService,
    private readonly timers: TimerRepository,
    private readonly clock: Clock,
    config: AppConfig,
    private readonly metrics: MetricsService,
    private readonly calendar: CalendarService,
  ) {
    super('scheduler', config);
  }

  /** A due timer? The check also keeps the gauge of due timers current. */
  protected async hasWork(): Promise<boolean> {
    const due = await this.timers.countDue(this.dataSource.manager, this.clock.now());
    this.metrics.timersDue.set(due);
    return due > 0;
  }

  /** Fires every timer due now, up to BATCH. */
  protected async work(): Promise<number> {
    let handled = 0;
    while (handled < BATCH && !this.poller.stopping && (await this.fireNext())) handled++;
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

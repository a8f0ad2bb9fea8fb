import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { Poller } from './poller';

/**
 * A Nest service whose work is polled in the background (the timer scheduler, the notification dispatcher):
 * its Poller runs beside the app when SCHEDULER_ENABLED, every SCHEDULER_INTERVAL_MS, and stops with it.
 */
export abstract class PollingService implements OnApplicationBootstrap, OnApplicationShutdown {
  protected readonly poller: Poller;

  protected constructor(name: string, config: AppConfig) {
    this.poller = new Poller({
      name,
      enabled: config.SCHEDULER_ENABLED,
      intervalMs: config.SCHEDULER_INTERVAL_MS,
      hasWork: () => this.hasWork(),
      work: () => this.work(),
    });
  }

  /** The cheap check, outside any transaction: is there anything to do? */
  protected abstract hasWork(): Promise<boolean>;
  /** One batch of the work; how many items it handled. */
  protected abstract work(): Promise<number>;

  onApplicationBootstrap(): void {
    this.poller.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  /** One pass now (or the one under way); how many items it handled. Safe to call concurrently. */
  runOnce(): Promise<number> {
    return this.poller.runOnce();
  }
}

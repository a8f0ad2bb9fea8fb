import { Logger } from '@nestjs/common';
import { isDatabaseUnavailable } from './errors/all-exceptions.filter';

export interface PollerOptions {
  /** Names the loop in log lines. */
  name: string;
  /** Whether the loop runs at all in this process (runOnce works either way). */
  enabled: boolean;
  intervalMs: number;
  /**
   * A cheap read (one statement, no transaction) that says whether a pass has anything to do. An idle tick ends
   * here, so a quiet service opens no transaction per tick.
   */
  hasWork(): Promise<boolean>;
  /** Does the work, claiming rows with FOR UPDATE SKIP LOCKED; returns how many it handled. */
  work(): Promise<number>;
}

/**
 * The background loop shared by the timer scheduler and the notification dispatcher: a pass every `intervalMs`
 * (the next one is timed from the end of the last, so passes never overlap), at most one pass at a time in the
 * process (runOnce joins a pass under way), a database outage logged as such and retried on the next tick, and
 * a shutdown that waits for the pass under way. Rows are leased by the work itself (SKIP LOCKED in its
 * transaction), so any number of processes may poll the same tables.
 */
export class Poller {
  private readonly logger: Logger;
  private handle: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(private readonly options: PollerOptions) {
    this.logger = new Logger(options.name);
  }

  /** Starts the loop (when enabled); the first pass runs at once. */
  start(): void {
    if (!this.options.enabled) return;
    const loop = async () => {
      if (this.stopped) return;
      await this.runOnce();
      if (!this.stopped) this.handle = setTimeout(loop, this.options.intervalMs);
    };
    this.handle = setTimeout(loop, 0);
  }

  /** Stops the loop and waits for a pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.handle) clearTimeout(this.handle);
    await this.running;
  }

  /** True once stop() was called: long work checks it between items. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** One pass now, or the one under way. Returns how many items it handled (0 when it failed). Never rejects. */
  runOnce(): Promise<number> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async pass(): Promise<number> {
    try {
      return (await this.options.hasWork()) ? await this.options.work() : 0;
    } catch (e) {
      if (isDatabaseUnavailable(e)) this.logger.warn(`${this.options.name}: database unavailable, will retry`);
      else this.logger.error({ err: e }, `${this.options.name} pass failed`);
      return 0;
    }
  }
}

/**
 * The service's clock, injected everywhere time is read (the workflow core never reads it). In demo mode an
 * admin can move it forward to watch deadlines pass; the offset lives in this process only.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
  }

  get offset(): number {
    return this.offsetMs;
  }
}

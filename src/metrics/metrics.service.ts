import { Injectable } from '@nestjs/common';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** Prometheus metrics of this process: HTTP, commands, timers. One registry per app instance. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly commands = new Counter({
    name: 'workflow_commands_total',
    help: 'Commands by event type and outcome (applied, replayed, or the error code)',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly commandBatchSize = new Histogram({
    name: 'workflow_command_batch_size',
    help: 'Commands written together in one transaction (group commit)',
    buckets: [1, 2, 4, 8, 16, 32],
    registers: [this.registry],
  });

  readonly commandBatchFallbacks = new Counter({
    name: 'workflow_command_batch_fallbacks_total',
    help: 'Batches that failed as a whole and were run again one command at a time',
    registers: [this.registry],
  });

  readonly commandBatchWrites = new Counter({
    name: 'workflow_command_batch_writes_total',
    help:
      'Batches written, by path: locked (project and row locks in one transaction; the only path since the ' +
      'unlocked one was removed, docs/benchmarks.md)',
    labelNames: ['path'] as const,
    registers: [this.registry],
  });

  readonly timersFired = new Counter({
    name: 'workflow_timers_fired_total',
    help: 'Timers fired, by outcome (applied, refused, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly timersPostponed = new Counter({
    name: 'workflow_timers_postponed_total',
    help: 'Timers claimed as due but not fired: the calendar in force puts them later (a year loaded since they were written)',
    registers: [this.registry],
  });

  readonly deadlineRecomputeSeconds = new Histogram({
    name: 'workflow_deadline_recompute_seconds',
    help: 'Bringing the stored deadline instants (pending timers, instances due and warning) to a new calendar',
    buckets: [0.01, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  readonly deadlineInstantsRead = new Counter({
    name: 'workflow_deadline_instants_read_total',
    help: 'Rows a new calendar could move, read to compute their stored deadline instants again, by kind (timer, instance)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly deadlineInstantsMoved = new Counter({
    name: 'workflow_deadline_instants_moved_total',
    help: 'Stored deadline instants a new calendar moved, by row kind (timer, instance)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly timerLateness = new Histogram({
    name: 'workflow_timer_lateness_seconds',
    help: 'How long after its due time a timer fired',
    buckets: [0.1, 0.5, 1, 2, 5, 10, 30, 60, 300, 3600, 86400],
    registers: [this.registry],
  });

  readonly timersDue = new Gauge({
    name: 'workflow_timers_due',
    help: 'Pending timers already due (seen at the last scheduler pass)',
    registers: [this.registry],
  });

  readonly timersLate = new Counter({
    name: 'workflow_timers_late_total',
    help: 'Timers that fired more than 60 s after their due time (e.g. due while the service was down)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}

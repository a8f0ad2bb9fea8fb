import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** The route template a request matched (never the raw URL: ids would explode the label's cardinality). */
export function routeLabel(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  // A wildcard is the catch-all route of a middleware (Nest mounts them so), not an endpoint.
  if (typeof path === 'string' && !path.includes('{*')) return `${req.baseUrl ?? ''}${path}`;
  return 'unmatched';
}

/**
 * Request counts and latencies by route template, from arrival to the last byte written, for every request:
 * refused ones (401, 403, 400, 404) included; the UI's files and the API docs, which Express serves before Nest,
 * are not counted. A middleware, not a Nest interceptor: an interceptor wraps each
 * handler in an rxjs pipeline and an AsyncResource (several percent of the server's time under the command load).
 */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const route = routeLabel(req);
      this.metrics.httpDuration.observe({ method: req.method, route }, Number(process.hrtime.bigint() - started) / 1e9);
      this.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}

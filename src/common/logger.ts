import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import { requestIdFor } from './request-id';

export interface Logging {
  /** The one pino logger: Nest's logs (through nestjs-pino's Logger) and the request lines. */
  logger: pino.Logger;
  /** One JSON line per request (requestLogger), as a plain Express middleware: app.factory.ts installs it first. */
  httpLogger: RequestHandler;
  /**
   * For LoggerModule.forRoot: nestjs-pino's Logger on `logger`, and none of its middleware (below); `useExisting`
   * keeps it from building a pino-http instance of its own that nothing would use.
   */
  moduleParams: Params;
}

/**
 * Structured JSON logs; pretty in a terminal (or LOG_FORMAT=pretty). Secrets are redacted.
 *
 * nestjs-pino's own middleware runs every request inside an AsyncLocalStorage context (so that a service's log
 * line carries the request's bindings). On Node 20 that installs promise hooks for the whole process: every
 * promise the engine, the pg driver and TypeORM create pays for them. Request lines carry the request id
 * through pino-http alone; the few logs written inside a request name what they concern themselves (the
 * error filter logs the request id).
 */
export function createLogging(
  config: Pick<AppConfig, 'LOG_LEVEL' | 'LOG_FORMAT'>,
  /** Where JSON lines go (tests); standard output by default. */
  destination: pino.DestinationStream = pino.destination({ dest: 1, sync: false }),
): Logging {
  const pretty = (config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty';
  const redact = ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'];
  // JSON lines are written asynchronously, off the request's path; pretty output goes through its worker-thread
  // transport.
  const logger = pretty
    ? pino({
        level: config.LOG_LEVEL,
        redact,
        transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } },
      })
    : pino({ level: config.LOG_LEVEL, redact }, destination);
  return {
    logger,
    httpLogger: requestLogger(logger, (req) => req.url === '/api/health' || req.url === '/metrics'),
    moduleParams: { pinoHttp: { logger }, useExisting: true, forRoutes: [] },
  };
}

/** The level of a request's line: errors for 5xx, warnings for 4xx. */
export function requestLevel(statusCode: number): 'info' | 'warn' | 'error' {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * One line per request when its response is written (or when the client goes away first): the request id (set
 * by requestIdFor before this runs), method, URL, status and milliseconds. What pino-http wrote, without its
 * per-request child logger: the line is built only if its level is enabled.
 */
export function requestLogger(logger: pino.Logger, ignore: (req: IncomingMessage) => boolean): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (ignore(req)) return next();
    const started = Date.now();
    const line = (statusCode: number) => ({
      req: { id: requestIdFor(req, res), method: req.method, url: req.originalUrl ?? req.url },
      res: { statusCode },
      responseTime: Date.now() - started,
    });
    const finished = () => {
      res.off('close', closed);
      const level = requestLevel(res.statusCode);
      if (logger.isLevelEnabled(level)) logger[level](line(res.statusCode), 'request completed');
    };
    const closed = () => {
      res.off('finish', finished);
      if (!(res as ServerResponse).writableFinished && logger.isLevelEnabled('warn')) {
        logger.warn(line(res.statusCode), 'request aborted');
      }
    };
    res.once('finish', finished);
    res.once('close', closed);
    next();
  };
}

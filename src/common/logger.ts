import type { RequestHandler } from 'express';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import { pinoHttp, type Options as HttpLogOptions } from 'pino-http';
import type { AppConfig } from '../config/app-config';
import { requestIdFor } from './request-id';

export interface Logging {
  /** The one pino logger: Nest's logs (through nestjs-pino's Logger) and the request lines. */
  logger: pino.Logger;
  /** One JSON line per request (pino-http), as a plain Express middleware: app.factory.ts installs it first. */
  httpLogger: RequestHandler;
  /** For LoggerModule.forRoot: nestjs-pino's Logger on `logger`, and none of its middleware (below). */
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
  const http: HttpLogOptions = {
    logger,
    genReqId: (req, res) => requestIdFor(req, res),
    serializers: {
      req: (req: { id?: string; method?: string; url?: string }) => ({ id: req.id, method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
  };
  return {
    logger,
    httpLogger: pinoHttp(http) as unknown as RequestHandler,
    moduleParams: { pinoHttp: { logger }, forRoutes: [] },
  };
}

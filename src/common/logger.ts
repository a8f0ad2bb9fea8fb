import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from '../config/app-config';
import { requestIdFor } from './request-id';

/** Structured JSON logs; pretty in a terminal (or LOG_FORMAT=pretty). Secrets are redacted. */
export function loggerParams(config: AppConfig): Params {
  const pretty = (config.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty';
  const options = {
    level: config.LOG_LEVEL,
    genReqId: (req, res) => requestIdFor(req, res),
    redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
    serializers: {
      req: (req: { id?: string; method?: string; url?: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (req) => req.url === '/api/health' || req.url === '/metrics' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  } satisfies Params['pinoHttp'];
  return {
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    // JSON lines are written asynchronously, off the request's path; pretty output goes through its
    // worker-thread transport.
    pinoHttp: pretty ? options : [options, pino.destination({ dest: 1, sync: false })],
  };
}

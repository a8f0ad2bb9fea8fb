import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { createLogging } from './logger';
import { requestIdFor } from './request-id';

describe('createLogging', () => {
  let server: Server;
  let base: string;
  const lines: Record<string, unknown>[] = [];
  const logging = createLogging(
    { LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
    new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    }),
  );

  beforeAll(async () => {
    const app = express();
    app.use((req, res, next) => {
      requestIdFor(req, res);
      next();
    });
    app.use(logging.httpLogger);
    app.get('/api/ok', (_req, res) => res.json({ ok: true }));
    app.get('/api/missing', (_req, res) => res.status(404).json({}));
    app.get('/api/health', (_req, res) => res.json({}));
    server = createServer(app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  const settle = () => new Promise((r) => setTimeout(r, 20));

  it('writes one line per request with its id, method, url and status; the bearer token never', async () => {
    lines.length = 0;
    await fetch(`${base}/api/ok`, { headers: { 'x-request-id': 'req-1', authorization: 'Bearer secret-token' } });
    await fetch(`${base}/api/missing`);
    await fetch(`${base}/api/health`);
    await settle();
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET', url: '/api/ok' },
      res: { statusCode: 200 },
    });
    expect(lines[1]).toMatchObject({ level: 40, req: { url: '/api/missing' }, res: { statusCode: 404 } });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it("is the logger behind nestjs-pino's Logger, with none of that module's middleware", () => {
    expect(logging.moduleParams).toEqual({ pinoHttp: { logger: logging.logger }, forRoutes: [] });
  });
});

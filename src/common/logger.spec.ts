import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import { createLogging, requestLevel } from './logger';
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
    app.get('/api/fails', (_req, res) => res.status(503).json({}));
    app.get('/api/slow', (_req, res) => setTimeout(() => res.json({}), 200));
    app.use(
      '/api/mounted',
      express.Router().get('/x', (_req, res) => res.json({})),
    );
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
    await fetch(`${base}/api/fails`);
    await fetch(`${base}/api/mounted/x?q=1`);
    await settle();
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'request completed',
      req: { id: 'req-1', method: 'GET', url: '/api/ok' },
      res: { statusCode: 200 },
    });
    expect(lines[0].responseTime).toEqual(expect.any(Number));
    expect(lines[1]).toMatchObject({ level: 40, req: { url: '/api/missing' }, res: { statusCode: 404 } });
    expect(lines[2]).toMatchObject({ level: 50, req: { url: '/api/fails' }, res: { statusCode: 503 } });
    // the whole URL, also where a router took its mount path off req.url
    expect(lines[3]).toMatchObject({ level: 30, req: { url: '/api/mounted/x?q=1' } });
    expect(JSON.stringify(lines)).not.toContain('secret-token');
  });

  it('writes a warning when the client goes away before the response', async () => {
    lines.length = 0;
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    socket.write('GET /api/slow HTTP/1.1\r\nHost: x\r\nX-Request-Id: gone-1\r\n\r\n');
    await new Promise((r) => setTimeout(r, 50));
    socket.destroy();
    await new Promise((r) => setTimeout(r, 300));
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, msg: 'request aborted', req: expect.objectContaining({ id: 'gone-1' }) }),
    ]);
  });

  it('levels: info below 400, warn for 4xx, error for 5xx', () => {
    expect([200, 304, 400, 404, 499, 500, 503].map(requestLevel)).toEqual([
      'info',
      'info',
      'warn',
      'warn',
      'warn',
      'error',
      'error',
    ]);
  });

  it("is the logger behind nestjs-pino's Logger, with none of that module's middleware", () => {
    expect(logging.moduleParams).toEqual({ pinoHttp: { logger: logging.logger }, useExisting: true, forRoutes: [] });
  });
});

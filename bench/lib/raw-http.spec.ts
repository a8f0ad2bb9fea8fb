import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RawHttpConnection } from './raw-http';

describe('RawHttpConnection (the load generator of the command benchmarks)', () => {
  let server: Server;
  let conn: RawHttpConnection;
  const seen: { method: string; url: string; auth?: string; body: string }[] = [];
  let connections = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
        if (req.url === '/chunked') {
          res.setHeader('content-type', 'application/json');
          res.write('{"parts":');
          res.write('["一", "二"]');
          return res.end('}');
        }
        if (req.url === '/close') {
          res.setHeader('connection', 'close');
          return res.end(JSON.stringify({ closing: true }));
        }
        const status = req.url === '/missing' ? 404 : 200;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: body ? JSON.parse(body) : null, status }));
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    conn = new RawHttpConnection('127.0.0.1', (server.address() as AddressInfo).port);
  });
  afterAll(async () => {
    conn.close();
    await new Promise((r) => server.close(r));
  });

  it('sends method, path, token and JSON body, and reads responses by Content-Length on one connection', async () => {
    const first = await conn.send('POST', '/api/cases/x/events', {
      token: 't0k',
      body: { type: 'A', note: '材料齐全' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ echo: { type: 'A', note: '材料齐全' }, status: 200 });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/api/cases/x/events', auth: 'Bearer t0k' });
    const second = await conn.send('GET', '/missing');
    expect(second).toMatchObject({ status: 404, body: { echo: null, status: 404 } });
    expect(connections).toBe(1);
  });

  it('skips parsing a 2xx body when asked, never an error body', async () => {
    expect((await conn.send('POST', '/ok', { body: {}, skipBody: true })).body).toBeNull();
    expect((await conn.send('GET', '/missing', { skipBody: true })).body).toEqual({ echo: null, status: 404 });
  });

  it('reads a chunked body, and opens a new connection after the server closes one', async () => {
    expect((await conn.send('GET', '/chunked')).body).toEqual({ parts: ['一', '二'] });
    const before = connections;
    expect((await conn.send('GET', '/close')).body).toEqual({ closing: true });
    expect((await conn.send('GET', '/after')).status).toBe(200);
    expect(connections).toBe(before + 1);
  });
});

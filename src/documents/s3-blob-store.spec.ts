import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig } from '../config/app-config';
import { S3BlobStore } from './s3-blob-store';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/**
 * Just enough of S3 for the store, path-style as MinIO is addressed: PUT keeps the body and its type, GET returns
 * them (or S3's NoSuchKey), DELETE forgets (204 whether or not the key was there, as S3 does). Every request is
 * recorded, so the test can check what the SDK sent: the path, the body, a SigV4 signature with the access key.
 */
function fakeS3(): { server: Server; seen: Seen[]; objects: Map<string, { body: Buffer; type: string }> } {
  const seen: Seen[] = [];
  const objects = new Map<string, { body: Buffer; type: string }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      seen.push({ method: req.method ?? '', path, headers: req.headers });
      if (req.method === 'PUT') {
        objects.set(path, { body: Buffer.concat(chunks), type: String(req.headers['content-type']) });
        res.writeHead(200, { ETag: '"1"' }).end();
      } else if (req.method === 'GET') {
        const o = objects.get(path);
        if (!o) {
          res
            .writeHead(404, { 'Content-Type': 'application/xml' })
            .end('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>');
          return;
        }
        res.writeHead(200, { 'Content-Type': o.type, 'Content-Length': o.body.length }).end(o.body);
      } else if (req.method === 'DELETE') {
        objects.delete(path);
        res.writeHead(204).end();
      } else {
        res.writeHead(405).end();
      }
    });
  });
  return { server, seen, objects };
}

describe('S3 blob store against a local S3-speaking server', () => {
  const s3 = fakeS3();
  let store: S3BlobStore;

  beforeAll(async () => {
    await new Promise<void>((r) => s3.server.listen(0, '127.0.0.1', r));
    const port = (s3.server.address() as AddressInfo).port;
    const config = loadConfig({
      NODE_ENV: 'test',
      BLOB_STORE: 's3',
      S3_BUCKET: 'materials',
      S3_ENDPOINT: `http://127.0.0.1:${port}`,
      S3_ACCESS_KEY_ID: 'test-access-key',
      S3_SECRET_ACCESS_KEY: 'test-secret-key',
    });
    store = new S3BlobStore(config, 'materials');
  });
  afterAll(() => new Promise<void>((r) => s3.server.close(() => r())));

  it('puts, gets and deletes an object at bucket/key, signed with the access key', async () => {
    const content = Buffer.from('%PDF-1.4 宗地红线图');
    await store.put('2026/ab/cd.pdf', content, 'application/pdf');
    const put = s3.seen.at(-1)!;
    expect(put).toMatchObject({ method: 'PUT', path: '/materials/2026/ab/cd.pdf' });
    expect(put.headers['content-type']).toBe('application/pdf');
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=test-access-key\/\d{8}\/us-east-1\/s3\//);
    expect(s3.objects.get('/materials/2026/ab/cd.pdf')?.body.equals(content)).toBe(true);

    expect((await store.get('2026/ab/cd.pdf')).equals(content)).toBe(true);
    expect(s3.seen.at(-1)).toMatchObject({ method: 'GET', path: '/materials/2026/ab/cd.pdf' });

    await store.delete('2026/ab/cd.pdf');
    expect(s3.seen.at(-1)).toMatchObject({ method: 'DELETE', path: '/materials/2026/ab/cd.pdf' });
    expect(s3.objects.size).toBe(0);
  });

  it('a missing key is an error on get, and no error on delete (undoing a put that never happened)', async () => {
    await expect(store.get('nope.pdf')).rejects.toMatchObject({ name: 'NoSuchKey' });
    await expect(store.delete('nope.pdf')).resolves.toBeUndefined();
  });
});

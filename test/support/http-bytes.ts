import type { Response } from 'superagent';

/** A supertest parser that keeps a response's bytes whole (a PDF download): `.buffer(true).parse(bytes)`. */
export function bytes(res: Response, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface HttpResponse {
  status: number;
  body: unknown;
  ms: number;
  /** The body's size on the wire (set by RawHttpConnection). */
  bytes?: number;
}

/** What the load loops need of a client: one request at a time, a JSON body in, status (and body) out. */
export interface RequestSender {
  send(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; skipBody?: boolean; headers?: Record<string, string> },
  ): Promise<HttpResponse>;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection driven directly over a socket, one request in flight: the load generator
 * of the command benchmarks. Node's http client (request objects, agents, header objects, stream events) costs
 * the load generator CPU per request that is taken from the two cores the server and PostgreSQL share; like
 * autocannon, this writes each request as one buffer and reads the response by its Content-Length (or chunks),
 * for a fraction of that. pgbench, the baseline, is a C client.
 */
export class RawHttpConnection implements RequestSender {
  private socket: Socket | null = null;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: {
    resolve: (r: HttpResponse) => void;
    reject: (e: Error) => void;
    started: number;
    skipBody: boolean;
  } | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  static fromBaseUrl(baseUrl: string): RawHttpConnection {
    const url = new URL(baseUrl);
    return new RawHttpConnection(url.hostname, Number(url.port || 80));
  }

  private open(): Promise<Socket> {
    if (this.socket && !this.socket.destroyed) return Promise.resolve(this.socket);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port, noDelay: true });
      socket.setTimeout(30000, () => socket.destroy(new Error('timeout: no response in 30 s')));
      socket.once('connect', () => {
        socket.off('error', reject);
        socket.on('error', (e) => {
          if (this.socket === socket) this.fail(e);
        });
        resolve(socket);
      });
      socket.once('error', reject);
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('close', () => {
        // a connection this client let go of (Connection: close) must not fail the next request's
        if (this.socket !== socket) return;
        this.socket = null;
        this.fail(new Error('connection closed by the server'));
      });
      this.socket = socket;
      this.buffered = Buffer.alloc(0);
    });
  }

  async send(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; skipBody?: boolean; headers?: Record<string, string> } = {},
  ): Promise<HttpResponse> {
    if (this.pending) throw new Error('RawHttpConnection: one request at a time');
    const socket = await this.open();
    const payload = opts.body === undefined ? null : Buffer.from(JSON.stringify(opts.body));
    let head = `${method} ${path} HTTP/1.1\r\nHost: ${this.host}:${this.port}\r\nAccept: application/json\r\n`;
    if (opts.token) head += `Authorization: Bearer ${opts.token}\r\n`;
    for (const [name, value] of Object.entries(opts.headers ?? {})) head += `${name}: ${value}\r\n`;
    if (payload) head += `Content-Type: application/json\r\nContent-Length: ${payload.length}\r\n`;
    head += '\r\n';
    return new Promise<HttpResponse>((resolve, reject) => {
      this.pending = { resolve, reject, started: performance.now(), skipBody: opts.skipBody === true };
      socket.write(payload ? Buffer.concat([Buffer.from(head), payload]) : head);
    });
  }

  private fail(e: Error) {
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }

  private onData(chunk: Buffer) {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const p = this.pending;
    if (!p) return;
    const headEnd = this.buffered.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = this.buffered.subarray(0, headEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const bodyStart = headEnd + 4;
    let body: Buffer;
    let rest: number;
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (length) {
      rest = bodyStart + Number(length[1]);
      if (this.buffered.length < rest) return;
      body = this.buffered.subarray(bodyStart, rest);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const chunks: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = this.buffered.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(this.buffered.subarray(at, lineEnd).toString('latin1'), 16);
        if (this.buffered.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          rest = lineEnd + 4;
          break;
        }
        chunks.push(this.buffered.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(chunks);
    } else {
      body = Buffer.alloc(0);
      rest = bodyStart;
    }
    this.buffered = this.buffered.subarray(rest);
    this.pending = null;
    const ms = performance.now() - p.started;
    if (/\r\nconnection:\s*close/i.test(head)) {
      // the next request opens a new connection
      this.socket?.destroy();
      this.socket = null;
    }
    if (p.skipBody && status >= 200 && status < 300) return p.resolve({ status, body: null, ms, bytes: body.length });
    const text = body.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    p.resolve({ status, body: parsed, ms, bytes: body.length });
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
  }
}

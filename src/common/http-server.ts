import type { Server } from 'node:http';

/**
 * Keep-alive longer than the idle timeout of the proxies in front (nginx 60 s, AWS ALB 60 s): a proxy must close
 * an idle connection before the service does, or it may send a request on a socket the service is closing and
 * answer 502. headersTimeout above keepAliveTimeout, as Node requires; requestTimeout bounds a slow client.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const HEADERS_TIMEOUT_MS = 66_000;
export const REQUEST_TIMEOUT_MS = 120_000;

export function applyServerTimeouts(server: Server): void {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
}

/**
 * Stops accepting connections, closes idle keep-alive ones and lets the requests in flight finish; a connection is
 * closed as soon as its request is answered (Node leaves it open otherwise). After `graceMs` the rest are cut.
 * Resolves once the server is closed.
 */
export function drainServer(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    idle.unref();
    cut.unref();
    server.close(() => {
      clearInterval(idle);
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

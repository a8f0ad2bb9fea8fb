import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Where the browser UI lives: beside this file, in src/web/public or (after the swc build) dist/src/web/public. */
export const PUBLIC_DIR = join(__dirname, 'public');

/** Paths that belong to the server, never to the UI: a miss there must stay the API's JSON 404. */
const SERVER_PATH = /^\/(api|metrics)(\/|$)/;
/** A client route looks like a page (no file extension), e.g. /projects/123 or /cases/…/audit. */
const CLIENT_ROUTE = /^\/[^.]*$/;

function noCacheHeaders(res: Response) {
  // No hashed file names (no build step): the browser revalidates each time and gets a 304 when unchanged.
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * The static UI as plain Express handlers, mounted after the Nest routes (so /api wins) and before Nest's
 * not-found handler: files from PUBLIC_DIR, and index.html for any other GET of a page-like path so the client
 * router can take deep links. Public by design: the page holds no data; every /api call carries the token.
 */
export function staticSite(dir = PUBLIC_DIR): RequestHandler[] {
  if (!existsSync(join(dir, 'index.html'))) {
    throw new Error(`The web UI is missing: ${dir}/index.html (did the build copy src/web/public?)`);
  }
  const files = express.static(dir, {
    index: 'index.html',
    redirect: false,
    fallthrough: true,
    dotfiles: 'ignore',
    setHeaders: (res, filePath) => {
      noCacheHeaders(res);
      if (filePath.endsWith('.js')) res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    },
  });
  const skipServerPaths: RequestHandler = (req: Request, res: Response, next: NextFunction) =>
    SERVER_PATH.test(req.path) ? next() : files(req, res, next);
  const fallback: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATH.test(req.path) || !CLIENT_ROUTE.test(req.path)) {
      return next();
    }
    noCacheHeaders(res);
    res.sendFile(join(dir, 'index.html'), { dotfiles: 'deny' }, (err) => (err ? next(err) : undefined));
  };
  return [skipServerPaths, fallback];
}

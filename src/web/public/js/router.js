// @ts-check
/**
 * Client-side navigation: history-API page changes and each role's home page. The shell (app.js) registers the
 * function that renders the current URL; views call navigate() without importing the shell (no import cycle).
 */
import { api } from './api.js';

/** Where each role lands after login. */
export const HOME = {
  clerk: '/tasks',
  steward: '/projects',
  leader: '/zone',
  enterprise: '/projects',
  auditor: '/audit',
  admin: '/projects',
};

/** @param {string} role */
export const homeOf = (role) => /** @type {Record<string, string>} */ (HOME)[role] || '/projects';

/** @type {() => unknown} */
let render = () => undefined;

/** The shell's renderer of the current URL. @param {() => unknown} fn */
export function onNavigate(fn) {
  render = fn;
}

/**
 * '/path?k=v' from a path and a query whose empty values are left out.
 * @param {string} path
 * @param {Record<string, unknown> | undefined} query
 */
export function withQuery(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/**
 * @param {string} url
 * @param {{ replace?: boolean }} [opts]
 */
export function navigate(url, opts = {}) {
  if (opts.replace) window.history.replaceState(null, '', url);
  else window.history.pushState(null, '', url);
  render();
}

/** After login: the page asked for (same origin only), else the role's home. @param {unknown} next */
export function afterLogin(next) {
  const s = api.session.get();
  const safeNext = typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : null;
  navigate(safeNext || homeOf(s ? s.user.role : ''), { replace: true });
}

// @ts-check
/**
 * The API client: the session (token and user) in sessionStorage, JSON requests with the bearer token, and the
 * API's one error shape { statusCode, code, message, details?, requestId } turned into zh-CN messages.
 */
import { zhPart } from './util.js';

const SESSION_KEY = 'sz-approval.session';

const session = {
  /** @returns {import('./types.js').Session | null} */
  get() {
    try {
      const raw = window.sessionStorage.getItem(SESSION_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch {
      return null;
    }
  },
  /** @param {import('./types.js').Session} value */
  set(value) {
    window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(value));
  },
  clear() {
    window.sessionStorage.removeItem(SESSION_KEY);
  },
};

/** An API error with a zh-CN message and, for 400/422, the fields it names. */
class ApiError extends Error {
  constructor(status, body, headers) {
    super((body && body.message) || `HTTP ${status}`);
    this.status = status;
    this.code = (body && body.code) || (status === 0 ? 'NETWORK' : 'HTTP_' + status);
    this.details = body ? body.details : undefined;
    this.requestId = body ? body.requestId : undefined;
    this.retryAfter = headers ? Number(headers.get('Retry-After')) || null : null;
  }

  /** [{ field: 'payload.reason' | 'reason' | 'name', message }] from VALIDATION_FAILED or INVALID_PAYLOAD. */
  get fieldErrors() {
    if (!Array.isArray(this.details)) return [];
    return this.details
      .map((d) => {
        if (!d || typeof d !== 'object') return null;
        const field = d.field || d.path;
        if (!field) return null;
        // People read the server's Chinese (`problem`, or a payload check's `zh`); the English in `problems` and
        // `message` is for developers and never shown.
        const message = typeof d.problem === 'string' ? d.problem : typeof d.zh === 'string' ? d.zh : '不符合要求';
        return { field: String(field), message };
      })
      .filter(Boolean);
  }

  /**
   * Someone saved in between (409 VERSION_CONFLICT: a case moved on, or If-Match named an older version): the page
   * reloads what is stored instead of showing the refusal as an error. The one place that knows the code.
   */
  get isStaleEdit() {
    return this.code === 'VERSION_CONFLICT';
  }

  /**
   * A whole-object edit (作战图, user, holiday year) refused because someone saved in between: the server's sentence
   * names what changed; the form reloads the latest version.
   */
  get staleEditText() {
    // The code is only compared, never shown: a message without Chinese falls back to a Chinese sentence.
    const said = zhPart(this.message).replace(/，?请刷新后重试$/, '');
    const what = /[\u4e00-\u9fff]/.test(said) ? said : '内容已被他人修改';
    return `${what}，已为您载入最新内容，请核对后重新保存`;
  }

  /** What to tell the user, in Chinese. */
  get zhMessage() {
    const detail = zhPart(this.message);
    switch (this.code) {
      case 'NETWORK':
        return '无法连接服务器，请检查网络后重试';
      case 'UNAUTHENTICATED':
        return '登录已失效，请重新登录';
      case 'TOKEN_EXPIRED':
        return '登录已过期，请重新登录';
      case 'RATE_LIMITED':
        return `尝试次数过多，请${this.retryAfter ? ` ${this.retryAfter} 秒后` : '稍后'}再试`;
      case 'FORBIDDEN':
        return `无权执行此操作：${detail}`;
      case 'NOT_FOUND':
      case 'ROUTE_NOT_FOUND':
        return '未找到该记录，或您无权查看';
      case 'VERSION_CONFLICT':
        return '案件已被他人更新，请刷新';
      case 'EVENT_NOT_ALLOWED':
        return `当前状态下不能执行该操作：${detail}`;
      case 'RULE_VIOLATION':
        return `不符合办理条件：${detail}`;
      case 'VALIDATION_FAILED':
      case 'INVALID_PAYLOAD':
        // The server's message names each field in Chinese; the details carry field paths and English for
        // developers (a form that knows its fields shows them beside the inputs, with their labels).
        return `填写有误：${detail}`;
      case 'IDEMPOTENCY_KEY_REUSED':
        return '重复提交的请求内容不一致，请刷新后重试';
      case 'DATABASE_UNAVAILABLE':
      case 'INTERNAL_ERROR':
        return `服务暂时不可用，请稍后再试${this.requestId ? `（请求编号 ${this.requestId}）` : ''}`;
      default:
        return detail || `请求失败（HTTP ${this.status}）`;
    }
  }
}

/** @type {(err: ApiError) => void} */
let onUnauthenticated = () => undefined;

/**
 * request('GET', '/api/cases/…', opts) → { status, body, headers }: every call of the UI to the API goes
 * through here (the bearer token, the headers commands need, the one error shape).
 * opts: query; body (JSON) or form (FormData, for uploads); headers; idempotencyKey (a key, or true for a fresh
 * one); ifMatch (the ETag the page was built from); accept and as: 'blob' for files (PDF, CSV, uploads).
 * Throws ApiError on any non-2xx answer; a 401 on an authenticated call ends the session.
 */
async function request(method, path, opts = {}) {
  const s = session.get();
  const headers = { Accept: opts.accept || 'application/json', ...(opts.headers || {}) };
  if (s && s.accessToken && !opts.anonymous) headers.Authorization = `Bearer ${s.accessToken}`;
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey === true ? newKey() : opts.idempotencyKey;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  let body;
  if (opts.form !== undefined) {
    body = opts.form; // the browser sets the multipart Content-Type with its boundary
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let url = path;
  if (opts.query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(opts.query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const qs = q.toString();
    if (qs) url += `?${qs}`;
  }
  let res;
  try {
    res = await fetch(url, { method, headers, body, cache: 'no-store' });
  } catch {
    throw new ApiError(0, null, null);
  }
  const type = res.headers.get('Content-Type') || '';
  if (!res.ok) {
    const data = type.includes('application/json') ? await res.json().catch(() => null) : null;
    const err = new ApiError(res.status, data && typeof data === 'object' ? data : null, res.headers);
    if (res.status === 401 && !opts.anonymous) {
      session.clear();
      onUnauthenticated(err);
    }
    throw err;
  }
  const data =
    opts.as === 'blob'
      ? await res.blob()
      : type.includes('application/json')
        ? await res.json().catch(() => null)
        : await res.text();
  return { status: res.status, body: data, headers: res.headers };
}

const get = async (path, query) => (await request('GET', path, { query })).body;

/** The If-Match of a versioned edit form, from the `version` its GET served. */
const versionTag = (version) => (typeof version === 'number' ? `"${version}"` : undefined);

async function login(username, password) {
  const { body } = await request('POST', '/api/auth/login', { body: { username, password }, anonymous: true });
  session.set({ accessToken: body.accessToken, user: body.user });
  return body.user;
}

/** A random UUID for Idempotency-Key (crypto.randomUUID needs a secure context; localhost is one). */
function newKey() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  const b = window.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An object URL of an authenticated file (PDF, CSV, an uploaded material); revoke it when done. */
async function fileUrl(path, accept = '*/*') {
  const { body } = await request('GET', path, { accept, as: 'blob' });
  return window.URL.createObjectURL(body);
}

/** Saves an object URL as a file named `filename`. */
function saveUrl(url, filename) {
  const a = window.document.createElement('a');
  a.href = url;
  a.download = filename;
  window.document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => window.URL.revokeObjectURL(url), 60_000);
}

/** Downloads an authenticated file (a CSV report, an uploaded material) under `filename`. */
async function saveFile(path, filename, accept) {
  saveUrl(await fileUrl(path, accept), filename);
}

/** Downloads an authenticated JSON answer as a file (the export). */
async function download(path, filename) {
  const { body } = await request('GET', path);
  const blob = new window.Blob([JSON.stringify(body, null, 2)], { type: 'application/json' });
  saveUrl(window.URL.createObjectURL(blob), filename);
}

let definitionsPromise = null;
/** definitionId → { title, eventLabels } from GET /api/definitions, loaded once per page. */
function definitions() {
  if (!definitionsPromise) {
    definitionsPromise = get('/api/definitions')
      .then((defs) => Object.fromEntries((Array.isArray(defs) ? defs : defs.items || []).map((d) => [d.id, d])))
      .catch(() => {
        definitionsPromise = null;
        return {};
      });
  }
  return definitionsPromise;
}

export const api = {
  definitions,
  session,
  request,
  get,
  versionTag,
  login,
  newKey,
  download,
  fileUrl,
  saveUrl,
  saveFile,
  ApiError,
  onUnauthenticated(fn) {
    onUnauthenticated = fn;
  },
};

import type { WalkContext } from './context';

/** The texts the API serves for people to read (labels, reasons): each must be Chinese, never a code. */
const LABEL_KEY = /(Label|^label|^disabledReason|^reason|^subject|^stageName|^itemName)$/;
const CJK = /[\u4e00-\u9fff]/;
const CODE = /^[A-Za-z_.:\-0-9]+$/;
/**
 * A raw code inside Chinese text: a state path (departmentAccepted.reviewing), a camelCase or SNAKE_CASE id, a
 * UUID, or an English phrase (a translation tacked on, 「… / No such user」). Abbreviations people use (PDF, CA)
 * and project codes (SZGX-2026-0002) are none of them.
 */
const EMBEDDED_CODE = [
  /[A-Za-z]+\.[a-z][A-Za-z]+/,
  /\b[a-z]+[A-Z][A-Za-z]*\b/,
  /\b[A-Z]+_[A-Z_]+\b/,
  /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/i,
  /\b[A-Za-z]{2,} [A-Za-z]{2,}\b/,
];

/** Every label in `body` that is not readable Chinese, as `path: value`. */
export function unreadableLabels(body: unknown, path = '', out: string[] = []): string[] {
  if (Array.isArray(body)) body.forEach((v, i) => unreadableLabels(v, `${path}[${i}]`, out));
  else if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) {
      const at = path ? `${path}.${key}` : key;
      // Schemas are for the form builder (their titles are read below); a case's data is its raw context; a
      // code beside its own label (reason / reasonLabel) is for programs.
      if (key === 'payloadSchema' || key === 'data' || `${key}Label` in body) continue;
      if (typeof value === 'string' && LABEL_KEY.test(key) && !readable(value)) out.push(`${at}: ${value}`);
      else unreadableLabels(value, at, out);
    }
  }
  return out;
}

/** Titles of the choices in a payload schema (what a form shows in a select). */
export function unreadableTitles(schema: unknown, path = '', out: string[] = []): string[] {
  if (Array.isArray(schema)) schema.forEach((v, i) => unreadableTitles(v, `${path}[${i}]`, out));
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      const at = path ? `${path}.${key}` : key;
      if (key === 'title' && typeof value === 'string' && !readable(value)) out.push(`${at}: ${value}`);
      else unreadableTitles(value, at, out);
    }
  }
  return out;
}

/** The `message` of a 4xx answer, when it is not readable Chinese (bad input → a clear 4xx in Chinese). */
export function unreadableMessage(body: unknown): string | null {
  const message = body && typeof body === 'object' && 'message' in body ? body.message : undefined;
  if (typeof message !== 'string') return `no message: ${JSON.stringify(body)?.slice(0, 200)}`;
  return readable(message) ? null : message;
}

export function readable(text: string): boolean {
  return (
    CJK.test(text) &&
    !CODE.test(text) &&
    !/undefined|null|NaN|\[object/.test(text) &&
    !EMBEDDED_CODE.some((r) => r.test(text))
  );
}

/** Rule 4: a violation naming the unreadable labels `labels` (at most eight distinct) that `actor` read by `action`. */
export function reportUnreadableLabels(w: WalkContext, actor: string, action: string, labels: string[]): void {
  if (!labels.length) return;
  w.violate({
    kind: 'unreadable-label',
    invariant: 4,
    actor,
    action,
    detail: [...new Set(labels)].slice(0, 8).join(' | '),
  });
}

/** The texts the API serves for people to read (labels, reasons): each must be Chinese, never a code. */
const LABEL_KEY = /(Label|^label|^disabledReason|^reason|^subject|^stageName|^itemName)$/;
const CJK = /[\u4e00-\u9fff]/;
const CODE = /^[A-Za-z_.:\-0-9]+$/;

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

function readable(text: string): boolean {
  return CJK.test(text) && !CODE.test(text) && !/undefined|null|NaN|\[object/.test(text);
}

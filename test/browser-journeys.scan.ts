/**
 * The page-text scan of the browser journeys: what people read must be Chinese, so identifiers, state paths,
 * ids, event codes and English in the visible text (and in every <select> option, shown or not) are findings.
 * General rules, not tuned to a page; the allow-list is small and explicit.
 */

export interface Finding {
  kind: string;
  token: string;
  /** The line of text it was found in, shortened. */
  context: string;
}

/**
 * What people legitimately read in Latin letters or digits: acronyms they know, and the domain's own numbers
 * printed for people (项目编号 SZGX-2026-0001, 统一社会信用代码).
 */
export const ALLOWED_WORDS: readonly string[] = ['PDF', 'QR', 'CSV', 'JPEG', 'PNG', 'OFD'];
export const ALLOWED_PATTERNS: readonly RegExp[] = [
  /\bSZGX-\d{4}-\d{3,}\b/g, // 项目编号
  /\b[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}\b/g, // 统一社会信用代码 (GB 32100)
  /[^\s（）()、，,]+\.(?:pdf|jpe?g|png|ofd)\b/gi, // an uploaded file's own name, as the enterprise named it
];

/** Checked in this order; a span one rule reports is not reported again by a later one. */
export const RULES: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'UUID', pattern: /\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g },
  // a hash or id prefix: hex of 6+ characters with both digits and letters (not a number, not a word)
  { kind: 'hex id', pattern: /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{6,}\b/g },
  { kind: 'state path', pattern: /\b[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)+\b/g },
  { kind: 'event code', pattern: /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g },
  // a one-word code in capitals (APPROVE, RECALL); known acronyms are allowed below
  { kind: 'event code', pattern: /\b(?!(?:PDF|QR|CSV|JPEG|PNG|OFD)\b)[A-Z][A-Z0-9]{3,}\b/g },
  { kind: 'child key', pattern: /\b[a-z][A-Za-z0-9]*:[A-Za-z0-9][\w-]*/g },
  { kind: 'camelCase identifier', pattern: /\b[a-z][a-z0-9]*(?:[A-Z][a-z0-9]*)+\b/g },
  { kind: 'kebab-case id', pattern: /\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b/g },
  { kind: 'snake_case identifier', pattern: /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g },
  { kind: 'English', pattern: /\b[A-Za-z]{3,}(?:[\s,.'-]+[A-Za-z]{2,})*\b/g },
];

const blank = (text: string, start: number, length: number) =>
  text.slice(0, start) + ' '.repeat(length) + text.slice(start + length);

/** The findings of one line of text people read. */
export function scanLine(line: string): Finding[] {
  let rest = line;
  for (const allowed of ALLOWED_PATTERNS) rest = rest.replace(allowed, (m) => ' '.repeat(m.length));
  const findings: Finding[] = [];
  for (const { kind, pattern } of RULES) {
    for (const m of [...rest.matchAll(pattern)]) {
      const token = m[0];
      const start = m.index ?? 0;
      rest = blank(rest, start, token.length);
      if (kind === 'English' && token.split(/[\s,.'-]+/).every((w) => ALLOWED_WORDS.includes(w) || w.length < 3)) {
        continue;
      }
      const context = line.length > 80 ? `${line.slice(Math.max(0, start - 30), start + token.length + 30)}` : line;
      findings.push({ kind, token, context: context.trim() });
    }
  }
  return findings;
}

/** The findings of a page's texts (lines of innerText, option labels, placeholders), each token once. */
export function scanTexts(texts: string[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const text of texts) {
    for (const line of text.split('\n')) {
      for (const f of scanLine(line)) {
        const key = `${f.kind} ${f.token}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(f);
      }
    }
  }
  return out;
}

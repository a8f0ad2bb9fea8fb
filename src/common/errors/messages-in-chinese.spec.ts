/**
 * People read Chinese (DOMAIN.md): every error a service throws states its message in Chinese, not only the
 * generic sentence of its code that the filter substitutes for English (zh-messages.ts). A walk over src/: each
 * AppException/HttpException whose message is written out must carry Chinese in it (English may follow after
 * " / ", for developers: it moves to details.reason), and so must each field problem written beside it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { hasChinese } from './zh-messages';

const SRC = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** The string literal (quoted or template) starting at `at`, if one does. */
function literalAt(text: string, at: number): string | null {
  const quote = text[at];
  if (quote !== "'" && quote !== '`' && quote !== '"') return null;
  let i = at + 1;
  while (i < text.length && text[i] !== quote) i += text[i] === '\\' ? 2 : 1;
  return text.slice(at + 1, i);
}

/** Each thrown message (an interpolation alone, a message made elsewhere, is judged where it is made) written as a literal, and the field problems (`problems: [...]`, `reason:`) near it. */
function messagesOf(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/new (?:AppException|HttpException)\(\s*(?:'[A-Z_]+',\s*)?/g)) {
    const literal = literalAt(text, m.index + m[0].length);
    if (literal !== null) found.push(literal);
    // The details written in the same call (up to its closing line), field problems people see at the field.
    const call = text.slice(m.index, text.indexOf(');', m.index));
    for (const p of call.matchAll(/problems: \[\s*/g)) {
      const problem = literalAt(call, p.index + p[0].length);
      if (problem !== null) found.push(problem);
    }
  }
  return found;
}

describe('error messages people read are Chinese', () => {
  it('every thrown AppException/HttpException message written in src/ has Chinese in it', () => {
    const english = sources(SRC).flatMap((file) =>
      messagesOf(readFileSync(file, 'utf8'))
        .filter((message) => !hasChinese(message) && /[A-Za-z]{3,}/.test(message.replace(/\$\{[^}]*\}/g, '')))
        .map((message) => `${relative(SRC, file)}: ${message}`),
    );
    expect(english).toEqual([]);
  });

  it('finds the messages it walks (the walk is not vacuous)', () => {
    expect(messagesOf(`throw new AppException('NOT_FOUND', 'Project not found');`)).toEqual(['Project not found']);
    expect(
      messagesOf(`new AppException('VALIDATION_FAILED', \`x\`, [{ field: 'a', problems: ['only you'] }]);`),
    ).toEqual(['x', 'only you']);
    expect(sources(SRC).length).toBeGreaterThan(100);
  });
});

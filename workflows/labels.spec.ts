/**
 * Users read Chinese, not identifiers: every enumeration a definition's schemas offer (event payloads and
 * inputs) names each value in zh-CN (`oneOf` of `{ const, title }`), and every field has a zh-CN title or
 * description for the form to show.
 */
import type { JsonSchema } from './contract';
import { choicesOf } from './core/json-schema';
import { registry } from './registry';

const CJK = /[\u4e00-\u9fff]/;

function problemsIn(schema: JsonSchema, path: string): string[] {
  const problems: string[] = [];
  const choices = choicesOf(schema);
  if (choices && schema.type === 'string') {
    if (Array.isArray(schema.enum)) problems.push(`${path}: a bare enum (no titles)`);
    for (const c of choices) if (!CJK.test(c.title)) problems.push(`${path}: ${String(c.value)} has no zh-CN title`);
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const [key, child] of Object.entries(properties)) {
    if (!CJK.test(String(child.title ?? child.description ?? ''))) problems.push(`${path}.${key}: no zh-CN name`);
    problems.push(...problemsIn(child, `${path}.${key}`));
  }
  if (schema.items && typeof schema.items === 'object')
    problems.push(...problemsIn(schema.items as JsonSchema, `${path}[]`));
  return problems;
}

describe('schema labels', () => {
  it.each(registry.definitions.map((d) => [`${d.id}@${d.version}`, d] as const))(
    '%s: every enumerated value and every field is named in zh-CN',
    (_name, definition) => {
      const problems = [
        ...problemsIn(definition.inputSchema, 'input'),
        ...Object.values(definition.events).flatMap((e) => problemsIn(e.payloadSchema, e.type)),
      ];
      expect(problems).toEqual([]);
    },
  );
});

import type { JsonSchema } from '../../workflows/contract';
import { choicesOf } from '../../workflows/core/json-schema';

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/**
 * The payload a person filling in the offered form with the least it asks for would send: the required fields
 * only, the first choice of each list, the smallest number allowed, a short Chinese text. Deterministic, so a
 * refusal can be replayed; `now` fills dates (the demo clock's, not the machine's).
 */
export function plainPayload(schema: JsonSchema, now: string): Record<string, unknown> {
  const value = plainValue(schema, now);
  return isSchema(value) ? value : {};
}

function plainValue(schema: JsonSchema, now: string): unknown {
  if (schema.const !== undefined) return schema.const;
  const choices = choicesOf(schema);
  if (choices) {
    if (!choices.length) throw new Error(`an enumeration with no value is offered: ${JSON.stringify(schema)}`);
    return choices[0].value;
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return plainString(schema, now);
    case 'boolean':
      return true;
    case 'integer':
      return Math.ceil(num(schema.minimum) ?? 1);
    case 'number':
      return num(schema.minimum) ?? 1;
    case 'null':
      return null;
    case 'array': {
      const items = isSchema(schema.items) ? schema.items : {};
      const itemChoices = choicesOf(items);
      // One element where the list may be empty: a form's list is filled with what it offers.
      const length = Math.max(num(schema.minItems) ?? 0, itemChoices?.length ? 1 : 0);
      const capped = Math.min(length, num(schema.maxItems) ?? length);
      return itemChoices
        ? itemChoices.slice(0, capped).map((c) => c.value)
        : Array.from({ length: capped }, () => plainValue(items, now));
    }
    default: {
      const properties = (isSchema(schema.properties) ? schema.properties : {}) as Record<string, JsonSchema>;
      const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
      return Object.fromEntries(
        required.filter((k) => k in properties).map((k) => [k, plainValue(properties[k], now)] as const),
      );
    }
  }
}

function plainString(schema: JsonSchema, now: string): string {
  if (schema.format === 'date-time') return now;
  if (schema.format === 'date') return now.slice(0, 10);
  const min = num(schema.minLength) ?? 1;
  const max = num(schema.maxLength) ?? Math.max(min, 8);
  const text = '已按要求办理'.repeat(Math.ceil(Math.max(min, 1) / 6));
  return text.slice(0, Math.max(min, Math.min(max, 6)));
}

import type { JsonSchema } from '../../../workflows/contract';
import { choicesOf } from '../../../workflows/core/json-schema';
import type { Prng } from './prng';

const isSchema = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown, fallback: number) => (typeof v === 'number' ? v : fallback);

/** Words a clerk or an enterprise might type: Chinese text of any length the schema allows. */
const TEXT = '经审查材料齐全符合法定形式同意办理请按要求补正相关材料';

/**
 * A payload valid against an offered payloadSchema (the subset workflows/core/json-schema.ts reads), drawn as a
 * client that reads only the schema would fill the form. Times are near `now` (the demo clock), as people type.
 */
export function payloadFrom(schema: JsonSchema, rng: Prng, now: Date): Record<string, unknown> {
  const value = valueFrom(schema, rng, now);
  return isSchema(value) ? value : {};
}

function valueFrom(schema: JsonSchema, rng: Prng, now: Date): unknown {
  if (schema.const !== undefined) return schema.const;
  const choices = choicesOf(schema);
  if (choices) return rng.pick(choices).value;
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFrom(schema, rng, now);
    case 'boolean':
      return rng.chance(0.75);
    case 'integer':
      return rng.int(
        Math.ceil(num(schema.minimum, 0)),
        Math.floor(num(schema.maximum, Math.max(num(schema.minimum, 0), 0) + 30)),
      );
    case 'number': {
      const min = num(schema.minimum, 0);
      const max = num(schema.maximum, min + 1000);
      return Math.round((min + rng.next() * (max - min)) * 100) / 100;
    }
    case 'array':
      return arrayFrom(schema, rng, now);
    case 'null':
      return null;
    default:
      return objectFrom(schema, rng, now);
  }
}

function stringFrom(schema: JsonSchema, rng: Prng, now: Date): string {
  if (schema.format === 'date-time' || schema.format === 'date') {
    const at = new Date(now.getTime() - rng.int(0, 3) * 86_400_000);
    return schema.format === 'date' ? at.toISOString().slice(0, 10) : at.toISOString();
  }
  const min = num(schema.minLength, 1);
  const max = Math.max(min, Math.min(num(schema.maxLength, 20), 20));
  const length = rng.int(Math.max(min, 1), Math.max(max, 1));
  let text = '';
  while (text.length < length) text += TEXT;
  return text.slice(0, length);
}

function arrayFrom(schema: JsonSchema, rng: Prng, now: Date): unknown[] {
  const items = isSchema(schema.items) ? schema.items : {};
  const min = num(schema.minItems, 0);
  const choices = choicesOf(items);
  if (choices && schema.uniqueItems === true) {
    const values = rng.subset(
      choices.map((c) => c.value),
      min,
    );
    return values.slice(0, num(schema.maxItems, values.length));
  }
  const length = rng.int(min, Math.max(min, Math.min(num(schema.maxItems, 3), 3)));
  const values = Array.from({ length }, () => valueFrom(items, rng, now));
  // Unique free texts: number the repeats (a form would not let the same condition be entered twice).
  return schema.uniqueItems === true
    ? values.map((v, i) =>
        typeof v === 'string' && values.indexOf(v) !== i ? `${v}${i}`.slice(-Math.max(v.length, 1)) : v,
      )
    : values;
}

function objectFrom(schema: JsonSchema, rng: Prng, now: Date): Record<string, unknown> {
  const properties = isSchema(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : {};
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(properties)) {
    if (required.includes(key) || rng.chance(0.5)) out[key] = valueFrom(child, rng, now);
  }
  return out;
}

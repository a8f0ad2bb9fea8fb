/**
 * fast-check arbitraries for the JSON Schema subset the definitions use (workflows/core/json-schema.ts): what a
 * client that reads only the offered payloadSchema might send. Every value it draws is valid against the
 * schema, optional members included at random, so a refusal of one is the server refusing what it offered.
 */
import fc from 'fast-check';
import type { JsonSchema } from '../contract';
import { choicesOf } from '../core/json-schema';

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Short strings keep runs fast; the schema's own bounds still hold. */
const MAX_STRING = 24;
const MAX_ARRAY = 4;

/** A payload (an object) for an event's payloadSchema, or an instance's inputSchema. */
export function payloadFor(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  return objectFor(schema);
}

export function arbitraryFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  const choices = choicesOf(schema);
  if (choices) {
    if (choices.length === 0) throw new Error(`an enumeration with no value is offered: ${JSON.stringify(schema)}`);
    return fc.constantFrom(...choices.map((c) => c.value));
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'boolean':
      // Mostly true: applications are declarations, and a walk with every flag drawn evenly would rarely
      // reach what follows a complete one.
      return fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 });
    case 'integer':
      return fc.integer({ min: num(schema.minimum, -1000), max: num(schema.maximum, 1000) });
    case 'number':
      return fc.double({
        min: num(schema.minimum, -1e6),
        max: num(schema.maximum, 1e6),
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'array':
      return arrayFor(schema);
    case 'null':
      return fc.constant(null);
    case 'object':
    default:
      return objectFor(schema);
  }
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'date-time') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString());
  }
  if (schema.format === 'date') {
    return fc
      .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  const minLength = num(schema.minLength, 0);
  const maxLength = Math.max(minLength, Math.min(num(schema.maxLength, MAX_STRING), MAX_STRING));
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function arrayFor(schema: JsonSchema): fc.Arbitrary<unknown[]> {
  const items = isObject(schema.items) ? schema.items : {};
  const minLength = num(schema.minItems, 0);
  const choices = choicesOf(items);
  const cap = Math.max(minLength, Math.min(num(schema.maxItems, MAX_ARRAY), MAX_ARRAY));
  if (choices && schema.uniqueItems === true) {
    const values = choices.map((c) => c.value);
    return fc.subarray(values, {
      minLength,
      maxLength: Math.max(minLength, Math.min(num(schema.maxItems, values.length), values.length)),
    });
  }
  const item = arbitraryFor(items);
  return schema.uniqueItems === true
    ? fc.uniqueArray(item, { minLength, maxLength: cap, selector: (v) => JSON.stringify(v) })
    : fc.array(item, { minLength, maxLength: cap });
}

function objectFor(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (isObject(schema.properties) ? schema.properties : {}) as Record<string, JsonSchema>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, child] of Object.entries(properties)) model[key] = arbitraryFor(child);
  return fc.record(model, { requiredKeys: required.filter((k) => k in model) });
}

/**
 * A small pure validator for the JSON Schema subset the definitions use: type, required, properties,
 * additionalProperties:false, enum, oneOf of const (titled enumerations), const, minLength, maxLength, items, minItems, maxItems, minimum, maximum,
 * format 'date-time' | 'date'. Returns every error with its path, an English message for `details` and a zh-CN one naming the field.
 */
import type { JsonSchema } from '../contract';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDateTime(value: unknown): value is string {
  return typeof value === 'string' && ISO_DATE_TIME.test(value) && !Number.isNaN(new Date(value).getTime());
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  if (type === 'number') return actual === 'number' || actual === 'integer';
  return actual === type;
}

export interface SchemaError {
  path: string;
  /** English, for developers (the API's `details`). */
  message: string;
  /** zh-CN, naming the field by its title or description: what people read. */
  zh: string;
}

/** The alternatives of an enumeration: `oneOf` of `{ const, title }` (or a plain `enum`). */
export function choicesOf(schema: JsonSchema): { value: unknown; title: string }[] | null {
  if (Array.isArray(schema.oneOf) && schema.oneOf.every((a) => isObject(a) && 'const' in a)) {
    return (schema.oneOf as JsonSchema[]).map((a) => ({ value: a.const, title: String(a.title ?? a.const) }));
  }
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => ({ value: v, title: String(v) }));
  return null;
}

function isObject(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The people's name of a field: its title, else the zh-CN part of its description. */
function fieldName(schema: JsonSchema, path: string): string {
  const text = String(schema.title ?? schema.description ?? '').split(' / ')[0];
  return text || path;
}

const ZH_TYPES: Record<string, string> = {
  string: '文字',
  integer: '整数',
  number: '数字',
  boolean: '是/否',
  array: '列表',
  object: '对象',
  null: '空值',
};

export function validateSchema(schema: JsonSchema, value: unknown, path = ''): SchemaError[] {
  const errors: SchemaError[] = [];
  const at = path || '(root)';
  const name = `「${fieldName(schema, path || '内容')}」`;
  const fail = (message: string, zh: string) => errors.push({ path: at, message, zh: `${name}${zh}` });
  const type = schema.type as string | string[] | undefined;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((t) => matchesType(value, t))) {
      if (value === undefined) fail('is required', '必须填写');
      else fail(`must be ${types.join(' or ')}`, `应为${types.map((t) => ZH_TYPES[t] ?? t).join('或')}`);
      return errors;
    }
  }
  const choices = choicesOf(schema);
  if (choices && !choices.some((c) => c.value === value)) {
    const titles = choices.map((c) => c.title);
    fail(
      `must be one of ${choices.map((c) => JSON.stringify(c.value)).join(', ')}`,
      titles.length ? `只能是：${titles.join('、')}` : '当前没有可选的值',
    );
  }
  if (schema.const !== undefined && schema.const !== value) {
    fail(`must equal ${JSON.stringify(schema.const)}`, schema.const === true ? '须确认' : '的值不符合要求');
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      fail(`must have at least ${schema.minLength} characters`, `至少 ${schema.minLength} 个字`);
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      fail(`must have at most ${schema.maxLength} characters`, `最多 ${schema.maxLength} 个字`);
    }
    if (schema.format === 'date-time' && !isIsoDateTime(value)) {
      fail('must be an ISO 8601 date-time', '应为日期时间（ISO 8601）');
    }
    if (schema.format === 'date' && !(ISO_DATE.test(value) && !Number.isNaN(new Date(value).getTime()))) {
      fail('must be an ISO 8601 date (YYYY-MM-DD)', '应为日期（年-月-日）');
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      fail(`must be >= ${schema.minimum}`, `不能小于 ${schema.minimum}`);
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      fail(`must be <= ${schema.maximum}`, `不能大于 ${schema.maximum}`);
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      fail(`must have at least ${schema.minItems} items`, `至少选择 ${schema.minItems} 项`);
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      fail(`must have at most ${schema.maxItems} items`, `最多 ${schema.maxItems} 项`);
    }
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      fail('must not contain duplicates', '有重复项');
    }
    if (isObject(schema.items)) {
      const items = schema.items;
      value.forEach((item, i) => errors.push(...validateSchema(items, item, `${path}[${i}]`)));
    }
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) {
      const childPath = path ? `${path}.${key}` : key;
      if (obj[key] === undefined) {
        const child = properties[key] ?? {};
        errors.push({ path: childPath, message: 'is required', zh: `「${fieldName(child, key)}」必须填写` });
      }
    }
    for (const [key, child] of Object.entries(obj)) {
      const childPath = path ? `${path}.${key}` : key;
      if (properties[key]) {
        if (child !== undefined) errors.push(...validateSchema(properties[key], child, childPath));
      } else if (schema.additionalProperties === false) {
        errors.push({ path: childPath, message: 'is not allowed', zh: `不能填写「${key}」` });
      }
    }
  }
  return errors;
}

/** One zh-CN sentence for a list of schema errors. */
export function describeErrors(errors: SchemaError[]): string {
  return [...new Set(errors.map((e) => e.zh))].join('；');
}

/** Named values for an enumeration: what the code means to people. */
export interface Named {
  code: string;
  name: string;
}

/**
 * Narrows a schema to the values a case accepts now. For an enumeration (or an array of one), keeps only
 * `allowed`, in the schema's order; with `all`, an array must list every one of them (minItems = their number:
 * with uniqueItems and no other values, that is exactly the set).
 */
export function narrowChoices(
  schema: JsonSchema,
  allowed: readonly unknown[],
  opts: { all?: boolean } = {},
): JsonSchema {
  if (schema.type === 'array' && isObject(schema.items)) {
    const items = narrowChoices(schema.items, allowed);
    const count = (choicesOf(items) ?? []).length;
    const out: JsonSchema = { ...schema, items, maxItems: Math.min(count, Number(schema.maxItems ?? count)) };
    if (opts.all) out.minItems = count;
    return out;
  }
  if (Array.isArray(schema.oneOf)) {
    return { ...schema, oneOf: (schema.oneOf as JsonSchema[]).filter((a) => allowed.includes(a.const)) };
  }
  if (Array.isArray(schema.enum)) return { ...schema, enum: schema.enum.filter((v) => allowed.includes(v)) };
  return schema;
}

/** `schema` with one enumerated property (or array of one) narrowed to `allowed` (see narrowChoices). */
export function narrowProperty(
  schema: JsonSchema,
  property: string,
  allowed: readonly unknown[],
  opts: { all?: boolean } = {},
): JsonSchema {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  if (!properties[property]) throw new Error(`schema has no property ${property}`);
  return withProperties(schema, { [property]: narrowChoices(properties[property], allowed, opts) });
}

/** `schema` with some of its properties replaced (a narrowed copy; the original is left alone). */
export function withProperties(schema: JsonSchema, properties: Record<string, JsonSchema>): JsonSchema {
  return { ...schema, properties: { ...(schema.properties as Record<string, JsonSchema>), ...properties } };
}

/** Carries, for the type checker only, the type of the values a schema accepts (never present at run time). */
declare const accepts: unique symbol;

/** A JSON Schema that knows the type of what it accepts: the one declaration a payload's type is read from. */
export type Schema<T> = JsonSchema & { readonly [accepts]?: T };

/** The type of the values a schema built with `s` accepts (`unknown` for a schema written by hand). */
export type Infer<S> = S extends { readonly [accepts]?: infer T } ? (unknown extends T ? unknown : T) : unknown;

type Properties = Record<string, JsonSchema | undefined>;
type Flatten<T> = { [K in keyof T]: T[K] };
/** An object with the required properties present and the others optional. */
export type ObjectOf<P extends Properties, R extends keyof P> = Flatten<
  { [K in R]: Infer<P[K]> } & { [K in Exclude<keyof P, R>]?: Infer<P[K]> }
>;

/** Schema builders keep the definitions short and consistent, and type what they accept. */
export const s = {
  object<P extends Properties, R extends keyof P & string = never>(
    properties: P,
    required: readonly R[] = [],
    extra: JsonSchema = {},
  ): Schema<ObjectOf<P, R>> {
    return { type: 'object', properties, required, additionalProperties: false, ...extra };
  },
  /** An object that may carry members beyond those declared (a notice from another instance adds detail). */
  notice<P extends Properties, R extends keyof P & string = never>(
    properties: P,
    required: readonly R[],
  ): Schema<ObjectOf<P, R> & Record<string, unknown>> {
    return { type: 'object', properties, required };
  },
  empty(): Schema<Record<string, never>> {
    return { type: 'object', properties: {}, additionalProperties: false };
  },
  /** An object whose members are not declared: notifications from other instances carry free-form detail. */
  loose(): Schema<Record<string, unknown>> {
    return { type: 'object' };
  },
  string(description: string, extra: JsonSchema = {}): Schema<string> {
    return { type: 'string', minLength: 1, maxLength: 2000, description, ...extra };
  },
  text(description: string): Schema<string> {
    return { type: 'string', minLength: 1, maxLength: 2000, description };
  },
  /** An enumeration whose every value carries its zh-CN title (`oneOf` of `{ const, title }`). */
  enumOf<V extends string>(
    values: readonly V[],
    description: string,
    labels: Readonly<Record<string, string>>,
  ): Schema<V> {
    return { type: 'string', oneOf: values.map((v) => ({ const: v, title: labels[v] ?? v })), description };
  },
  /** An enumeration of catalog entries, titled by their names. */
  choice(entries: readonly Named[], description: string): Schema<string> {
    return s.enumOf(
      entries.map((e) => e.code),
      description,
      Object.fromEntries(entries.map((e) => [e.code, e.name])),
    );
  },
  array<I extends JsonSchema>(items: I, description: string, extra: JsonSchema = {}): Schema<Infer<I>[]> {
    return { type: 'array', items, description, uniqueItems: true, ...extra };
  },
  boolean(description: string, extra: JsonSchema = {}): Schema<boolean> {
    return { type: 'boolean', description, ...extra };
  },
  integer(description: string, minimum: number, maximum?: number): Schema<number> {
    const schema: JsonSchema = { type: 'integer', description, minimum };
    if (maximum !== undefined) schema.maximum = maximum;
    return schema;
  },
  number(description: string, minimum: number, maximum?: number): Schema<number> {
    const schema: JsonSchema = { type: 'number', description, minimum };
    if (maximum !== undefined) schema.maximum = maximum;
    return schema;
  },
  dateTime(description: string): Schema<string> {
    return { type: 'string', format: 'date-time', description };
  },
};

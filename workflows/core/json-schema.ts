/**
 * A small pure validator for the JSON Schema subset the definitions use: type, required, properties,
 * additionalProperties:false, enum, minLength, maxLength, items, minItems, maxItems, minimum, maximum,
 * format 'date-time' | 'date'. Returns every error with its path so the API can name the field.
 */
import type { JsonSchema } from '../contract';

export interface SchemaError {
  path: string;
  message: string;
}

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

export function validateSchema(schema: JsonSchema, value: unknown, path = ''): SchemaError[] {
  const errors: SchemaError[] = [];
  const at = path || '(root)';
  const type = schema.type as string | string[] | undefined;
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (!types.some((t) => matchesType(value, t))) {
      errors.push({ path: at, message: `must be ${types.join(' or ')}` });
      return errors;
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => e === value)) {
    errors.push({ path: at, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
  }
  if (schema.const !== undefined && schema.const !== value) {
    errors.push({ path: at, message: `must equal ${JSON.stringify(schema.const)}` });
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      errors.push({ path: at, message: `must have at least ${schema.minLength} characters` });
    }
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      errors.push({ path: at, message: `must have at most ${schema.maxLength} characters` });
    }
    if (schema.format === 'date-time' && !isIsoDateTime(value)) {
      errors.push({ path: at, message: 'must be an ISO 8601 date-time' });
    }
    if (schema.format === 'date' && !(ISO_DATE.test(value) && !Number.isNaN(new Date(value).getTime()))) {
      errors.push({ path: at, message: 'must be an ISO 8601 date (YYYY-MM-DD)' });
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      errors.push({ path: at, message: `must be >= ${schema.minimum}` });
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      errors.push({ path: at, message: `must be <= ${schema.maximum}` });
    }
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) {
      errors.push({ path: at, message: `must have at least ${schema.minItems} items` });
    }
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) {
      errors.push({ path: at, message: `must have at most ${schema.maxItems} items` });
    }
    if (schema.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) {
      errors.push({ path: at, message: 'must not contain duplicates' });
    }
    if (schema.items && typeof schema.items === 'object') {
      value.forEach((item, i) => errors.push(...validateSchema(schema.items as JsonSchema, item, `${path}[${i}]`)));
    }
  }
  if (typeOf(value) === 'object') {
    const obj = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (obj[key] === undefined) errors.push({ path: path ? `${path}.${key}` : key, message: 'is required' });
    }
    for (const [key, child] of Object.entries(obj)) {
      const childPath = path ? `${path}.${key}` : key;
      if (properties[key]) {
        if (child !== undefined) errors.push(...validateSchema(properties[key], child, childPath));
      } else if (schema.additionalProperties === false) {
        errors.push({ path: childPath, message: 'is not allowed' });
      }
    }
  }
  return errors;
}

/** Schema builders keep the definitions short and consistent. */
export const s = {
  object(properties: Record<string, JsonSchema>, required: string[] = [], extra: JsonSchema = {}): JsonSchema {
    return { type: 'object', properties, required, additionalProperties: false, ...extra };
  },
  empty(): JsonSchema {
    return { type: 'object', properties: {}, additionalProperties: false };
  },
  string(description: string, extra: JsonSchema = {}): JsonSchema {
    return { type: 'string', minLength: 1, maxLength: 2000, description, ...extra };
  },
  text(description: string): JsonSchema {
    return { type: 'string', minLength: 1, maxLength: 2000, description };
  },
  enumOf(values: readonly string[], description: string, labels?: Record<string, string>): JsonSchema {
    const schema: JsonSchema = { type: 'string', enum: [...values], description };
    if (labels) schema['x-enumLabels'] = labels;
    return schema;
  },
  array(items: JsonSchema, description: string, extra: JsonSchema = {}): JsonSchema {
    return { type: 'array', items, description, uniqueItems: true, ...extra };
  },
  boolean(description: string, extra: JsonSchema = {}): JsonSchema {
    return { type: 'boolean', description, ...extra };
  },
  integer(description: string, minimum: number, maximum?: number): JsonSchema {
    const schema: JsonSchema = { type: 'integer', description, minimum };
    if (maximum !== undefined) schema.maximum = maximum;
    return schema;
  },
  number(description: string, minimum: number, maximum?: number): JsonSchema {
    const schema: JsonSchema = { type: 'number', description, minimum };
    if (maximum !== undefined) schema.maximum = maximum;
    return schema;
  },
  dateTime(description: string): JsonSchema {
    return { type: 'string', format: 'date-time', description };
  },
};

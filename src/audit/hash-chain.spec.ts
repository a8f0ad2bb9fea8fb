import fc from 'fast-check';
import { canonicalJson, eventHash, GENESIS_HASH } from './hash-chain';

/** The definition the stored hashes were computed with (entries sorted with `<`): the output must never change. */
function reference(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in event');
    return JSON.stringify(value ?? null);
  }
  if (Array.isArray(value)) return `[${value.map((v) => reference(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${reference(v)}`).join(',')}}`;
}

describe('hash chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('canonical JSON is the same string as the definition the stored hashes were made with, for any JSON', () => {
    const key = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.constantFrom('a', 'B', '_', '中文', '\u{1F600}'),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue({ maxDepth: 1 }),
        fc.constant(undefined),
        fc.array(tie('node'), { maxLength: 5 }),
        fc.dictionary(key, tie('node'), { maxKeys: 6 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 2000 },
    );
    expect(canonicalJson({ b: undefined, a: undefined })).toBe('{}');
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(() => canonicalJson({ a: [Infinity] })).toThrow('non-finite number');
  });

  it('any change to an event or its predecessor changes the hash', () => {
    const e = {
      instanceId: 'i',
      seq: 1,
      type: 'T',
      payload: { a: 1 },
      actor: { userId: 'u', role: 'clerk' },
      facts: null,
      occurredAt: '2026-01-05T01:00:00.000Z',
      definitionVersion: 1,
      causation: null,
    };
    const h = eventHash(GENESIS_HASH, e);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(GENESIS_HASH, { ...e })).toBe(h);
    expect(eventHash(GENESIS_HASH, { ...e, payload: { a: 2 } })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...e, occurredAt: '2026-01-05T01:00:00.001Z' })).not.toBe(h);
    expect(eventHash('1'.repeat(64), e)).not.toBe(h);
  });
});

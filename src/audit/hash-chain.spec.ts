import { canonicalJson, eventHash, GENESIS_HASH } from './hash-chain';

describe('hash chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"y":2,"z":1}]},"b":1}',
    );
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

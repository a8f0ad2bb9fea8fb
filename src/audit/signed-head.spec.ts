import { generateKeyPairSync, sign } from 'node:crypto';
import { eventHash, GENESIS_HASH } from './hash-chain';
import { planHeads } from './head-signer';
import { headStatement, type SignedHead, verifySignedHeads } from './signed-head';
import { KeyRing, keyIdOf } from './signing-keys';
import { recomputeHashes, type ChainedEvent } from './verify';

const INSTANCE = '11111111-1111-4111-8111-111111111111';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = keyIdOf(publicKey);
  return {
    publicKey,
    keyId,
    sign: (statement: string) => ({
      keyId,
      signature: sign(null, Buffer.from(statement), privateKey).toString('base64'),
    }),
  };
}

/** A chain of `n` events as the engine writes them. */
function chain(n: number, reason = (seq: number) => `理由 ${seq}`): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      seq,
      type: 'NOTE',
      payload: { reason: reason(seq) },
      actor: { userId: 'u1', role: 'clerk' as const },
      facts: null,
      occurredAt: new Date(Date.UTC(2026, 0, 5, 1, seq)).toISOString(),
      definitionVersion: 1,
      causation: null,
    };
    const hash = eventHash(prev, { instanceId: INSTANCE, ...e });
    events.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

function signAll(
  key: ReturnType<typeof keyPair>,
  events: ChainedEvent[],
  opts: { upto: number[]; checkpoints?: number[] },
): SignedHead[] {
  const heads: SignedHead[] = [];
  for (const upto of opts.upto) {
    const last = heads.at(-1);
    const plan = planHeads({
      instanceId: INSTANCE,
      last: last ? { seq: last.seq, headHash: last.headHash } : null,
      head: { seq: upto, headHash: events[upto - 1].hash },
      events: events.slice(last?.seq ?? 0, upto),
      checkpoints: opts.checkpoints ?? [],
      signedAt: '2026-01-05T02:00:00.000Z',
      reason: 'head',
      sign: key.sign,
      keyId: key.keyId,
    });
    if (!plan.ok) throw new Error(plan.reason);
    heads.push(...plan.heads);
  }
  return heads;
}

describe('signed chain heads', () => {
  const key = keyPair();
  const ring = new KeyRing([key.publicKey]);
  const events = chain(8);
  const heads = signAll(key, events, { upto: [3, 8], checkpoints: [5] });
  const check = (evts: ChainedEvent[], hs: SignedHead[], k = ring) =>
    verifySignedHeads(INSTANCE, recomputeHashes(INSTANCE, evts), hs, k, { contiguous: true });

  it('signs each checkpoint and the head, chained without gaps, each listing its events', () => {
    expect(heads.map((h) => [h.fromSeq, h.seq, h.reason])).toEqual([
      [0, 3, 'head'],
      [3, 5, 'checkpoint'],
      [5, 8, 'head'],
    ]);
    expect(heads[2].eventHashes).toEqual(events.slice(5, 8).map((e) => e.hash));
    expect(check(events, heads)).toEqual({ ok: true, checked: 3, signedThrough: 8 });
  });

  it('names the rewritten event when a history is changed and every later hash recomputed', () => {
    // With database rights but without the key: change event 4, re-chain everything after it.
    const rewritten = chain(8, (seq) => (seq === 4 ? '改过的理由' : `理由 ${seq}`));
    const report = check(rewritten, heads);
    expect(report.ok).toBe(false);
    expect(report.problem).toMatchObject({ code: 'EVENT_REWRITTEN', seq: 4, head: { seq: 5, keyId: key.keyId } });
    expect(report.signedThrough).toBe(3);
  });

  it('a head re-signed with another key, an altered signed head, a deleted one, a missing event are named', () => {
    const other = keyPair();
    const forged = signAll(
      other,
      chain(8, (s) => (s === 4 ? 'x' : `理由 ${s}`)),
      { upto: [8] },
    );
    expect(check(events, forged).problem).toMatchObject({ code: 'UNKNOWN_KEY', seq: 8 });

    const altered = heads.map((h) => (h.seq === 5 ? { ...h, signedAt: '2026-01-06T00:00:00.000Z' } : h));
    expect(check(events, altered).problem).toMatchObject({ code: 'BAD_SIGNATURE', seq: 5 });

    expect(check(events, [heads[0], heads[2]]).problem).toMatchObject({ code: 'HEADS_NOT_CONTIGUOUS', seq: 5 });
    expect(check(events.slice(0, 6), heads).problem).toMatchObject({ code: 'EVENT_MISSING', seq: 7 });
  });

  it('an old key keeps verifying after a rotation when its public key is trusted by id', () => {
    const next = keyPair();
    const more = chain(10);
    const last = heads.at(-1)!;
    const plan = planHeads({
      instanceId: INSTANCE,
      last: { seq: last.seq, headHash: last.headHash },
      head: { seq: 10, headHash: more[9].hash },
      events: more.slice(8, 10),
      checkpoints: [],
      signedAt: '2026-02-01T00:00:00.000Z',
      reason: 'head',
      sign: next.sign,
      keyId: next.keyId,
    });
    expect(plan.ok).toBe(true);
    const both = [...heads, ...(plan.ok ? plan.heads : [])];
    expect(check(more, both, new KeyRing([key.publicKey, next.publicKey]))).toMatchObject({
      ok: true,
      signedThrough: 10,
    });
    expect(check(more, both, new KeyRing([next.publicKey])).problem).toMatchObject({ code: 'UNKNOWN_KEY', seq: 3 });
  });

  it('refuses to sign a history that does not continue the last signed head (consistency)', () => {
    const rewritten = chain(10, (seq) => (seq === 2 ? '改过的理由' : `理由 ${seq}`));
    const last = heads.at(-1)!;
    const plan = planHeads({
      instanceId: INSTANCE,
      last: { seq: last.seq, headHash: last.headHash },
      head: { seq: 10, headHash: rewritten[9].hash },
      events: rewritten.slice(8, 10),
      checkpoints: [],
      signedAt: '2026-02-01T00:00:00.000Z',
      reason: 'head',
      sign: key.sign,
      keyId: key.keyId,
    });
    expect(plan).toMatchObject({ ok: false, seq: 9 });
  });

  it('the signed statement covers every field of the head', () => {
    const h = heads[0];
    const base = headStatement(h);
    for (const change of [
      { seq: 4 },
      { fromSeq: 1 },
      { headHash: '0'.repeat(64) },
      { eventHashes: [...h.eventHashes].reverse() },
      { signedAt: '2027-01-01T00:00:00.000Z' },
      { reason: 'export' as const },
      { keyId: 'ffffffffffffffff' },
      { instanceId: '22222222-2222-4222-8222-222222222222' },
    ]) {
      expect(headStatement({ ...h, ...change })).not.toBe(base);
    }
  });
});

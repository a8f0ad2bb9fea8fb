import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AuditRepository } from '../src/audit/audit.repository';
import { eventHash, GENESIS_HASH } from '../src/audit/hash-chain';
import { HeadSigner } from '../src/audit/head-signer';
import type { SignedHead } from '../src/audit/signed-head';
import { SignedHeadRepository } from '../src/audit/signed-head.repository';
import { CommandService } from '../src/cases/command.service';
import type { Actor } from '../workflows/contract';
import { buildOnce } from './reliability/harness';
import { actors, createItem } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';

const START = { type: 'START_SPECIAL_PROCEDURE', payload: { procedure: 'expertReview', reason: '专家评审' } };
const END = { type: 'END_SPECIAL_PROCEDURE', payload: { note: '评审结束' } };
/** The day in China of an instant, as the head log's ?date= reads it. */
const chinaDate = (at: number | string = Date.now()) =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const chinaToday = () => chinaDate();

/**
 * Signed history: chain heads signed with a key outside the database. A rewrite made with database rights —
 * one event changed and every later hash recomputed with the published algorithm — keeps the hash chain
 * consistent, and is still named by /verify and by the offline verifier with the public key; even a rewrite
 * re-signed by the key holder is caught against the head log an auditor saved before.
 */
describe('signed history (real PostgreSQL)', () => {
  let t: TestApp;
  let commands: CommandService;
  let signer: HeadSigner;
  let auditor: string;
  let admin: string;
  let clerk: string;
  let dir: string;
  let cliPath: string;

  beforeAll(async () => {
    // Signed only when a test asks (signQueued, an export), so the heads each test sees are its own doing.
    t = await startTestApp({ HEAD_SIGNING_INTERVAL_MS: '3600000' });
    commands = t.app.get(CommandService);
    signer = t.app.get(HeadSigner);
    auditor = await userToken(t, { username: 'sig-auditor', role: 'auditor' });
    admin = await userToken(t, { username: 'sig-admin', role: 'admin' });
    clerk = await userToken(t, { username: 'sig-clerk', role: 'clerk', department: 'planning' });
    dir = mkdtempSync(join(tmpdir(), 'signed-history-'));
    // A private build: the shared dist/ may be rebuilt by other processes while this runs.
    cliPath = join(buildOnce(), 'scripts', 'verify-export.js');
  });
  afterAll(() => t.close());

  const send = (id: string, type: string, payload: Record<string, unknown>, actor: Actor) =>
    commands.execute({ instanceId: id, type, payload, actor }, `${type}:${Math.random()}`, async () => ({}));

  /** An approval item with `loops` special procedures started and ended after acceptance (3 + loops events). */
  async function item(loops: number): Promise<string> {
    const { id } = await createItem(t.dataSource, commands);
    await send(id, 'WINDOW_ACCEPT', {}, actors.window);
    await send(id, 'DEPARTMENT_ACCEPT', {}, actors.planning);
    for (let i = 0; i < loops; i++) {
      const cmd = i % 2 === 0 ? START : END;
      await send(id, cmd.type, cmd.payload, actors.planning);
    }
    return id;
  }

  /** With database rights, without the key: change event `seq`'s reason and recompute every later hash. */
  async function rewrite(id: string, seq: number, reason: string) {
    const events = await t.app.get(AuditRepository).events(id);
    const qr = t.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      await qr.query('ALTER TABLE workflow_event DISABLE TRIGGER workflow_event_no_update_delete');
      let prev = GENESIS_HASH;
      for (const e of events) {
        const payload = e.seq === seq ? { ...e.payload, reason } : e.payload;
        const hash = eventHash(prev, { instanceId: id, ...e, payload });
        if (e.seq >= seq)
          await qr.query(
            'UPDATE workflow_event SET payload = $3, prev_hash = $4, hash = $5 WHERE instance_id = $1 AND seq = $2',
            [id, e.seq, payload, prev, hash],
          );
        prev = hash;
      }
      await qr.query('UPDATE workflow_instance SET head_hash = $2 WHERE id = $1', [id, prev]);
      await qr.query('ALTER TABLE workflow_event ENABLE TRIGGER workflow_event_no_update_delete');
      await qr.commitTransaction();
    } finally {
      await qr.release();
    }
  }

  const get = (url: string, bearer: string) => t.http().get(url).set('Authorization', bearer);
  /** The head log of the last minute's days (two around China's midnight), as an auditor saves it. */
  async function recentLog(): Promise<{ heads: SignedHead[] }[]> {
    const days = [...new Set([chinaDate(Date.now() - 60_000), chinaDate()])];
    const pages = [];
    for (const day of days)
      pages.push((await get(`/api/audit/heads?date=${day}&limit=10000`, auditor).expect(200)).body);
    return pages;
  }
  let signedDay: string;
  const save = (name: string, body: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body, null, 2));
    return path;
  };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [cliPath, ...args], { cwd: resolve(__dirname, '..'), encoding: 'utf8' });

  it('signs each checkpoint and the current head, and publishes them in the day’s head log', async () => {
    const id = await item(49); // 52 events: a checkpoint at 50
    expect(await signer.signQueued()).toBeGreaterThanOrEqual(2);
    const mine = (await recentLog()).flatMap((p) => p.heads).filter((h) => h.instanceId === id);
    expect(mine.map((h) => [h.fromSeq, h.seq, h.reason])).toEqual([
      [0, 50, 'checkpoint'],
      [50, 52, 'head'],
    ]);
    signedDay = chinaDate(mine[0].signedAt);
    expect(mine[1]).toMatchObject({ keyId: expect.stringMatching(/^[0-9a-f]{16}$/), signature: expect.any(String) });
    const verify = await get(`/api/cases/${id}/verify`, auditor).expect(200);
    expect(verify.body).toMatchObject({ ok: true, signatures: { ok: true, checked: 2, signedThrough: 52 } });
    expect(verify.body.message).toBe('历史完整：哈希链、状态回放和签名均核对一致。');
  });

  it('drains the queue, and keeps an instance queued when it moved again while being signed', async () => {
    const queue = async () =>
      (await t.dataSource.query('SELECT count(*)::int AS n FROM audit_head_queue'))[0].n as number;
    expect(await queue()).toBe(0);
    const id = await item(1);
    const repo = t.app.get(SignedHeadRepository);
    const [read] = await repo.queued(10);
    expect(read.instanceId).toBe(id);
    await send(id, END.type, END.payload, actors.planning); // a write between the signer's read and its dequeue
    await repo.transaction((tx) => repo.dequeueMany(tx, [read]));
    expect(await queue()).toBe(1);
    await signer.signQueued();
    expect(await queue()).toBe(0);
    const heads = await repo.forInstance(id);
    expect(heads.at(-1)).toMatchObject({ seq: 5 });
  });

  it('never waits for a writer: a queue row a writer holds is skipped and stays queued', async () => {
    const id = await item(1);
    const repo = t.app.get(SignedHeadRepository);
    const read = (await repo.queued(1000)).find((r) => r.instanceId === id)!;
    const writer = t.dataSource.createQueryRunner();
    await writer.connect();
    await writer.startTransaction();
    try {
      // what the queue trigger does when a write moves the instance again; waiting for it would hang here
      await writer.query('UPDATE audit_head_queue SET queued_at = clock_timestamp() WHERE instance_id = $1', [id]);
      await repo.transaction((tx) => repo.dequeueMany(tx, [read]));
      await writer.commitTransaction();
    } finally {
      await writer.release();
    }
    const left = await t.dataSource.query('SELECT 1 FROM audit_head_queue WHERE instance_id = $1', [id]);
    expect(left).toHaveLength(1);
    await signer.signQueued();
    expect((await repo.forInstance(id)).at(-1)).toMatchObject({ seq: 4 });
  });

  it('the head log and public keys are for auditors and admins; a bad date is a 400 in Chinese', async () => {
    await get(`/api/audit/heads?date=${chinaToday()}`, admin).expect(200);
    const keys = await get('/api/audit/public-keys', admin).expect(200);
    expect(keys.body.keys[0]).toMatchObject({ keyId: keys.body.current, algorithm: 'Ed25519', status: 'current' });
    expect(keys.body.keys[0].publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    await get(`/api/audit/heads?date=${chinaToday()}`, clerk).expect(403);
    await get('/api/audit/public-keys', clerk).expect(403);
    for (const bad of ['2026-02-30', '20260301', '', 'x']) {
      const res = await get(`/api/audit/heads?date=${bad}`, auditor).expect(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'date' }] });
      expect(res.body.message).toMatch(/年-月-日/);
    }
    await get('/api/audit/heads', auditor).expect(400);
    await get(`/api/audit/heads?date=${chinaToday()}&after=nonsense`, auditor).expect(400);
  });

  it('pages the head log', async () => {
    const all = (await get(`/api/audit/heads?date=${signedDay}&limit=10000`, auditor).expect(200)).body.heads;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = (await get(`/api/audit/heads?date=${signedDay}&limit=1`, auditor).expect(200)).body;
    expect(first.heads).toEqual([all[0]]);
    const second = await get(
      `/api/audit/heads?date=${signedDay}&limit=1&after=${encodeURIComponent(first.next)}`,
      auditor,
    ).expect(200);
    expect(second.body.heads).toEqual([all[1]]);
  });

  it('a rewritten-and-rehashed event is named by /verify and offline with the public key; a re-signed one against the saved head log', async () => {
    const id = await item(4); // events 4 and 6 carry a reason
    const untouched = await item(2);
    await signer.signQueued();
    // What an auditor fetched and kept before anything happened.
    const headLog = save('heads.json', await recentLog());
    const keys = (await get('/api/audit/public-keys', auditor).expect(200)).body;
    const publicKey = save('key.pem', keys.keys[0].publicKey);

    await rewrite(id, 4, '改过的理由');
    const verify = (await get(`/api/cases/${id}/verify`, auditor).expect(200)).body;
    expect(verify).toMatchObject({
      ok: false,
      firstMismatch: { seq: 4, code: 'EVENT_REWRITTEN', signedHead: { seq: 7, keyId: keys.current } },
      signatures: { ok: false, signedThrough: 0 },
    });
    expect(verify.firstMismatch.reason).toMatch(/event 4 differs from the hash signed/);
    expect(verify.message).toMatch(/^第 4 个事件与.*签名的链头（至第 7 个事件）不符：签名后被改写。$/);

    // The service refuses to sign a later head on top of the rewrite.
    await send(id, START.type, START.payload, actors.planning);
    await signer.signQueued();
    expect(
      (await t.dataSource.query('SELECT max(seq) AS seq FROM audit_signed_head WHERE instance_id = $1', [id]))[0].seq,
    ).toBe(7);

    const exported = save('rewritten.json', (await get(`/api/cases/${id}/export`, auditor).expect(200)).text);
    const chainOnly = cli(exported);
    expect(chainOnly.status).toBe(0); // the hash chain alone cannot tell: the gap this closes
    expect(chainOnly.stdout).toMatch(/signatures not checked/);
    const withKey = cli(exported, '--public-key', publicKey);
    expect(withKey.status).toBe(1);
    expect(withKey.stdout).toMatch(/first mismatch at event 4 \(EVENT_REWRITTEN\)/);

    // The key holder deletes the signed heads and has the rewrite signed afresh by an export.
    await t.dataSource.query('DELETE FROM audit_signed_head WHERE instance_id = $1', [id]);
    const resigned = save('resigned.json', (await get(`/api/cases/${id}/export`, auditor).expect(200)).text);
    expect(cli(resigned, '--public-key', publicKey).status).toBe(0);
    const againstLog = cli(resigned, '--public-key', publicKey, '--head-log', headLog);
    expect(againstLog.status).toBe(1);
    expect(againstLog.stdout).toMatch(/first mismatch at event 4 \(EVENT_REWRITTEN\): head log: event 4 differs/);

    // An untouched case agrees with the saved log.
    const good = save('good.json', (await get(`/api/cases/${untouched}/export`, auditor).expect(200)).text);
    const ok = cli(good, '--public-key', publicKey, '--head-log', headLog);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/signed through 5, 1 logged heads agree/);
    expect(ok.stdout).toMatch(/verified/);
  });

  it('an export is signed at once, and verify-export refuses an export whose head is unsigned or signed by an unknown key', async () => {
    const id = await item(1);
    const file = (await get(`/api/cases/${id}/export`, auditor).expect(200)).body;
    expect(file.formatVersion).toBe(2);
    expect(file.instances[0].signedHeads.at(-1)).toMatchObject({ seq: 4, reason: 'export' });
    const publicKey = save('key2.pem', (await get('/api/audit/public-keys', auditor)).body.keys[0].publicKey);
    expect(cli(save('signed.json', file), '--public-key', publicKey).status).toBe(0);

    const stripped = { ...file, instances: [{ ...file.instances[0], signedHeads: [] }] };
    const unsigned = cli(save('unsigned.json', stripped), '--public-key', publicKey);
    expect(unsigned.status).toBe(1);
    expect(unsigned.stdout).toMatch(/HEAD_UNSIGNED/);

    const stranger = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const unknown = cli(save('signed.json', file), '--public-key', save('stranger.pem', stranger));
    expect(unknown.status).toBe(1);
    expect(unknown.stdout).toMatch(/UNKNOWN_KEY/);
    expect(cli(save('signed.json', file), '--head-log', save('log.json', { heads: [] })).status).toBe(2);
  });
});

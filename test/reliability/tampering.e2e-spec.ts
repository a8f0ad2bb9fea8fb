/* Tampering: rows changed behind the engine's back by a superuser (the append-only trigger disabled) are
 * detected: GET /api/cases/:id/verify names the first bad event, and the offline verifier refuses the export.
 * A consistent rewrite (every later hash recomputed) is caught by the signed chain heads. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventHash, GENESIS_HASH } from '../../src/audit/hash-chain';
import { createTestDatabase } from '../support/test-database';
import {
  buildOnce,
  call,
  insertUsers,
  loginAll,
  newStats,
  recordFigures,
  seedItems,
  type ServerProcess,
  startServer,
  stopAllServers,
  streamCommands,
  USERS,
  withPg,
} from './harness';

const TRIGGER = 'workflow_event_no_update_delete';

describe('reliability: tampering behind the engine’s back', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let server: ServerProcess;
  let tokens: Record<keyof typeof USERS, string>;
  let ids: string[];
  let dir: string;
  const figures: Record<string, unknown> = {};

  /** A superuser edit with the append-only trigger off, as an insider with database access would do it. */
  const behindTheBack = (sql: string, params: unknown[]) =>
    withPg(db.url, async (c) => {
      await c.query('BEGIN');
      await c.query(`ALTER TABLE workflow_event DISABLE TRIGGER ${TRIGGER}`);
      await c.query(sql, params);
      await c.query(`ALTER TABLE workflow_event ENABLE TRIGGER ${TRIGGER}`);
      await c.query('COMMIT');
    });
  const verify = async (id: string) =>
    (await call(server.base, 'GET', `/api/cases/${id}/verify`, { token: tokens.auditor })).body;
  const offline = async (id: string, ...args: string[]): Promise<{ code: number; out: string }> => {
    const file = join(dir, `${id}.json`);
    writeFileSync(file, (await call(server.base, 'GET', `/api/cases/${id}/export`, { token: tokens.auditor })).text);
    try {
      const out = execFileSync(process.execPath, [join(buildOnce(), 'scripts', 'verify-export.js'), file, ...args], {
        encoding: 'utf8',
      });
      return { code: 0, out };
    } catch (e) {
      const err = e as { status: number; stdout: string };
      return { code: err.status, out: err.stdout };
    }
  };

  beforeAll(async () => {
    buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'permits-tamper-'));
    db = await createTestDatabase();
    ids = await seedItems(db.url, 5);
    await insertUsers(db.url, Object.values(USERS));
    server = await startServer({ databaseUrl: db.url });
    tokens = await loginAll(server.base, USERS);
    // six more events on each item (seq 4..9)
    for (const [n, id] of ids.entries()) {
      const stats = newStats();
      let sent = 0;
      await streamCommands({
        id,
        token: tokens.planning,
        base: () => server.base,
        stop: () => sent++ >= 6,
        keyPrefix: `tamper-${n}`,
        stats,
      });
    }
  }, 60_000);

  afterAll(async () => {
    recordFigures('tampering', figures);
    await stopAllServers();
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the untouched cases verify, online and offline', async () => {
    for (const id of ids) expect(await verify(id)).toMatchObject({ ok: true, events: 9 });
    const { code, out } = await offline(ids[0]);
    expect(code).toBe(0);
    expect(out).toMatch(/verified/);
  });

  it('the trigger refuses UPDATE and DELETE of events without a superuser switching it off', async () => {
    await expect(
      withPg(db.url, (c) => c.query('UPDATE workflow_event SET payload = $2 WHERE instance_id = $1', [ids[0], '{}'])),
    ).rejects.toThrow(/append-only/);
    await expect(
      withPg(db.url, (c) => c.query('DELETE FROM workflow_event WHERE instance_id = $1', [ids[0]])),
    ).rejects.toThrow(/append-only/);
  });

  it('a changed payload is named at its own event, online and offline', async () => {
    await behindTheBack(
      `UPDATE workflow_event SET payload = jsonb_set(payload, '{reason}', '"改过的理由"') WHERE instance_id = $1 AND seq = 5`,
      [ids[0]],
    );
    const report = await verify(ids[0]);
    expect(report).toMatchObject({ ok: false, firstMismatch: { seq: 5 } });
    expect(report.firstMismatch.reason).toMatch(/content/);
    const { code, out } = await offline(ids[0]);
    expect(code).toBe(1);
    expect(out).toMatch(/first mismatch at event 5/);
    figures.payloadChange = report.firstMismatch;
  });

  it('a deleted event is named where the gap opens', async () => {
    await behindTheBack('DELETE FROM workflow_event WHERE instance_id = $1 AND seq = 6', [ids[1]]);
    const report = await verify(ids[1]);
    expect(report.ok).toBe(false);
    expect(report.firstMismatch.seq).toBe(7);
    expect(report.firstMismatch.reason).toMatch(/gap/);
    figures.deletedEvent = report.firstMismatch;
  });

  it('a changed actor (who did it) is named at its event', async () => {
    await behindTheBack(
      `UPDATE workflow_event SET actor = jsonb_set(actor, '{userId}', '"someone-else"'), actor_id = 'someone-else' WHERE instance_id = $1 AND seq = 4`,
      [ids[2]],
    );
    const report = await verify(ids[2]);
    expect(report).toMatchObject({ ok: false, firstMismatch: { seq: 4 } });
    figures.changedActor = report.firstMismatch;
  });

  it('a snapshot changed on the instance row differs from its replay', async () => {
    await withPg(db.url, (c) =>
      c.query(
        `UPDATE workflow_instance SET snapshot = jsonb_set(snapshot, '{context,approvedBy}', '"insider"') WHERE id = $1`,
        [ids[3]],
      ),
    );
    const report = await verify(ids[3]);
    expect(report.ok).toBe(false);
    expect(report.firstMismatch.reason).toMatch(/snapshot differs from the replay/);
    figures.changedSnapshot = report.firstMismatch;
  });

  it('a consistent rewrite (the event changed, every later hash recomputed) is named by /verify and offline with the public key', async () => {
    const id = ids[4];
    expect((await offline(id)).code).toBe(0); // the export signs the heads
    const keys = (await call(server.base, 'GET', '/api/audit/public-keys', { token: tokens.auditor })).body;
    const keyFile = join(dir, 'signing-key.pub.pem');
    writeFileSync(keyFile, keys.keys[0].publicKey);
    const { events } = (await call(server.base, 'GET', `/api/cases/${id}/history`, { token: tokens.auditor })).body;
    await withPg(db.url, async (c) => {
      await c.query('BEGIN');
      await c.query(`ALTER TABLE workflow_event DISABLE TRIGGER ${TRIGGER}`);
      let prev = GENESIS_HASH;
      for (const e of events) {
        const payload = e.seq === 4 ? { ...e.payload, reason: '改过的理由' } : e.payload;
        const hash = eventHash(prev, { instanceId: id, ...e, payload });
        if (e.seq >= 4)
          await c.query(
            'UPDATE workflow_event SET payload = $3, prev_hash = $4, hash = $5 WHERE instance_id = $1 AND seq = $2',
            [id, e.seq, payload, prev, hash],
          );
        prev = hash;
      }
      await c.query('UPDATE workflow_instance SET head_hash = $2 WHERE id = $1', [id, prev]);
      await c.query(`ALTER TABLE workflow_event ENABLE TRIGGER ${TRIGGER}`);
      await c.query('COMMIT');
    });
    const report = await verify(id);
    expect(report).toMatchObject({
      ok: false,
      firstMismatch: { seq: 4, code: 'EVENT_REWRITTEN', signedHead: { seq: 9 } },
    });
    expect(report.message).toMatch(/^第 4 个事件与/);
    expect((await offline(id)).code).toBe(0); // the chain alone is consistent again
    const { code, out } = await offline(id, '--public-key', keyFile);
    expect(code).toBe(1);
    expect(out).toMatch(/first mismatch at event 4 \(EVENT_REWRITTEN\)/);
  });

  it('the auditor’s case view: is a tampered case flagged there? (recorded, see docs/reliability.md)', async () => {
    const view = (await call(server.base, 'GET', `/api/cases/${ids[0]}`, { token: tokens.auditor })).body;
    const flagged = /tamper|integrity|verified|chainOk|verify/i.test(Object.keys(view).join(','));
    figures.caseViewHasTamperFlag = flagged;
    expect(view.id).toBe(ids[0]);
  });
});

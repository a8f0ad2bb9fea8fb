import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadSigner } from '../src/audit/head-signer';
import type { PublicKeyInfo } from '../src/audit/signing-keys';
import { CommandService } from '../src/cases/command.service';
import { actors, createItem } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { startTestApp, type TestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

/**
 * The rotation procedure of docs/signed-history.md, through the running service: heads signed with key A; A's
 * public key saved as retired (step 1); the key file moved away, so the next start creates key B (step 2);
 * restarted (step 3), B signs the new head. /verify accepts the history signed by both keys, and would not
 * without step 1.
 */
describe('signing-key rotation (real PostgreSQL)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'key-rotation-'));
  const keyFile = join(dir, 'signing-key.pem');
  const retiredDir = join(dir, 'retired');
  const env = { HEAD_SIGNING_INTERVAL_MS: '3600000', SIGNING_KEY_FILE: keyFile, SIGNING_RETIRED_KEYS_DIR: retiredDir };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let t: TestApp | undefined;
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const restart = async () => {
    await t?.close();
    t = await startTestApp(env, db);
    return t;
  };
  const publicKeys = async (app: TestApp, auditor: string): Promise<{ current: string; keys: PublicKeyInfo[] }> =>
    (await app.http().get('/api/audit/public-keys').set('Authorization', auditor).expect(200)).body;

  it('heads signed with the old key still verify after a rotation, through its retired public key', async () => {
    db = await createTestDatabase();
    const a = await restart();
    const auditor = await userToken(a, { username: 'rotation-auditor', role: 'auditor' });
    const { id } = await createItem(a.dataSource, a.app.get(CommandService));
    await a.app
      .get(CommandService)
      .execute({ instanceId: id, type: 'WINDOW_ACCEPT', payload: {}, actor: actors.window }, 'r1', async () => ({}));
    expect(await a.app.get(HeadSigner).signQueued()).toBeGreaterThan(0);
    const old = await publicKeys(a, auditor);

    // Step 1: the current public key saved as retired. Step 2: the key file moved away. Step 3: restart.
    mkdirSync(retiredDir, { recursive: true });
    writeFileSync(join(retiredDir, `${old.current}.pem`), old.keys.find((k) => k.keyId === old.current)!.publicKey);
    renameSync(keyFile, `${keyFile}.old`);
    const b = await restart();
    const now = await publicKeys(b, auditor);
    expect(now.current).not.toBe(old.current);
    expect(now.keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyId: now.current, status: 'current' }),
        expect.objectContaining({ keyId: old.current, status: 'retired' }),
      ]),
    );
    await b.app
      .get(CommandService)
      .execute(
        { instanceId: id, type: 'DEPARTMENT_ACCEPT', payload: {}, actor: actors.planning },
        'r2',
        async () => ({}),
      );
    expect(await b.app.get(HeadSigner).signQueued()).toBeGreaterThan(0);
    const keyIds = await b.dataSource.query(
      'SELECT DISTINCT key_id FROM audit_signed_head WHERE instance_id = $1 ORDER BY key_id',
      [id],
    );
    expect(keyIds.map((r: { key_id: string }) => r.key_id).sort()).toEqual([old.current, now.current].sort());
    const verified = await b.http().get(`/api/cases/${id}/verify`).set('Authorization', auditor).expect(200);
    expect(verified.body).toMatchObject({ ok: true, signatures: { ok: true } });

    // Without step 1 the old heads are signed by a key the service does not know.
    rmSync(join(retiredDir, `${old.current}.pem`));
    const c = await restart();
    const unverified = await c.http().get(`/api/cases/${id}/verify`).set('Authorization', auditor).expect(200);
    expect(unverified.body.ok).toBe(false);
    expect(JSON.stringify(unverified.body)).toContain('UNKNOWN_KEY');
  });
});

import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runToExit } from './operations/support';
import { startTestApp } from './support/test-app';
import { createTestDatabase } from './support/test-database';

/**
 * A production start without its signing key is refused (a silently created key would not continue the record
 * of heads signed so far), unless SIGNING_KEY_CREATE allows a new one; elsewhere a missing key is created.
 */
describe('signing key at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'signing-key-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('production without the key file: the service exits non-zero naming the file and SIGNING_KEY_CREATE', async () => {
    const file = join(dir, 'missing.pem');
    const db = await createTestDatabase();
    try {
      const r = await runToExit(
        'src/main.js',
        [],
        {
          NODE_ENV: 'production',
          DATABASE_URL: db.url,
          HOST: '127.0.0.1',
          PORT: '0',
          JWT_SECRET: 'x'.repeat(32),
          SCHEDULER_ENABLED: 'false',
          SIGNING_KEY_FILE: file,
        },
        { timeoutMs: 90_000 },
      );
      expect(r.code).not.toBe(0);
      expect(r.stdout + r.stderr).toContain(`签名密钥文件 ${file} 不存在`);
      expect(r.stdout + r.stderr).toMatch(/set SIGNING_KEY_CREATE=true/);
      expect(() => statSync(file)).toThrow();
    } finally {
      await db.drop();
    }
  }, 180_000);

  it('production with SIGNING_KEY_CREATE=true creates the key, readable by its owner only', async () => {
    const file = join(dir, 'first-deployment.pem');
    const t = await startTestApp({ NODE_ENV: 'production', SIGNING_KEY_FILE: file, SIGNING_KEY_CREATE: 'true' });
    try {
      expect(statSync(file).mode & 0o777).toBe(0o600);
    } finally {
      await t.close();
    }
  });
});

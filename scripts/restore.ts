/* `npm run restore -- FILE`: restores a backup of `npm run backup` into an empty database: with the embedded
 * default into an empty DATA_DIR (it creates the cluster there; a folder already holding one is refused, never
 * overwritten), or into the empty database of DATABASE_URL. Start the service on it afterwards.
 * Exit code 0 when restored, 1 when refused or failed, 2 on a usage error. */
import 'reflect-metadata';
import { existsSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { SigningKeyMissing, SigningKeys } from '../src/audit/signing-keys';
import { readBackupHeader, restoreBackup } from '../src/backup/restore-backup';
import { signingKeyAdvice } from '../src/backup/signing-key-advice';
import { describeError } from '../src/common/describe-error';
import { loadConfig } from '../src/config/app-config';
import { resolveDatabase } from '../src/database/resolve-database';

/** The key ids the service would vouch for with this configuration; never creates a key. */
function configuredKeys(config: ReturnType<typeof loadConfig>) {
  const where = { keyFile: config.signingKeyFile, retiredDir: config.signingRetiredKeysDir };
  try {
    const keys = SigningKeys.load({
      secret: config.SIGNING_KEY,
      file: config.signingKeyFile,
      retiredDir: config.signingRetiredKeysDir,
      createIfMissing: false,
    });
    return { ...where, keyIds: keys.ring.ids };
  } catch (e) {
    if (e instanceof SigningKeyMissing) return { ...where, keyIds: null };
    // The data is in: a key that cannot be read is reported, not a failed restore.
    console.error(`signing key: ${describeError(e)}`);
    return { ...where, keyIds: [] };
  }
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0].startsWith('-')) {
    console.error('usage: npm run restore -- FILE');
    return 2;
  }
  const file = resolve(args[0]);
  if (!existsSync(file)) {
    console.error(`no such file: ${file}`);
    return 2;
  }
  const config = loadConfig();
  if (!config.DATABASE_URL && existsSync(resolve(config.DATA_DIR, 'pg', 'PG_VERSION'))) {
    console.error(
      `DATA_DIR ${resolve(config.DATA_DIR)} already holds a database (数据目录已有数据库，未恢复): restore goes into an empty folder; move this one aside or set another DATA_DIR`,
    );
    return 1;
  }
  await readBackupHeader(file);
  const db = await resolveDatabase(config, (m) => console.error(`[db] ${m}`), { role: 'restore' });
  let summary: Awaited<ReturnType<typeof restoreBackup>>;
  try {
    summary = await restoreBackup(file, db.url, (m) => console.error(`[restore] ${m}`));
  } catch (e) {
    await db.stop();
    // The cluster was made for this restore in an empty folder: leave the folder empty again for the next try.
    if (!config.DATABASE_URL) rmSync(resolve(config.DATA_DIR, 'pg'), { recursive: true, force: true });
    throw e;
  }
  try {
    const rows = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    console.log(
      `恢复完成 restored: ${rows} rows of the backup of ${summary.createdAt}` +
        (summary.migratedAfter.length ? `; migrated since: ${summary.migratedAfter.join(', ')}` : ''),
    );
    for (const line of signingKeyAdvice(summary.signedByKeyIds, configuredKeys(config))) console.log(line);
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`restore failed (恢复失败): ${describeError(e)}`);
    process.exit(1);
  },
);

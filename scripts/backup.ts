/* `npm run backup [-- FILE]`: one file holding the whole database (see src/backup/backup-format.ts), taken from
 * DATABASE_URL or from the embedded database in DATA_DIR, while the service runs (its database is read in one
 * consistent snapshot) or not (the embedded PostgreSQL is started for the backup). Default file:
 * backups/permits-<time>.backup.gz. Exit code 0 when written, 1 on failure. */
import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeBackup } from '../src/backup/write-backup';
import { describeError } from '../src/common/describe-error';
import { loadConfig } from '../src/config/app-config';
import { openToolDatabase } from '../src/database/tool-database';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length > 1 || args[0]?.startsWith('-')) {
    console.error('usage: npm run backup [-- FILE]');
    return 2;
  }
  const stamp = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const file = resolve(args[0] ?? `backups/permits-${stamp}.backup.gz`);
  mkdirSync(dirname(file), { recursive: true });
  const config = loadConfig();
  const db = await openToolDatabase(config, 'backup', (m) => console.error(`[db] ${m}`));
  try {
    const summary = await writeBackup(db.url, file);
    const rows = Object.values(summary.counts).reduce((a, b) => a + b, 0);
    console.log(
      `备份完成 backup written: ${summary.file} (${rows} rows, ${Object.keys(summary.counts).length} tables, database: ${db.via})`,
    );
    // On purpose (docs/signed-history.md): a private key beside the data would let the file's holder sign a rewrite.
    console.log(
      `签名密钥不在备份中，请单独备份 ${config.SIGNING_KEY ? 'SIGNING_KEY' : config.signingKeyFile} 和 ${config.signingRetiredKeysDir}。` +
        ` The signing key is not in the backup: back up ${config.SIGNING_KEY ? 'the SIGNING_KEY secret' : config.signingKeyFile} and ${config.signingRetiredKeysDir} on their own.`,
    );
    return 0;
  } finally {
    await db.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`backup failed (备份失败): ${describeError(e)}`);
    process.exit(1);
  },
);

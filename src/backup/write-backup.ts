import { once } from 'node:events';
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { createGzip } from 'node:zlib';
import { Client } from 'pg';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupHeader, controlLine } from './backup-format';
import { tablesInRestoreOrder } from './table-order';

export const MIGRATIONS_TABLE = 'typeorm_migrations';
const FETCH_ROWS = 2000;

export interface BackupSummary {
  file: string;
  counts: Record<string, number>;
  migrations: number;
}

/**
 * A logical backup of the database at `url` into `file`, read in one REPEATABLE READ snapshot (a consistent state
 * while the service goes on writing). Written to `file.partial` and renamed when complete: a file by that name is
 * always whole.
 */
export async function writeBackup(url: string, file: string): Promise<BackupSummary> {
  const client = new Client({ connectionString: url, application_name: 'fasttrack-backup' });
  await client.connect();
  const partial = `${file}.partial`;
  const gzip = createGzip();
  const out = createWriteStream(partial, { mode: 0o600 });
  gzip.pipe(out);
  const write = async (line: string) => {
    if (!gzip.write(`${line}\n`)) await once(gzip, 'drain');
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const migrations = (
      await client.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE} ORDER BY id`)
    ).rows.map((r) => r.name);
    const { tables, derived } = await tablesInRestoreOrder(client, MIGRATIONS_TABLE);
    const sequences: Record<string, number> = {};
    const names = await client.query<{ name: string; increment: string }>(
      `SELECT sequencename AS name, increment_by::text AS increment FROM pg_sequences WHERE schemaname = 'public'`,
    );
    for (const { name, increment } of names.rows) {
      // Read from the sequence itself: pg_sequences shows no value for one that was set but not yet used.
      const { rows } = await client.query<{ last: string; called: boolean }>(
        `SELECT last_value::text AS last, is_called AS called FROM "${name}"`,
      );
      sequences[name] = Number(rows[0].last) + (rows[0].called ? Number(increment) : 0);
    }
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      migrations,
      tables,
      sequences,
    };
    await write(JSON.stringify(header));
    const counts: Record<string, number> = {};
    for (const table of tables) {
      const columns = (
        await client.query<{ name: string }>(
          `SELECT attname AS name FROM pg_attribute
            WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`,
          [`public."${table}"`],
        )
      ).rows.map((r) => r.name);
      await write(controlLine({ kind: 'table', table, columns, derived: derived.has(table) }));
      if (derived.has(table)) {
        const n = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
        counts[table] = n.rows[0].n;
        await write(controlLine({ kind: 'end', table, rows: counts[table] }));
        continue;
      }
      await client.query(`DECLARE backup_rows NO SCROLL CURSOR FOR SELECT to_jsonb(t)::text AS row FROM "${table}" t`);
      let rows = 0;
      for (;;) {
        const batch = await client.query<{ row: string }>(`FETCH ${FETCH_ROWS} FROM backup_rows`);
        for (const r of batch.rows) await write(r.row);
        rows += batch.rows.length;
        if (batch.rows.length < FETCH_ROWS) break;
      }
      await client.query('CLOSE backup_rows');
      counts[table] = rows;
      await write(controlLine({ kind: 'end', table, rows }));
    }
    await write(controlLine({ kind: 'complete', counts }));
    await client.query('COMMIT');
    gzip.end();
    await once(out, 'close');
    renameSync(partial, file);
    return { file, counts, migrations: migrations.length };
  } catch (e) {
    gzip.destroy();
    out.destroy();
    rmSync(partial, { force: true });
    throw e;
  } finally {
    await client.end();
  }
}

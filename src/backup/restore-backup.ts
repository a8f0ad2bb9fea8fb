import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../database/migrations';
import { typeormOptions } from '../database/typeorm-options';
import {
  type BackupHeader,
  BackupFormatError,
  CONTROL_PREFIX,
  type ControlLine,
  parseControl,
  parseHeader,
} from './backup-format';

const INSERT_ROWS = 500;
const NAME = /^[a-z_][a-z0-9_]*$/;

export class RestoreRefused extends Error {}

export interface RestoreSummary {
  counts: Record<string, number>;
  /** Migrations newer than the backup, applied after the data went in. */
  migratedAfter: string[];
  createdAt: string;
  /** The ids of the keys that signed the restored chain heads (the keys themselves are never in a backup). */
  signedByKeyIds: string[];
}

async function migrate(url: string, only?: string[]): Promise<string[]> {
  const options = typeormOptions(url, { poolSize: 1, applicationName: 'fasttrack-restore' });
  const migrations = only ? MIGRATIONS.filter((m) => only.includes(m.name)) : MIGRATIONS;
  const ds = await new DataSource({ ...options, migrations }).initialize();
  try {
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

/** The backup must come from this version of the service or an older one: its migrations a prefix of ours. */
function checkMigrations(fromBackup: string[]): void {
  const ours = MIGRATIONS.map((m) => m.name);
  const unknown = fromBackup.filter((m) => !ours.includes(m));
  if (unknown.length) {
    throw new RestoreRefused(
      `the backup was made by a newer version of the service (migrations ${unknown.join(', ')} are unknown here): restore it with that version`,
    );
  }
  fromBackup.forEach((name, i) => {
    if (ours[i] !== name)
      throw new RestoreRefused(`the backup's migrations are not in this version's order (at ${name})`);
  });
}

/** The header of `file`, checked against this version's migrations: refuse before anything is created. */
export async function readBackupHeader(file: string): Promise<BackupHeader> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      const header = parseHeader(line);
      checkMigrations(header.migrations);
      return header;
    }
    throw new BackupFormatError('the backup file is empty');
  } finally {
    lines.close();
  }
}

/**
 * Restores `file` into the empty database at `url`: the schema the backup was taken at is made by the migrations
 * (so every trigger is there, the event table's append-only trigger included: rows are only inserted), the rows go
 * in in one transaction (all or nothing), every table's count is checked against the file, sequences continue
 * where they were; then the migrations newer than the backup run.
 */
export async function restoreBackup(
  file: string,
  url: string,
  log: (msg: string) => void = () => undefined,
): Promise<RestoreSummary> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  const next = async (): Promise<string | undefined> => {
    const r = await iterator.next();
    return r.done ? undefined : r.value;
  };
  try {
    const first = await next();
    if (first === undefined) throw new BackupFormatError('the backup file is empty');
    const header = parseHeader(first);
    checkMigrations(header.migrations);

    const client = new Client({ connectionString: url, application_name: 'fasttrack-restore' });
    await client.connect();
    try {
      const existing = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
          WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p')`,
      );
      if (existing.rows[0].n > 0) {
        throw new RestoreRefused('the target database is not empty: restore goes into an empty database only');
      }
      log(`creating the schema of the backup (${header.migrations.length} migrations)`);
      await migrate(url, header.migrations);

      await client.query('BEGIN');
      const counts: Record<string, number> = {};
      let current: { table: string; columns: string[]; filledByTriggers: boolean; rows: string[] } | null = null;
      const flush = async () => {
        if (!current || !current.rows.length) return;
        const cols = current.columns.map((c) => `"${c}"`).join(', ');
        await client.query(
          `INSERT INTO "${current.table}" (${cols}) OVERRIDING SYSTEM VALUE
           SELECT ${cols} FROM jsonb_populate_recordset(NULL::"${current.table}", $1::jsonb)`,
          [`[${current.rows.join(',')}]`],
        );
        current.rows = [];
      };
      let complete: Extract<ControlLine, { kind: 'complete' }> | null = null;
      for (let line = await next(); line !== undefined; line = await next()) {
        if (!line.startsWith(CONTROL_PREFIX)) {
          if (!current) throw new BackupFormatError('a row outside any table in the backup file');
          if (current.filledByTriggers) continue;
          current.rows.push(line);
          if (current.rows.length >= INSERT_ROWS) await flush();
          continue;
        }
        const control = parseControl(line);
        if (control.kind === 'table') {
          if (
            !NAME.test(control.table) ||
            !header.tables.includes(control.table) ||
            !control.columns.every((c) => NAME.test(c))
          ) {
            throw new BackupFormatError(`an unexpected table in the backup file: ${control.table}`);
          }
          // A derived table was filled by triggers as the tables before it went in; its count is checked below.
          current = { table: control.table, columns: control.columns, filledByTriggers: control.derived, rows: [] };
          // Rows already there came from the restore's own inserts through triggers (a queue or register) or from
          // a migration that seeds reference data (e.g. certificate number formats, which an admin may change
          // later): the backup's rows replace them. Tables referencing this one are still empty (restore order).
          if (!control.derived) await client.query(`DELETE FROM "${control.table}"`);
        } else if (control.kind === 'end') {
          await flush();
          counts[control.table] = control.rows;
          current = null;
        } else {
          complete = control;
        }
      }
      if (!complete) throw new BackupFormatError('the backup file is incomplete (it ends before its last line)');
      for (const table of header.tables) {
        const n = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`)).rows[0].n;
        if (n !== complete.counts[table]) {
          throw new RestoreRefused(
            `table ${table}: ${n} rows after the restore, ${complete.counts[table]} in the backup`,
          );
        }
      }
      for (const [name, nextValue] of Object.entries(header.sequences)) {
        if (!NAME.test(name)) throw new BackupFormatError(`an unexpected sequence in the backup file: ${name}`);
        await client.query('SELECT setval($1::regclass, $2, false)', [`public."${name}"`, nextValue]);
      }
      await client.query('COMMIT');
      log(`restored ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${header.tables.length} tables`);
      const migratedAfter = await migrate(url);
      const signedBy = await client.query<{ key_id: string }>(
        'SELECT DISTINCT key_id FROM audit_signed_head ORDER BY key_id',
      );
      return {
        counts,
        migratedAfter,
        createdAt: header.createdAt,
        signedByKeyIds: signedBy.rows.map((r) => r.key_id),
      };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await client.end();
    }
  } finally {
    lines.close();
  }
}

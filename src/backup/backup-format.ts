/**
 * The backup file: gzip'd lines. The first line is the header; then, for each table in restore order, a `#table`
 * line, one line per row (the row as PostgreSQL's to_jsonb writes it, so every type comes back exactly through
 * jsonb_populate_recordset; none for a table that triggers fill), and a `#end` line with the count; the last line is `#complete` with every count, so a
 * truncated file is refused instead of restored in part.
 */
export const BACKUP_FORMAT = 'fasttrack-permits-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** Migrations applied to the database the backup was taken from, in order: the schema to restore into. */
  migrations: string[];
  /** Tables in the order they are written and restored. */
  tables: string[];
  /** Every sequence's next value (`nextval` answers it after a restore). */
  sequences: Record<string, number>;
}

export type ControlLine =
  /** `derived`: filled by triggers from tables before it; no rows follow, the restore checks the count only. */
  | { kind: 'table'; table: string; columns: string[]; derived: boolean }
  | { kind: 'end'; table: string; rows: number }
  | { kind: 'complete'; counts: Record<string, number> };

export const CONTROL_PREFIX = '#';

export function controlLine(line: ControlLine): string {
  return `${CONTROL_PREFIX}${JSON.stringify(line)}`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isCounts = (v: unknown): v is Record<string, number> =>
  isRecord(v) && Object.values(v).every((n) => typeof n === 'number');

export class BackupFormatError extends Error {}

export function parseHeader(line: string): BackupHeader {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new BackupFormatError('not a backup file of this service (the first line is not its header)');
  }
  if (!isRecord(v) || v.format !== BACKUP_FORMAT) {
    throw new BackupFormatError('not a backup file of this service (no fasttrack-permits-backup header)');
  }
  if (v.version !== BACKUP_VERSION)
    throw new BackupFormatError(`backup format version ${String(v.version)} is not known`);
  if (!isStrings(v.migrations) || !isStrings(v.tables) || !isCounts(v.sequences) || typeof v.createdAt !== 'string') {
    throw new BackupFormatError('the backup header is damaged');
  }
  return {
    format: BACKUP_FORMAT,
    version: v.version,
    createdAt: v.createdAt,
    migrations: v.migrations,
    tables: v.tables,
    sequences: v.sequences,
  };
}

export function parseControl(line: string): ControlLine {
  let v: unknown;
  try {
    v = JSON.parse(line.slice(CONTROL_PREFIX.length));
  } catch {
    throw new BackupFormatError('a damaged line in the backup file');
  }
  if (isRecord(v) && v.kind === 'table' && typeof v.table === 'string' && isStrings(v.columns)) {
    return { kind: 'table', table: v.table, columns: v.columns, derived: v.derived === true };
  }
  if (isRecord(v) && v.kind === 'end' && typeof v.table === 'string' && typeof v.rows === 'number') {
    return { kind: 'end', table: v.table, rows: v.rows };
  }
  if (isRecord(v) && v.kind === 'complete' && isCounts(v.counts)) return { kind: 'complete', counts: v.counts };
  throw new BackupFormatError('a damaged line in the backup file');
}

import type { ClientBase } from 'pg';

/**
 * The application's tables in an order that restores: a table after the tables its foreign keys reference, and a
 * table that triggers fill after the tables whose triggers fill it. Trigger targets are read from the trigger
 * functions' source (`INSERT INTO name`). The migrations table is not data: the restore migrates.
 *
 * Of the tables triggers fill, only a derived index (REBUILT_BY_TRIGGERS) is not copied: the triggers rebuild it as
 * the restore inserts (project_name_bigram's rows may not even be valid text: it splits names byte-wise in a
 * SQL_ASCII cluster). Every other one is a record, not a function of its source rows — a work queue (a head to
 * sign, a notification to send: what was taken off must stay off) or a register (certificate and notice numbers
 * and verification codes, already printed on paper) — so it is copied as it was, and the restore replaces the rows
 * its own inserts made there with the backup's (`triggerFilled`).
 */
const REBUILT_BY_TRIGGERS: ReadonlySet<string> = new Set(['project_name_bigram']);

export interface RestoreOrder {
  tables: string[];
  /** Derived tables that triggers fill from other tables: rebuilt by the restore, not copied. */
  derived: Set<string>;
  /** Tables that triggers fill and that are copied as they were (see above). */
  triggerFilled: Set<string>;
}

export async function tablesInRestoreOrder(client: ClientBase, migrationsTable: string): Promise<RestoreOrder> {
  const tables = (
    await client.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> $1
        ORDER BY c.relname`,
      [migrationsTable],
    )
  ).rows.map((r) => r.name);
  const after = new Map<string, Set<string>>(tables.map((t) => [t, new Set<string>()]));
  const foreignKeys = await client.query<{ child: string; parent: string }>(
    `SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public'`,
  );
  for (const { child, parent } of foreignKeys.rows)
    if (child !== parent) after.get(unquote(child))?.add(unquote(parent));
  const triggers = await client.query<{ source_table: string; body: string }>(
    `SELECT t.tgrelid::regclass::text AS source_table, p.prosrc AS body
       FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE NOT t.tgisinternal`,
  );
  // A trigger function may insert through helper functions it calls (e.g. one numbering every notice kind): their
  // source counts as the trigger's, followed transitively.
  const functions = new Map(
    (
      await client.query<{ name: string; body: string }>(
        `SELECT p.proname AS name, p.prosrc AS body FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'public' AND p.prolang <> (SELECT oid FROM pg_language WHERE lanname = 'c')`,
      )
    ).rows.map((f) => [f.name.toLowerCase(), f.body]),
  );
  const withCallees = (body: string): string => {
    const seen = new Set<string>();
    const sources = [body];
    for (let i = 0; i < sources.length; i++) {
      for (const m of sources[i].matchAll(/([a-z_][a-z0-9_]*)\s*\(/gi)) {
        const name = m[1].toLowerCase();
        const callee = functions.get(name);
        if (callee !== undefined && !seen.has(name)) {
          seen.add(name);
          sources.push(callee);
        }
      }
    }
    return sources.join('\n');
  };
  const derived = new Set<string>();
  const triggerFilled = new Set<string>();
  for (const { source_table, body } of triggers.rows) {
    for (const m of withCallees(body).matchAll(/INSERT\s+INTO\s+"?([a-z_][a-z0-9_]*)"?/gi)) {
      const target = m[1].toLowerCase();
      if (target === unquote(source_table) || !after.has(target)) continue;
      after.get(target)?.add(unquote(source_table));
      (REBUILT_BY_TRIGGERS.has(target) ? derived : triggerFilled).add(target);
    }
  }
  const ordered: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: string, path: string[]) => {
    if (state.get(t) === 'done') return;
    if (state.get(t) === 'visiting')
      throw new Error(`tables depend on each other in a cycle: ${[...path, t].join(' → ')}`);
    state.set(t, 'visiting');
    for (const before of [...(after.get(t) ?? [])].sort()) if (after.has(before)) visit(before, [...path, t]);
    state.set(t, 'done');
    ordered.push(t);
  };
  for (const t of tables) visit(t, []);
  return { tables: ordered, derived, triggerFilled };
}

function unquote(name: string): string {
  return name.replace(/^public\./, '').replace(/^"(.*)"$/, '$1');
}

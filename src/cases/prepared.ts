import type { PoolClient } from 'pg';
import { type EntityManager, QueryFailedError } from 'typeorm';

/**
 * A hot-path statement as a named prepared statement on the transaction's own connection: PostgreSQL parses
 * and plans it once per connection instead of once per command (unnamed statements cost more database CPU
 * than their execution: git log of docs/benchmarks.md). Outside a transaction it is an ordinary query. Errors keep
 * TypeORM's shape (QueryFailedError with the driver error) so retry and error mapping stay the same.
 */
/** Rows as node-postgres returns them: the callers know their columns. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Row = Record<string, any>;

export async function prepared<T = Row>(m: EntityManager, name: string, text: string, values: unknown[]): Promise<T[]> {
  const runner = m.queryRunner;
  if (!runner || runner.isReleased) return (await m.query(text, values)) as T[];
  const client = (await runner.connect()) as PoolClient;
  try {
    return (await client.query({ name, text, values })).rows as T[];
  } catch (e) {
    throw new QueryFailedError(text, values, e as Error);
  }
}

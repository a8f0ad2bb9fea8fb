import { Client } from 'pg';
import { databaseUrl, dropDatabase } from '../src/database/database-admin';
import { encodingAdvice } from '../src/database/embedded-postgres';
import { createTestDatabase } from './support/test-database';

/**
 * Embedded clusters are created UTF8, collation C, character classes C.UTF-8 (the test run's own cluster is one: test/setup/global-setup.ts
 * starts it through startEmbeddedPostgres). A database left SQL_ASCII by an older version keeps working and
 * gets advice on how to move, in Chinese and English.
 */
const serverUrl = () => process.env.TEST_PG_SERVER_URL!;

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

describe('embedded PostgreSQL encoding', () => {
  const embedded = !!process.env.TEST_PG_DATA_DIR;
  const legacy = `legacy_ascii_${process.pid}`;
  afterAll(() => dropDatabase(serverUrl(), legacy));

  (embedded ? it : it.skip)('a new cluster is UTF8, collation C, character classes C.UTF-8', async () => {
    const rows = await query<{ encoding: string; collate: string; ctype: string }>(
      databaseUrl(serverUrl(), 'postgres'),
      `SELECT pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, datctype AS ctype
         FROM pg_database WHERE datname = 'template1'`,
    );
    expect(rows).toEqual([{ encoding: 'UTF8', collate: 'C', ctype: 'C.UTF-8' }]);
    // Text is characters now: SQL_ASCII counted 6 bytes here, and its bigrams of a name were byte pairs.
    const [{ n }] = await query<{ n: number }>(databaseUrl(serverUrl(), 'postgres'), `SELECT length('铜箔') AS n`);
    expect(n).toBe(2);
  });

  it('the trigram index sees Chinese names (under ctype C pg_trgm finds no trigram in 汉字)', async () => {
    const db = await createTestDatabase();
    try {
      const [{ grams }] = await query<{ grams: string[] }>(db.url, `SELECT show_trgm('铜箔新材料项目') AS grams`);
      expect(grams.length).toBeGreaterThan(0);
    } finally {
      await db.drop();
    }
  });

  it('a UTF8 database gets no advice; a SQL_ASCII one is told how to move (backup, move aside, restore)', async () => {
    expect(await encodingAdvice(databaseUrl(serverUrl(), 'postgres'), '/data/pg')).toBeNull();
    await query(
      databaseUrl(serverUrl(), 'postgres'),
      `CREATE DATABASE ${legacy} TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
    const advice = await encodingAdvice(databaseUrl(serverUrl(), legacy), '/data/pg');
    expect(advice).toContain('SQL_ASCII');
    expect(advice).toContain('/data/pg');
    expect(advice).toMatch(/迁移为 UTF8.*npm run backup.*npm run restore/);
    expect(advice).toMatch(/To move it to UTF8: npm run backup.*npm run restore/);
  });
});

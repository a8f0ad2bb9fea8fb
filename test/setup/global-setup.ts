/* Starts one PostgreSQL for the whole run (embedded, or the server of DATABASE_URL), migrates a template
 * database once, and tells the test files where it is. Each test file then clones its own database. */
import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createDatabase, dropDatabase } from '../../src/database/database-admin';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { typeormOptions } from '../../src/database/typeorm-options';

export const TEMPLATE_DB = `test_template_${process.pid}`;

export default async function globalSetup(): Promise<void> {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = mkdtempSync(join(tmpdir(), 'permits-test-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir });
    (globalThis as Record<string, unknown>).__EMBEDDED_PG__ = pg;
    serverUrl = pg.url;
    process.env.TEST_PG_DATA_DIR = dataDir;
  }
  await dropDatabase(serverUrl, TEMPLATE_DB);
  const templateUrl = await createDatabase(serverUrl, TEMPLATE_DB);
  const ds = await new DataSource(typeormOptions(templateUrl, { poolSize: 1 })).initialize();
  await ds.runMigrations();
  await ds.destroy();
  process.env.TEST_PG_SERVER_URL = serverUrl;
  process.env.TEST_PG_TEMPLATE = TEMPLATE_DB;
}

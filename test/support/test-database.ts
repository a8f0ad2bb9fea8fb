import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase } from '../../src/database/database-admin';

/** A database of this test file's own, cloned from the migrated template (fast: no migrations per file). */
export async function createTestDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const server = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  if (!server || !template) throw new Error('e2e tests need jest globalSetup (npm test)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const url = await createDatabase(server, name, template);
  return { url, name, drop: () => dropDatabase(server, name) };
}

export function serverUrl(): string {
  const server = process.env.TEST_PG_SERVER_URL;
  if (!server) throw new Error('e2e tests need jest globalSetup (npm test)');
  return server;
}

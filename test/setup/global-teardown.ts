import { rmSync } from 'node:fs';
import { dropDatabase } from '../../src/database/database-admin';

export default async function globalTeardown(): Promise<void> {
  const serverUrl = process.env.TEST_PG_SERVER_URL;
  const template = process.env.TEST_PG_TEMPLATE;
  const pg = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as { stop(): Promise<void> } | undefined;
  if (pg) {
    await pg.stop();
    if (process.env.TEST_PG_DATA_DIR) rmSync(process.env.TEST_PG_DATA_DIR, { recursive: true, force: true });
  } else if (serverUrl && template) {
    await dropDatabase(serverUrl, template);
  }
}

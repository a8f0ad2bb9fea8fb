import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { App } from 'supertest/types';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/app-config';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The METRICS_TOKEN of every test app: /metrics answers only with it (or an administrator's token). */
export const TEST_METRICS_TOKEN = 'test-metrics-token-test-metrics-token-01';
export const METRICS_AUTH = `Bearer ${TEST_METRICS_TOKEN}`;

/** The real application on a database of its own, as `npm start` builds it. */
export async function startTestApp(
  env: Record<string, string> = {},
  existing?: { url: string; drop(): Promise<void> },
): Promise<TestApp> {
  const db = existing ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    SCHEDULER_ENABLED: 'false',
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    // One signing key for the whole run (created by the first app), outside the repository's .data folder.
    SIGNING_KEY_FILE: join(tmpdir(), 'fasttrack-test-signing-key.pem'),
    ...env,
  });
  const app = await createApp(config, db.url);
  await app.init();
  const server = app.getHttpServer() as App;
  return {
    app,
    http: () => request(server),
    dataSource: app.get(DataSource),
    databaseUrl: db.url,
    async close() {
      await app.close();
      if (!existing) await db.drop();
    },
  };
}

import type { AppConfig } from '../config/app-config';
import { databaseUrl, ensureDatabase } from './database-admin';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'permits';

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
  /** True when this start created the embedded cluster (first run). */
  fresh: boolean;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR with the `permits` database. */
export async function resolveDatabase(
  config: AppConfig,
  log: (msg: string) => void = () => undefined,
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: null, fresh: false, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: `${config.DATA_DIR}/pg`, log });
  try {
    const created = await ensureDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
    return {
      url: databaseUrl(embedded.url, EMBEDDED_DATABASE_NAME),
      embedded,
      fresh: embedded.created || created,
      stop: () => embedded.stop(),
    };
  } catch (e) {
    await embedded.stop();
    throw e;
  }
}

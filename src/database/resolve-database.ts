import type { AppConfig } from '../config/app-config';
import { acquireDataDirLock } from './data-dir-lock';
import { databaseUrl, ensureDatabase } from './database-admin';
import {
  type EmbeddedDatabase,
  encodingAdvice,
  startEmbeddedPostgres,
  type SupervisionOptions,
} from './embedded-postgres';

export const EMBEDDED_DATABASE_NAME = 'permits';

export interface ResolvedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
  /** True when this start created the embedded cluster (first run). */
  fresh: boolean;
  stop(): Promise<void>;
}

export interface ResolveOptions {
  /** Who holds DATA_DIR while this runs: the service (with its HTTP port) or a tool (backup, migrate). */
  role?: string;
  /** Restart a dead embedded PostgreSQL (the service); tools leave it unsupervised. */
  supervise?: SupervisionOptions;
}

/**
 * DATABASE_URL when set; otherwise the embedded PostgreSQL in DATA_DIR with the `permits` database, after taking
 * DATA_DIR for this process (a second service on the same folder is refused, never allowed to stop the first).
 */
export async function resolveDatabase(
  config: AppConfig,
  log: (msg: string) => void = () => undefined,
  options: ResolveOptions = {},
): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) {
    return { url: config.DATABASE_URL, embedded: null, fresh: false, stop: async () => undefined };
  }
  const role = options.role ?? 'service';
  const lock = acquireDataDirLock(config.DATA_DIR, { port: role === 'service' ? config.PORT : null, role });
  let embedded: EmbeddedDatabase | undefined;
  try {
    embedded = await startEmbeddedPostgres({ dataDir: `${config.DATA_DIR}/pg`, log, supervise: options.supervise });
    lock.setPgPort(embedded.port);
    const created = await ensureDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
    const url = databaseUrl(embedded.url, EMBEDDED_DATABASE_NAME);
    // Once per start of the service (the tools run beside it or on its behalf and would only repeat it).
    const advice = role === 'service' ? await encodingAdvice(url, `${config.DATA_DIR}/pg`) : null;
    if (advice) log(advice);
    const running = embedded;
    return {
      url,
      embedded,
      fresh: embedded.created || created,
      stop: async () => {
        try {
          await running.stop();
        } finally {
          lock.release();
        }
      },
    };
  } catch (e) {
    await embedded?.stop();
    lock.release();
    throw e;
  }
}

import type { AppConfig } from '../config/app-config';
import { dataDirOwner } from './data-dir-lock';
import { databaseUrl } from './database-admin';
import { EMBEDDED_DATABASE_NAME, resolveDatabase } from './resolve-database';

export interface ToolDatabase {
  url: string;
  /** How the tool reached it, for its output. */
  via: 'DATABASE_URL' | 'running service' | 'embedded (started for this tool)';
  stop(): Promise<void>;
}

/**
 * The database an administrator's tool (create-admin, backup) works on: DATABASE_URL when set; with the embedded
 * default, the PostgreSQL of the service running on DATA_DIR (its lock file names the port; the service goes on
 * serving), or, when no service runs, the embedded PostgreSQL started for the tool and stopped after it.
 */
export async function openToolDatabase(
  config: AppConfig,
  role: string,
  log: (msg: string) => void = () => undefined,
): Promise<ToolDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, via: 'DATABASE_URL', stop: async () => undefined };
  const owner = dataDirOwner(config.DATA_DIR);
  if (owner?.pgPort) {
    const server = `postgres://postgres:postgres@127.0.0.1:${owner.pgPort}/postgres`;
    return {
      url: databaseUrl(server, EMBEDDED_DATABASE_NAME),
      via: 'running service',
      stop: async () => undefined,
    };
  }
  const db = await resolveDatabase(config, log, { role });
  return { url: db.url, via: 'embedded (started for this tool)', stop: () => db.stop() };
}

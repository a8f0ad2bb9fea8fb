import type { DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** The one place TypeORM is configured: schema only through migrations, never `synchronize`. */
export function typeormOptions(
  url: string,
  extra: { poolSize?: number; statementTimeoutMs?: number; applicationName?: string } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: {
      max: extra.poolSize ?? 10,
      application_name: extra.applicationName ?? 'fasttrack-permits',
      statement_timeout: extra.statementTimeoutMs ?? 10000,
      connectionTimeoutMillis: 5000,
    },
  };
}

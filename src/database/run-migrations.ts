import { DataSource } from 'typeorm';
import { typeormOptions } from './typeorm-options';

/** Applies the pending migrations (each in its own transaction); answers the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = await new DataSource(
    typeormOptions(url, { poolSize: 2, applicationName: 'fasttrack-migrate' }),
  ).initialize();
  try {
    return (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}

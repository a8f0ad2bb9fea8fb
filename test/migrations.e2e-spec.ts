import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { pendingSchemaChanges } from '../src/database/schema-drift';
import { typeormOptions } from '../src/database/typeorm-options';
import { createTestDatabase } from './support/test-database';

@Entity('drift_probe')
class DriftProbe {
  @PrimaryColumn('int') id: number;
  @Column('text') label: string;
}

describe('migration:check (entities and migrations cannot drift)', () => {
  it('a migrated database matches the entities', async () => {
    const db = await createTestDatabase();
    const ds = await new DataSource(typeormOptions(db.url, { poolSize: 1 })).initialize();
    try {
      expect(await pendingSchemaChanges(ds)).toEqual({ up: [], down: [] });
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('an entity without a migration is detected', async () => {
    const db = await createTestDatabase();
    const ds = await new DataSource({
      ...typeormOptions(db.url, { poolSize: 1 }),
      entities: [...ENTITIES, DriftProbe],
    }).initialize();
    try {
      const { up } = await pendingSchemaChanges(ds);
      expect(up.join('\n')).toMatch(/CREATE TABLE "drift_probe"/);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });

  it('synchronize is off everywhere', () => {
    expect(typeormOptions('postgres://x/y').synchronize).toBe(false);
    expect(typeormOptions('postgres://x/y').migrationsRun).toBe(false);
  });
});

import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { ProjectNameGrams1795714760946 } from '../src/database/migrations/1795714760946-ProjectNameGrams';
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

  it('ProjectNameGrams: down drops the gram function and its index, up restores them', async () => {
    const db = await createTestDatabase();
    const ds = await new DataSource(typeormOptions(db.url, { poolSize: 2 })).initialize();
    const qr = ds.createQueryRunner();
    const present = async () =>
      (
        await qr.query(
          `SELECT to_regprocedure('project_name_grams(text)') IS NOT NULL AS fn,
                  EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'ix_project_name_grams') AS ix`,
        )
      )[0];
    try {
      await qr.query(`INSERT INTO project (id, code, name, enterprise_id, category, details)
                      VALUES (gen_random_uuid(), 'G-1', 'Ab铜箔', 'ent', 'socialInvestment', '{}')`);
      expect(await present()).toEqual({ fn: true, ix: true });
      await new ProjectNameGrams1795714760946().down(qr);
      expect(await present()).toEqual({ fn: false, ix: false });
      await new ProjectNameGrams1795714760946().up(qr);
      expect(await present()).toEqual({ fn: true, ix: true });
      const [{ grams }] = await qr.query(`SELECT project_name_grams(name) AS grams FROM project WHERE code = 'G-1'`);
      expect([...new Set(grams)].sort()).toEqual(['a', 'ab', 'b', 'b铜', '箔', '铜', '铜箔'].sort());
      expect((await qr.query(`SELECT project_name_grams('') AS g, project_name_grams(NULL) AS n`))[0]).toEqual({
        g: [],
        n: null,
      });
      expect(await pendingSchemaChanges(ds)).toEqual({ up: [], down: [] });
    } finally {
      await qr.release();
      await ds.destroy();
      await db.drop();
    }
  });

  it('synchronize is off everywhere', () => {
    expect(typeormOptions('postgres://x/y').synchronize).toBe(false);
    expect(typeormOptions('postgres://x/y').migrationsRun).toBe(false);
  });
});

import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryColumn } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { ProjectCreatedCover1795728886049 } from '../src/database/migrations/1795728886049-ProjectCreatedCover';
import { ProjectNameGrams1795714760946 } from '../src/database/migrations/1795714760946-ProjectNameGrams';
import { pendingSchemaChanges } from '../src/database/schema-drift';
import { typeormOptions } from '../src/database/typeorm-options';
import { createTestDatabase } from './support/test-database';
import { nameFilterSql, windowPageSql } from '../src/projects/projects.repository';

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

  it('ProjectCreatedCover: the newest-first index carries name and enterprise; down restores the plain one', async () => {
    const db = await createTestDatabase();
    const ds = await new DataSource(typeormOptions(db.url, { poolSize: 2 })).initialize();
    const qr = ds.createQueryRunner();
    const indexes = async () =>
      (
        await qr.query(
          `SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_project_created%' ORDER BY indexname`,
        )
      ).map((r: { indexname: string; indexdef: string }) => `${r.indexname}: ${r.indexdef.replace(/^.* USING /, '')}`);
    try {
      expect(await indexes()).toEqual([
        'ix_project_created_cover: btree (created_at, id) INCLUDE (name, enterprise_id)',
      ]);
      // the newest-first window of a search reads the index alone
      await qr.query(`INSERT INTO project (id, code, name, enterprise_id, category, details, created_at)
                      SELECT gen_random_uuid(), 'W-' || g, '窗口' || g, 'ent', 'socialInvestment', '{}',
                             now() - g * interval '1 minute' FROM generate_series(1, 2000) g`);
      await qr.query('VACUUM ANALYZE project');
      const plan = (
        await qr.query(`EXPLAIN ${windowPageSql(500, [nameFilterSql('窗口1', (v) => `'${String(v)}'`)], 'LIMIT 20')}`)
      )
        .map((r: Record<string, string>) => r['QUERY PLAN'])
        .join('\n');
      expect(plan).toContain('Index Only Scan Backward using ix_project_created_cover');
      await new ProjectCreatedCover1795728886049().down(qr);
      expect(await indexes()).toEqual(['ix_project_created: btree (created_at, id)']);
      await new ProjectCreatedCover1795728886049().up(qr);
      expect(await indexes()).toEqual([
        'ix_project_created_cover: btree (created_at, id) INCLUDE (name, enterprise_id)',
      ]);
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

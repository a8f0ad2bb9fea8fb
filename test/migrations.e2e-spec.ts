import 'reflect-metadata';
import { Column, DataSource, Entity, PrimaryColumn, type DataSourceOptions, type QueryRunner } from 'typeorm';
import { ENTITIES } from '../src/database/entities';
import { ProjectCreatedCover1795728886049 } from '../src/database/migrations/1795728886049-ProjectCreatedCover';
import { ProjectNameBigrams1795732646830 } from '../src/database/migrations/1795732646830-ProjectNameBigrams';
import { ProjectNameGrams1795714760946 } from '../src/database/migrations/1795714760946-ProjectNameGrams';
import { TimerAt1795820000000 } from '../src/database/migrations/1795820000000-TimerAt';
import { pendingSchemaChanges } from '../src/database/schema-drift';
import { typeormOptions } from '../src/database/typeorm-options';
import { createTestDatabase } from './support/test-database';
import {
  bigramWindowPageSql,
  nameFilterSql,
  readBigramStatistics,
  windowPageSql,
} from '../src/projects/projects.repository';

@Entity('drift_probe')
class DriftProbe {
  @PrimaryColumn('int') id: number;
  @Column('text') label: string;
}

/** A migrated test database of its own, a DataSource on it and a query runner; released and dropped afterwards. */
async function withDatabase(
  fn: (qr: QueryRunner, ds: DataSource) => Promise<void>,
  options: Partial<DataSourceOptions> = {},
): Promise<void> {
  const db = await createTestDatabase();
  const ds = await new DataSource({
    ...typeormOptions(db.url, { poolSize: 2 }),
    ...options,
  } as DataSourceOptions).initialize();
  const qr = ds.createQueryRunner();
  try {
    await fn(qr, ds);
  } finally {
    await qr.release();
    await ds.destroy();
    await db.drop();
  }
}

describe('migration:check (entities and migrations cannot drift)', () => {
  it('a migrated database matches the entities', () =>
    withDatabase(async (_qr, ds) => {
      expect(await pendingSchemaChanges(ds)).toEqual({ up: [], down: [] });
    }));

  it('an entity without a migration is detected', () =>
    withDatabase(
      async (_qr, ds) => {
        const { up } = await pendingSchemaChanges(ds);
        expect(up.join('\n')).toMatch(/CREATE TABLE "drift_probe"/);
      },
      { entities: [...ENTITIES, DriftProbe] },
    ));

  it('ProjectNameGrams: down drops the gram function and its index, up restores them', () =>
    withDatabase(async (qr, ds) => {
      const present = async () =>
        (
          await qr.query(
            `SELECT to_regprocedure('project_name_grams(text)') IS NOT NULL AS fn,
                  EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'ix_project_name_grams') AS ix`,
          )
        )[0];
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
    }));

  it('ProjectCreatedCover: the newest-first index carries name and enterprise; down restores the plain one', () =>
    withDatabase(async (qr, ds) => {
      const indexes = async () =>
        (
          await qr.query(
            `SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE 'ix_project_created%' ORDER BY indexname`,
          )
        ).map(
          (r: { indexname: string; indexdef: string }) => `${r.indexname}: ${r.indexdef.replace(/^.* USING /, '')}`,
        );
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
    }));

  it('ProjectNameBigrams: the bigram lists follow every insert, rename, move in time, delete and truncate; down/up', () =>
    withDatabase(async (qr, ds) => {
      // the lists as they are, against the bigrams of the names as they are, computed here
      const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      const lists = async (): Promise<string[]> =>
        (
          await qr.query(
            `SELECT p.code, b.gram, b.created_at = p.created_at AS same_time
             FROM project_name_bigram b LEFT JOIN project p ON p.id = b.project_id`,
          )
        )
          .map((r: { code: string | null; gram: string; same_time: boolean }) => `${r.code}:${r.gram}:${r.same_time}`)
          .sort(byCodePoint);
      const expected = async () => {
        const rows: { code: string; name: string }[] = await qr.query('SELECT code, name FROM project ORDER BY code');
        const out: string[] = [];
        for (const { code, name } of rows) {
          const chars = [...name.toLowerCase()];
          const grams = new Set(chars.slice(1).map((c, i) => chars[i] + c));
          out.push(...[...grams].map((g) => `${code}:${g}:true`));
        }
        return out.sort(byCodePoint);
      };
      const insert = (code: string, name: string) =>
        qr.query(
          `INSERT INTO project (id, code, name, enterprise_id, category, details) VALUES (gen_random_uuid(), $1, $2, 'ent', 'socialInvestment', '{}')`,
          [code, name],
        );
      await insert('B-1', '铜箔铜箔Ab');
      await insert('B-2', '专用车');
      expect(await lists()).toEqual(await expected());
      expect(await lists()).toContain('B-1:铜箔:true'); // once, although twice in the name
      expect((await lists()).filter((l) => l.startsWith('B-1:'))).toHaveLength(4); // 铜箔 箔铜 箔a ab
      // a bulk insert is one statement (the trigger is per statement)
      await qr.query(`INSERT INTO project (id, code, name, enterprise_id, category, details)
                      SELECT gen_random_uuid(), 'B-' || g, '批量' || g, 'ent', 'socialInvestment', '{}' FROM generate_series(3, 40) g`);
      await qr.query(`UPDATE project SET name = '专用车改装' WHERE code = 'B-2'`);
      await qr.query(`UPDATE project SET created_at = created_at - interval '1 day' WHERE code = 'B-1'`);
      await qr.query(`UPDATE project SET details = '{"x":1}', name = name WHERE code LIKE 'B-3%'`);
      await qr.query(`DELETE FROM project WHERE code = 'B-4'`);
      expect(await lists()).toEqual(await expected());
      // the statistics a search picks its bigram by, read back whole (quotes, commas and braces included)
      await qr.query(`INSERT INTO project (id, code, name, enterprise_id, category, details)
                      SELECT gen_random_uuid(), 'Q-' || g, '{"a,b"}', 'ent', 'socialInvestment', '{}' FROM generate_series(1, 40) g`);
      await qr.query('ANALYZE project_name_bigram');
      const { frequency, entries } = await readBigramStatistics((sql, params) => qr.query(sql, params));
      expect(entries).toBe((await lists()).length);
      expect(frequency.get('批量')).toBeCloseTo(37 / entries, 5);
      for (const g of ['{"', '"a', 'a,', ',b', 'b"', '"}'])
        expect([g, frequency.get(g)]).toEqual([g, expect.any(Number)]);
      expect(
        (
          await qr.query(
            `SELECT attstattarget FROM pg_attribute WHERE attrelid = 'project_name_bigram'::regclass AND attname = 'gram'`,
          )
        )[0].attstattarget,
      ).toBe(1000);
      // the walk reads the list newest first by its key and the project rows by theirs, and stops at the page
      await qr.query(`INSERT INTO project (id, code, name, enterprise_id, category, details, created_at)
                      SELECT gen_random_uuid(), 'W-' || g, '走查' || g, 'ent', 'socialInvestment', '{}',
                             now() - g * interval '1 minute' FROM generate_series(1, 3000) g`);
      await qr.query('VACUUM ANALYZE project, project_name_bigram');
      const walkPlan = (
        await qr.query(
          `EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ${bigramWindowPageSql(500, '$1', '$2', [nameFilterSql('走查', () => '$2')], 'LIMIT 20')}`,
          ['走查', '走查'],
        )
      )
        .map((r: Record<string, string>) => r['QUERY PLAN'])
        .join('\n');
      expect(walkPlan).toMatch(
        /Index Only Scan Backward using pk_project_name_bigram on project_name_bigram b \(actual rows=20 /,
      );
      expect(walkPlan).toMatch(/Index Scan using "PK_\w+" on project \(actual rows=1 loops=20\)/);
      // a gram that is not a bigram of lower(term) finds nothing (rather than a wrong page)
      const walk = (gram: string, term: string) =>
        qr.query(bigramWindowPageSql(500, '$1', '$2', [nameFilterSql(term, () => '$2')], 'LIMIT 20'), [gram, term]);
      expect(await walk('改装', '改装')).toHaveLength(1);
      expect(await walk('改装', '专用车改装')).toHaveLength(1);
      expect(await walk('用车', '改装')).toHaveLength(0);
      await new ProjectNameBigrams1795732646830().down(qr);
      expect((await qr.query(`SELECT to_regclass('project_name_bigram') AS t`))[0].t).toBeNull();
      await insert('B-99', '下线期间');
      await new ProjectNameBigrams1795732646830().up(qr); // fills the lists from the projects
      expect(await lists()).toEqual(await expected());
      await qr.query('TRUNCATE project CASCADE');
      expect(await lists()).toEqual([]);
      expect(await pendingSchemaChanges(ds)).toEqual({ up: [], down: [] });
    }));

  it('TimerAt: pending timers written before get their `at` from their keys; down/up', () =>
    withDatabase(async (qr, ds) => {
      await new TimerAt1795820000000().down(qr);
      const instanceId = '00000000-0000-4000-8000-000000000001';
      const deadline = { kind: 'k', label: 'l', startedAt: '2026-01-05T02:00:00.000Z', amount: 5, unit: 'workingDays' };
      await qr.query(
        `INSERT INTO workflow_timer (instance_id, timer_key, due_at, event, deadline, status)
         SELECT $1, k, now(), '{"type": "X"}', CASE WHEN k = 'legacy:nodeadline' THEN NULL ELSE $2::jsonb END,
                CASE WHEN k = 'old:due' THEN 'fired' ELSE 'pending' END
           FROM unnest(ARRAY['promised:due', 'promised:warning', 'tolerance:reminder', 'something:else',
                             'legacy:nodeadline', 'old:due']) AS k`,
        [instanceId, JSON.stringify(deadline)],
      );
      await new TimerAt1795820000000().up(qr);
      const rows = await qr.query('SELECT timer_key, at FROM workflow_timer ORDER BY timer_key');
      expect(rows.map((r: { timer_key: string; at: unknown }) => [r.timer_key, r.at])).toEqual([
        ['legacy:nodeadline', null],
        ['old:due', null],
        ['promised:due', 'due'],
        ['promised:warning', 'warning'],
        ['something:else', null],
        ['tolerance:reminder', { reminderWorkingDaysBefore: 2 }],
      ]);
      expect((await qr.query(`SELECT to_regclass('calendar_applied') AS t`))[0].t).toBe('calendar_applied');
      expect(await pendingSchemaChanges(ds)).toEqual({ up: [], down: [] });
    }));

  it('synchronize is off everywhere', () => {
    expect(typeormOptions('postgres://x/y').synchronize).toBe(false);
    expect(typeormOptions('postgres://x/y').migrationsRun).toBe(false);
  });
});

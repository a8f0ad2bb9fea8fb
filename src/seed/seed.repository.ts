import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** SQL of the demo seed: its lock, whether the database is fresh, and the demo rows it looks up. */
@Injectable()
export class SeedRepository {
  /** Holds `key` until the transaction ends: whoever holds it seeds, others wait. */
  async lock(m: EntityManager, key: string): Promise<void> {
    await m.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  }

  async anyProject(m: EntityManager): Promise<boolean> {
    return (await m.query('SELECT 1 FROM project LIMIT 1')).length > 0;
  }

  /** The seeded demo projects: demo key → project id. */
  async demoProjectIds(m: EntityManager): Promise<Record<string, string>> {
    const rows: { id: string; demo: string }[] = await m.query(
      `SELECT id, details->>'demo' AS demo FROM project WHERE details ? 'demo' ORDER BY created_at`,
    );
    return Object.fromEntries(rows.map((r) => [r.demo, r.id]));
  }

  /** One active clerk per department (the first by username): department → user id. */
  async clerkPerDepartment(m: EntityManager): Promise<Map<string, string>> {
    const rows: { department: string; id: string }[] = await m.query(
      `SELECT DISTINCT ON (department) department, id FROM app_user
        WHERE role = 'clerk' AND active ORDER BY department, username`,
    );
    return new Map(rows.map((r) => [r.department, r.id]));
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** What is versioned: the form it is edited through. */
export type EditKind = 'milestones' | 'team' | 'user' | 'calendar-year';

/** SQL of edit_version. */
@Injectable()
export class EditVersionRepository {
  /** The current version; 0 for what was never written through a versioned edit. */
  async current(m: EntityManager, kind: EditKind, key: string): Promise<number> {
    const rows = await m.query(`SELECT version FROM edit_version WHERE kind = $1 AND key = $2`, [kind, key]);
    return rows[0]?.version ?? 0;
  }

  /** The current versions of many keys (absent keys: 0). */
  async currentMany(m: EntityManager, kind: EditKind, keys: string[]): Promise<Map<string, number>> {
    const rows: { key: string; version: number }[] = await m.query(
      `SELECT key, version FROM edit_version WHERE kind = $1 AND key = ANY($2::text[])`,
      [kind, keys],
    );
    return new Map(rows.map((r) => [r.key, r.version]));
  }

  /**
   * Moves the version on, if it still is `expected` (any version when undefined): the new version, or null when it
   * moved since. The UPDATE locks the row until the caller's transaction ends, so of two writers holding the same
   * version the second re-reads the first's committed version and gets null.
   */
  async advance(m: EntityManager, kind: EditKind, key: string, expected: number | undefined): Promise<number | null> {
    await m.query(`INSERT INTO edit_version (kind, key, version) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`, [
      kind,
      key,
    ]);
    // An UPDATE answers [rows, affected count] through TypeORM's query().
    const [rows]: [{ version: number }[], number] = await m.query(
      `UPDATE edit_version SET version = version + 1
        WHERE kind = $1 AND key = $2 AND ($3::integer IS NULL OR version = $3::integer)
        RETURNING version`,
      [kind, key, expected ?? null],
    );
    return rows[0]?.version ?? null;
  }
}

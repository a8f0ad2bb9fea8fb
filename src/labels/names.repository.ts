import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/** People's and enterprises' display names by id, for answers that name who did what. */
@Injectable()
export class NamesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Display names of users by id; ids that are no user's (or not UUIDs) are simply absent. */
  async userNames(ids: string[]): Promise<Map<string, string>> {
    const uuids = [...new Set(ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id)))];
    if (uuids.length === 0) return new Map();
    const rows: { id: string; display_name: string }[] = await this.dataSource.query(
      'SELECT id, display_name FROM app_user WHERE id = ANY($1::uuid[])',
      [uuids],
    );
    return new Map(rows.map((r) => [r.id, r.display_name]));
  }

  async enterpriseNames(ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await this.dataSource.query(
      'SELECT id, name FROM enterprise WHERE id = ANY($1::text[])',
      [unique],
    );
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** The steward (项目管家) assigned to each project, by project id (the first by name when there are several). */
  async stewardsOf(
    projectIds: string[],
    m: EntityManager = this.dataSource.manager,
  ): Promise<Map<string, { id: string; name: string }>> {
    const ids = [...new Set(projectIds.map((id) => id.toLowerCase()))];
    if (ids.length === 0) return new Map();
    const rows: { project_id: string; id: string; name: string }[] = await m.query(
      `SELECT DISTINCT ON (a.project_id) a.project_id::text AS project_id, u.id::text AS id, u.display_name AS name
         FROM app_user u CROSS JOIN LATERAL unnest(u.assigned_project_ids) AS a(project_id)
        WHERE u.role = 'steward' AND a.project_id = ANY($1::uuid[])
        ORDER BY a.project_id, u.display_name, u.id`,
      [ids],
    );
    return new Map(rows.map((r) => [r.project_id, { id: r.id, name: r.name }]));
  }
}

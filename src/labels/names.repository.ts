import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

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
}

import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { likePattern } from '../projects/projects.repository';

export interface EnterpriseMatch {
  id: string;
  name: string;
  creditCode: string | null;
}

/** At most this many enterprises answer a lookup: a picker, not a list. */
export const ENTERPRISE_MATCH_LIMIT = 20;

@Injectable()
export class EnterprisesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Enterprises whose name or credit code contains `q`, best first: exact code, name prefix, then by name. */
  async find(q: string | undefined): Promise<EnterpriseMatch[]> {
    const term = q?.trim() ?? '';
    const rows: { id: string; name: string; credit_code: string | null }[] = term
      ? await this.dataSource.query(
          `SELECT id, name, credit_code FROM enterprise
            WHERE name ILIKE $1 ESCAPE '\\' OR credit_code ILIKE $1 ESCAPE '\\'
            ORDER BY (upper(credit_code) = upper($2)) DESC, (name ILIKE $3 ESCAPE '\\') DESC, name, id
            LIMIT $4`,
          [likePattern(term), term, `${likePattern(term).slice(1)}`, ENTERPRISE_MATCH_LIMIT],
        )
      : await this.dataSource.query(`SELECT id, name, credit_code FROM enterprise ORDER BY name, id LIMIT $1`, [
          ENTERPRISE_MATCH_LIMIT,
        ]);
    return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code }));
  }
}

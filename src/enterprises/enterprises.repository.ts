import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { likePattern } from '../projects/projects.repository';

export interface EnterpriseHit {
  id: string;
  name: string;
  creditCode: string | null;
}

/** Enterprises by part of their name or their 统一社会信用代码, for the filing form's picker. */
@Injectable()
export class EnterprisesRepository {
  constructor(private readonly ds: DataSource) {}

  async search(q: string, onlyId: string | null, limit = 20): Promise<EnterpriseHit[]> {
    const rows: { id: string; name: string; credit_code: string | null }[] = await this.ds.query(
      `SELECT id, name, credit_code FROM enterprise
        WHERE (name ILIKE $1 ESCAPE '\\' OR credit_code = upper($2)) AND ($3::text IS NULL OR id = $3)
        ORDER BY name LIMIT $4`,
      [likePattern(q), q, onlyId, limit],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, creditCode: r.credit_code }));
  }
}

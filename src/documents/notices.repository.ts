import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NoticeEntity } from './notice.entity';

/** A notice with what its text needs from the case. */
export interface NoticeWithCase {
  notice: NoticeEntity;
  projectName: string;
  holder: string;
  itemName: string;
}

/** SQL of notices (written by the database trigger; read here). */
@Injectable()
export class NoticesRepository {
  constructor(private readonly dataSource: DataSource) {}

  ofCase(instanceId: string): Promise<NoticeEntity[]> {
    return this.dataSource
      .getRepository(NoticeEntity)
      .find({ where: { instanceId }, order: { eventSeq: 'ASC', id: 'ASC' } });
  }

  async withCase(
    where: { id: string; instanceId: string } | { verificationCode: string },
  ): Promise<NoticeWithCase | null> {
    const notice = await this.dataSource.getRepository(NoticeEntity).findOne({ where });
    if (!notice) return null;
    const rows: { project_name: string; holder: string; item_name: string | null }[] = await this.dataSource.query(
      `SELECT p.name AS project_name, COALESCE(e.name, p.enterprise_id) AS holder,
              i.snapshot->'context'->'item'->>'name' AS item_name
         FROM workflow_instance i JOIN project p ON p.id = i.project_id LEFT JOIN enterprise e ON e.id = p.enterprise_id
        WHERE i.id = $1`,
      [notice.instanceId],
    );
    if (!rows[0]) return null;
    return { notice, projectName: rows[0].project_name, holder: rows[0].holder, itemName: rows[0].item_name ?? '' };
  }
}

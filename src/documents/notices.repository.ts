import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { NoticeEntity } from './notice.entity';

/** SQL of notices (numbered by the database trigger; stored and read here). */
@Injectable()
export class NoticesRepository {
  constructor(private readonly dataSource: DataSource) {}

  ofCase(instanceId: string): Promise<NoticeEntity[]> {
    return this.dataSource
      .getRepository(NoticeEntity)
      .find({ where: { instanceId }, order: { eventSeq: 'ASC', issuedAt: 'ASC', id: 'ASC' } });
  }

  one(where: { id: string; instanceId: string } | { verificationCode: string }): Promise<NoticeEntity | null> {
    return this.dataSource.getRepository(NoticeEntity).findOne({ where });
  }

  /** The notice under its row lock, so that it is stored once. */
  locked(m: EntityManager, id: string): Promise<NoticeEntity | null> {
    return m.getRepository(NoticeEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async markStored(
    m: EntityManager,
    id: string,
    stored: Pick<NoticeEntity, 'blobKey' | 'sha256' | 'storedSeq'>,
  ): Promise<void> {
    await m.update(NoticeEntity, { id }, stored);
  }
}

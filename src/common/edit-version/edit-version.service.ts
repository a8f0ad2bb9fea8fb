import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException } from '../errors/app-exception';
import { EditVersionRepository, type EditKind } from './edit-version.repository';

/** What people call each versioned thing, for the conflict message. */
const WHAT: Record<EditKind, string> = {
  milestones: '作战图',
  team: '项目服务团队',
  user: '用户信息',
  'calendar-year': '节假日安排',
};

/**
 * Optimistic concurrency for whole-object edits, the same way as the case routes: GET serves the version (ETag
 * and `version`), the write may send it back in If-Match; a stale one is 409 VERSION_CONFLICT and nothing is
 * written. Without If-Match the last writer wins (older clients keep working).
 */
@Injectable()
export class EditVersions {
  constructor(private readonly repo: EditVersionRepository) {}

  current(m: EntityManager, kind: EditKind, key: string): Promise<number> {
    return this.repo.current(m, kind, key);
  }

  /** The current version of each key, 0 where never written. */
  async currentMany(m: EntityManager, kind: EditKind, keys: string[]): Promise<(key: string) => number> {
    const found = await this.repo.currentMany(m, kind, keys);
    return (key) => found.get(key) ?? 0;
  }

  /** Call inside the write's transaction, before writing: throws on a stale version, so the transaction rolls back. */
  async advance(m: EntityManager, kind: EditKind, key: string, expected: number | undefined): Promise<number> {
    const next = await this.repo.advance(m, kind, key, expected);
    if (next === null) {
      const now = await this.repo.current(m, kind, key);
      throw new AppException('VERSION_CONFLICT', `${WHAT[kind]}已被他人修改，请刷新后重试`, { currentVersion: now });
    }
    return next;
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { EnterpriseEntity } from '../projects/enterprise.entity';
import { UserEntity } from './user.entity';

/** SQL of the user accounts (app_user) and the references a user's shape is checked against. */
@Injectable()
export class UsersRepository {
  findByUsername(m: EntityManager, username: string): Promise<UserEntity | null> {
    return m.findOne(UserEntity, { where: { username } });
  }

  findById(m: EntityManager, id: string): Promise<UserEntity | null> {
    return m.findOne(UserEntity, { where: { id } });
  }

  /** Every account, by username. */
  list(m: EntityManager): Promise<UserEntity[]> {
    return m.find(UserEntity, { order: { username: 'ASC' } });
  }

  /** Inserts a new account; a taken username fails with PostgreSQL's unique violation (23505). */
  async insert(m: EntityManager, user: Omit<UserEntity, 'createdAt'>): Promise<void> {
    await m.insert(UserEntity, m.create(UserEntity, user));
  }

  async save(m: EntityManager, user: UserEntity): Promise<void> {
    await m.save(UserEntity, user);
  }

  async update(m: EntityManager, id: string, changes: Partial<Pick<UserEntity, 'assignedProjectIds'>>): Promise<void> {
    await m.update(UserEntity, { id }, changes);
  }

  /** Sets the password hash if it still is `previous`; whether it did. */
  async replacePasswordHash(m: EntityManager, id: string, previous: string, next: string): Promise<boolean> {
    // An UPDATE answers [rows, affected count] through TypeORM's query().
    const [, affected]: [unknown[], number] = await m.query(
      `UPDATE app_user SET password_hash = $3 WHERE id = $1 AND password_hash = $2`,
      [id, previous, next],
    );
    return affected > 0;
  }

  /** Inserts the enterprises not there yet; the ids it inserted. */
  async insertMissingEnterprises(
    m: EntityManager,
    rows: Pick<EnterpriseEntity, 'id' | 'name' | 'creditCode'>[],
  ): Promise<string[]> {
    const result = await m
      .createQueryBuilder()
      .insert()
      .into(EnterpriseEntity)
      .values(rows)
      .orIgnore()
      .returning(['id'])
      .execute();
    return (result.raw as { id: string }[]).map((r) => r.id);
  }

  enterpriseExists(m: EntityManager, id: string): Promise<boolean> {
    return m.exists(EnterpriseEntity, { where: { id } });
  }

  /** Those of `ids` (lower-case uuids) that name a project. */
  async existingProjectIds(m: EntityManager, ids: string[]): Promise<string[]> {
    const rows: { id: string }[] = await m.query('SELECT id FROM project WHERE id = ANY($1::uuid[])', [ids]);
    return rows.map((r) => r.id);
  }
}

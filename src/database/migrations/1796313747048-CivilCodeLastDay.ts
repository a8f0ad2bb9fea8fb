import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 民法典 art. 203: a natural-day or month period whose last day is a statutory rest day now ends on the next
 * working day. The calendar is unchanged, so its signature would not make the server compute the stored due
 * instants again; forgetting which calendar they were computed with makes the next start bring every pending
 * timer and every active instance's due and warning instants to the new rule.
 */
export class CivilCodeLastDay1796313747048 implements MigrationInterface {
  name = 'CivilCodeLastDay1796313747048';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "calendar_applied"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "calendar_applied"`);
  }
}

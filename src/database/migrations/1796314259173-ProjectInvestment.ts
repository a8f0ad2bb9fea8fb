import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The project's total investment (总投资, 万元), required when filing from now on; projects filed before have none
 * (NULL), which the zone report counts as unknown rather than zero.
 */
export class ProjectInvestment1796314259173 implements MigrationInterface {
  name = 'ProjectInvestment1796314259173';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "project" ADD "investment_amount" numeric(14,2)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "investment_amount"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a project records at filing from catalog v2 on (DOMAIN.md, second round): whether it is industrial
 * (六证联发), a 特殊建设工程 (fire review and acceptance), and its 人防 outcome. Projects filed before keep
 * false/false/null: their cases run on the released versions, which assumed every review.
 */
export class ProjectFlags1796314530658 implements MigrationInterface {
  name = 'ProjectFlags1796314530658';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "project" ADD "industrial" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "project" ADD "special_construction" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "project" ADD "civil_defense" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "civil_defense"`);
    await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "special_construction"`);
    await queryRunner.query(`ALTER TABLE "project" DROP COLUMN "industrial"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Numbers for project codes ('SZGX-2026-0001'): a sequence hands out each number once, even under concurrency. */
export class ProjectCodeSequence1795697508361 implements MigrationInterface {
  name = 'ProjectCodeSequence1795697508361';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE SEQUENCE "project_code_seq" AS bigint START WITH 1 INCREMENT BY 1');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP SEQUENCE "project_code_seq"');
  }
}

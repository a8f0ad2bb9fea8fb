import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The newest-first index of projects carries the name and the enterprise (INCLUDE), so a broad search filters its
 * newest-first windows by name with an index-only scan instead of reading each project row. It replaces
 * ix_project_created (same key columns), which the project list's newest-first page keeps using under the new name.
 */
export class ProjectCreatedCover1795728886049 implements MigrationInterface {
  name = 'ProjectCreatedCover1795728886049';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX "ix_project_created_cover" ON "project" ("created_at", "id") INCLUDE ("name", "enterprise_id")',
    );
    await queryRunner.query('DROP INDEX "public"."ix_project_created"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "ix_project_created" ON "project" ("created_at", "id") ');
    await queryRunner.query('DROP INDEX "public"."ix_project_created_cover"');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Versions of whole-object edits (作战图, project team, user, holiday year) for If-Match; all start at 0. */
export class EditVersion1796410000000 implements MigrationInterface {
  name = 'EditVersion1796410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "edit_version" ("kind" text NOT NULL, "key" text NOT NULL, "version" integer NOT NULL DEFAULT 0,
        CONSTRAINT "PK_edit_version" PRIMARY KEY ("kind", "key"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "edit_version"`);
  }
}

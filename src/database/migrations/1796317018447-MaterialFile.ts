import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Files uploaded for materials (issue #23): the description is here, the content in the blob store. */
export class MaterialFile1796317018447 implements MigrationInterface {
  name = 'MaterialFile1796317018447';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "material_file" ("id" uuid NOT NULL, "instance_id" uuid NOT NULL, "project_id" uuid NOT NULL, "material_code" text NOT NULL, "file_name" text NOT NULL, "media_type" text NOT NULL, "size" bigint NOT NULL, "sha256" text NOT NULL, "event_seq" integer NOT NULL, "uploaded_by" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_material_file" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_material_file_instance" ON "material_file" ("instance_id", "created_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "ix_material_file_instance"`);
    await queryRunner.query(`DROP TABLE "material_file"`);
  }
}

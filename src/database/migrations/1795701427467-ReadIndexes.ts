import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadIndexes1795701427467 implements MigrationInterface {
  name = 'ReadIndexes1795701427467';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_instance_queue\"");
    await queryRunner.query("CREATE INDEX \"ix_instance_queue\" ON \"workflow_instance\"  (\"department_queue\", \"due_at\", \"created_at\", \"id\") WHERE \"status\" = 'active'");
    await queryRunner.query("CREATE INDEX \"ix_project_created\" ON \"project\"  (\"created_at\", \"id\") ");
    // Project search by name (ILIKE '%…%', works for Chinese): trigram GIN index. pg_trgm is a trusted extension.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE INDEX "ix_project_name_trgm" ON "project" USING gin ("name" gin_trgm_ops)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_project_name_trgm"');
    await queryRunner.query("DROP INDEX \"public\".\"ix_project_created\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_instance_queue\"");
    await queryRunner.query("CREATE INDEX \"ix_instance_queue\" ON \"workflow_instance\" USING btree (\"department_queue\", \"due_at\") WHERE (status = 'active'::text)");
  }
}

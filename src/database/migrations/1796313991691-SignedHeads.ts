import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed chain heads (src/audit/signed-head.ts) and the queue of instances whose head moved since it was last
 * signed. The trigger queues an instance whenever its seq changes, in the writing transaction (a signer works
 * one instance per short transaction, so a writer never waits long on its queue row); every instance
 * existing now is queued, so histories written before are signed at the next start.
 */
export class SignedHeads1796313991691 implements MigrationInterface {
  name = 'SignedHeads1796313991691';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_signed_head" ("instance_id" uuid NOT NULL, "seq" integer NOT NULL, "from_seq" integer NOT NULL, "head_hash" text NOT NULL, "event_hashes" jsonb NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "reason" text NOT NULL, "key_id" text NOT NULL, "signature" text NOT NULL, CONSTRAINT "PK_audit_signed_head" PRIMARY KEY ("instance_id", "seq"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_signed_head_signed_at" ON "audit_signed_head" ("signed_at") `);
    await queryRunner.query(
      `CREATE TABLE "audit_head_queue" ("instance_id" uuid NOT NULL, "queued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_audit_head_queue" PRIMARY KEY ("instance_id"))`,
    );
    await queryRunner.query(`
      CREATE FUNCTION audit_queue_head() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- A new queued_at tells a signer busy with the instance that it moved again (it deletes only what it read).
        INSERT INTO audit_head_queue (instance_id) VALUES (NEW.id)
          ON CONFLICT (instance_id) DO UPDATE SET queued_at = EXCLUDED.queued_at;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER workflow_instance_queue_head AFTER INSERT OR UPDATE OF seq ON workflow_instance
        FOR EACH ROW WHEN (NEW.seq > 0) EXECUTE FUNCTION audit_queue_head()`);
    await queryRunner.query(`INSERT INTO audit_head_queue (instance_id) SELECT id FROM workflow_instance WHERE seq > 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER workflow_instance_queue_head ON workflow_instance`);
    await queryRunner.query(`DROP FUNCTION audit_queue_head()`);
    await queryRunner.query(`DROP TABLE "audit_head_queue"`);
    await queryRunner.query(`DROP INDEX "public"."ix_signed_head_signed_at"`);
    await queryRunner.query(`DROP TABLE "audit_signed_head"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue's joint-inspection index (JointInspectionQueue) no longer names `state` in its predicate. A column in
 * any index, its predicate included, makes every update that changes it a non-HOT update, and nearly every event
 * changes an instance's state: each such update then wrote a new entry into every index of workflow_instance
 * (the queue's among them, which the queue's count reads 1,001 entries of). Measured on the clerk loop: HOT
 * updates 15 % of instance updates with the old predicate, 27 % without it; the count read 160 buffers per call
 * against 76 at 629beb2 (docs/benchmarks.md, "The queue's cost"). The index now holds every active acceptance
 * section in queue order (status and definition_id are in ix_instance_queue already, so no update loses HOT);
 * the queue's branch keeps `state = 'jointInspection'` as a filter on the rows it reads.
 */
export class JointInspectionIndexHot1796406290417 implements MigrationInterface {
  name = 'JointInspectionIndexHot1796406290417';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_instance_joint_inspection"');
    await queryRunner.query(
      `CREATE INDEX "ix_instance_joint_inspection" ON "workflow_instance" ("due_at", "created_at", "id")
        WHERE "status" = 'active' AND "definition_id" = 'acceptance-section'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_instance_joint_inspection"');
    await queryRunner.query(
      `CREATE INDEX "ix_instance_joint_inspection" ON "workflow_instance" ("due_at", "created_at", "id")
        WHERE "status" = 'active' AND "definition_id" = 'acceptance-section' AND "state" = 'jointInspection'`,
    );
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The work queue's second branch (src/tasks/tasks.repository.ts): the joint acceptance inspections in progress,
 * in queue order, which every department with an opinion still pending finds in its queue. A partial index over
 * those few rows only, so that branch reads them in order instead of scanning every active instance
 * (docs/benchmarks.md, "The department queue and joint inspections").
 */
export class JointInspectionQueue1796330000003 implements MigrationInterface {
  name = 'JointInspectionQueue1796330000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX "ix_instance_joint_inspection" ON "workflow_instance" ("due_at", "created_at", "id") WHERE "status" = 'active' AND "definition_id" = 'acceptance-section' AND "state" = 'jointInspection'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_instance_joint_inspection"');
  }
}

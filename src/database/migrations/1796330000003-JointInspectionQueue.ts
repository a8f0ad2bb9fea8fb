import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The work queue's second branch (src/tasks/tasks.repository.ts): the joint acceptance inspections in progress
 * that a department other than the one department_queue names still has to give an opinion on (or a 告知承诺
 * check). joint_inspection_waiting_on(snapshot) names the departments with an opinion or a check still pending.
 * The branch reads the inspections in progress in queue order off a partial b-tree on plain columns, not a GIN
 * index on the snapshot: an index over `snapshot` would make every event's update of its instance a non-HOT update
 * (docs/benchmarks.md, "The department queue and joint inspections").
 */
export class JointInspectionQueue1796330000003 implements MigrationInterface {
  name = 'JointInspectionQueue1796330000003';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE FUNCTION joint_inspection_waiting_on(snapshot jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT coalesce(array_agg(DISTINCT d), '{}') FROM (
           SELECT a->>'department' AS d FROM jsonb_array_elements(snapshot->'context'->'acceptanceItems') a
            WHERE snapshot->'context'->'results'->(a->>'code')->>'result' = 'pending'
           UNION ALL
           SELECT c.value->>'department' FROM jsonb_each(CASE jsonb_typeof(snapshot->'context'->'commitmentChecks')
                                             WHEN 'object' THEN snapshot->'context'->'commitmentChecks' ELSE '{}'::jsonb END) c
            WHERE c.value->>'result' = 'pending') AS x
       $$`,
    );
    const joint = `WHERE "status" = 'active' AND "definition_id" = 'acceptance-section' AND "state" = 'jointInspection'`;
    await queryRunner.query(
      `CREATE INDEX "ix_instance_joint_inspection" ON "workflow_instance" ("due_at", "created_at", "id") ${joint}`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."ix_instance_joint_inspection"');
    await queryRunner.query('DROP FUNCTION joint_inspection_waiting_on(jsonb)');
  }
}

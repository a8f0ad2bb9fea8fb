import type { MigrationInterface, QueryRunner } from 'typeorm';
import { registry } from '../../../workflows/registry';
import type { PersistedSnapshot } from '../../../workflows/contract';

/**
 * workflow_instance.acting_departments: the departments that can act on an instance now, as its definition's
 * actingDepartments reads them off its own offers (written by the engine with the summary columns). The work queue's
 * joint-inspection branch reads it instead of joint_inspection_waiting_on(snapshot), a second home of the rule that
 * disagreed with the offers: it listed every section with a 告知承诺 check pending for the check's department,
 * though the check is offered only in the last section, and missed planning's site-wide check.
 *
 * The branch's index holds the active instances more than one department can act on, in queue order. Its
 * predicate names acting_departments, which changes only when who can act does (a department's opinion given, the
 * inspection started or closed), not with most events: those updates stay HOT (migration JointInspectionIndexHot).
 * The queue department is always one of them, so an instance one department can act on is in that one's queue
 * through department_queue alone.
 */
export class ActingDepartments1796420000000 implements MigrationInterface {
  name = 'ActingDepartments1796420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "workflow_instance" ADD "acting_departments" text array NOT NULL DEFAULT '{}'`,
    );
    // Backfill the active rows. A definition acted on by one department at a time: the department its summary
    // (these columns) waits on. The acceptance sections, the one definition several departments act on at once:
    // their definition's own reading of the snapshot.
    await queryRunner.query(
      `UPDATE "workflow_instance" SET "acting_departments" = ARRAY["department_queue"]
        WHERE "status" = 'active' AND "waiting_on" = 'department' AND "department_queue" IS NOT NULL`,
    );
    // In pages by id, so that a large database is never held in memory whole.
    for (let after = '00000000-0000-0000-0000-000000000000'; ; ) {
      const sections: { id: string; definition_version: number; snapshot: PersistedSnapshot }[] =
        await queryRunner.query(
          `SELECT "id", "definition_version", "snapshot" FROM "workflow_instance"
            WHERE "status" = 'active' AND "definition_id" = 'acceptance-section' AND "id" > $1
            ORDER BY "id" LIMIT 1000`,
          [after],
        );
      if (!sections.length) break;
      const acting = sections.map((r) => ({
        id: r.id,
        acting: registry.getDefinition('acceptance-section', r.definition_version)?.actingDepartments(r.snapshot) ?? [],
      }));
      await queryRunner.query(
        `UPDATE "workflow_instance" i SET "acting_departments" = ARRAY(SELECT jsonb_array_elements_text(u.acting))
           FROM jsonb_to_recordset($1::jsonb) AS u(id uuid, acting jsonb) WHERE i."id" = u.id`,
        [JSON.stringify(acting)],
      );
      after = sections[sections.length - 1].id;
    }
    await queryRunner.query('DROP INDEX "public"."ix_instance_joint_inspection"');
    await queryRunner.query(
      `CREATE INDEX "ix_instance_joint_inspection" ON "workflow_instance" ("due_at", "created_at", "id")
        WHERE "status" = 'active' AND cardinality("acting_departments") > 1`,
    );
    await queryRunner.query('DROP FUNCTION joint_inspection_waiting_on(jsonb)');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
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
    await queryRunner.query('DROP INDEX "public"."ix_instance_joint_inspection"');
    await queryRunner.query(
      `CREATE INDEX "ix_instance_joint_inspection" ON "workflow_instance" ("due_at", "created_at", "id")
        WHERE "status" = 'active' AND "definition_id" = 'acceptance-section'`,
    );
    await queryRunner.query('ALTER TABLE "workflow_instance" DROP COLUMN "acting_departments"');
  }
}

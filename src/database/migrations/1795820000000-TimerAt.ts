import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadlines follow the calendar in force. A timer keeps where on its deadline it fires (`at`), so that its due
 * instant can be computed again when a year's holiday arrangement is loaded; `calendar_applied` records which
 * calendar the stored instants were computed with. Pending timers written before are given their `at` from their
 * keys, as the definitions name them (`…:due`, `…:warning`, and the tolerance reminder, 2 working days before).
 */
export class TimerAt1795820000000 implements MigrationInterface {
  name = 'TimerAt1795820000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "workflow_timer" ADD "at" jsonb`);
    await queryRunner.query(`
      UPDATE workflow_timer
         SET at = CASE WHEN timer_key LIKE '%:due' THEN '"due"'::jsonb
                       WHEN timer_key LIKE '%:warning' THEN '"warning"'::jsonb
                       WHEN timer_key = 'tolerance:reminder' THEN '{"reminderWorkingDaysBefore": 2}'::jsonb END
       WHERE status = 'pending' AND deadline IS NOT NULL`);
    await queryRunner.query(
      `CREATE TABLE "calendar_applied" ("id" smallint NOT NULL, "signature" text NOT NULL, "applied_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_calendar_applied" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "calendar_applied"`);
    await queryRunner.query(`ALTER TABLE "workflow_timer" DROP COLUMN "at"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The query columns follow pauses: an instance whose clock is halted (补正, 特别程序: timer_state 'paused' or
 * 'stopped') has no due or warning instant, as the engine now writes it (StepPlanner.columns), so the project list
 * and its 仅看逾期 filter no longer count a paused item overdue. Backfills the rows written before.
 */
export class HaltedClockColumns1796330000000 implements MigrationInterface {
  name = 'HaltedClockColumns1796330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE workflow_instance SET due_at = NULL, warn_at = NULL
        WHERE timer_state IN ('paused', 'stopped') AND (due_at IS NOT NULL OR warn_at IS NOT NULL)`,
    );
  }

  public async down(): Promise<void> {
    // Nothing to undo: the old instants of a halted clock were stale, and a resumed clock writes new ones.
  }
}

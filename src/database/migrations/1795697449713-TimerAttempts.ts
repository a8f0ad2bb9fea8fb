import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TimerAttempts1795697449713 implements MigrationInterface {
  name = 'TimerAttempts1795697449713';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"workflow_timer\" ADD \"attempts\" integer NOT NULL DEFAULT '0'");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"workflow_timer\" DROP COLUMN \"attempts\"");
  }
}

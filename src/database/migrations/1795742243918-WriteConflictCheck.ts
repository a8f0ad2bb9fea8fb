import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The engine's write statement (EngineRepository.writeSteps) updates each instance only where its sequence number
 * is still the one the command read, and ends with workflow_write_check(expected, written): when fewer rows were
 * updated, it raises serialization_failure (40001), so the statement — events, rows, timers, checkpoints — takes
 * no effect. A batch written without a transaction (CommandService) relies on it; the locked path never trips it.
 */
export class WriteConflictCheck1795742243918 implements MigrationInterface {
  name = 'WriteConflictCheck1795742243918';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION workflow_write_check(expected integer, written integer) RETURNS integer
        LANGUAGE plpgsql AS $$
      BEGIN
        IF written <> expected THEN
          RAISE EXCEPTION 'workflow instance changed concurrently: % of % rows written', written, expected
            USING ERRCODE = 'serialization_failure';
        END IF;
        RETURN written;
      END
      $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION workflow_write_check(integer, integer)');
  }
}

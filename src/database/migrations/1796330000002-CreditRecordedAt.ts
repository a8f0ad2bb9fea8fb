import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A credit record's time is the breaching event's (the service clock, which the demo clock moves), as the engine
 * now writes it; records written before took the database's now(). Their 6-month bar was already computed from
 * the event's time: only the time shown changes.
 */
export class CreditRecordedAt1796330000002 implements MigrationInterface {
  name = 'CreditRecordedAt1796330000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE credit_record c SET created_at = e.occurred_at
         FROM workflow_event e WHERE e.instance_id = c.instance_id AND e.seq = c.seq AND c.created_at <> e.occurred_at`,
    );
  }

  public async down(): Promise<void> {
    // The database's insert times are not kept; the event's time stays (it is the truer one).
  }
}

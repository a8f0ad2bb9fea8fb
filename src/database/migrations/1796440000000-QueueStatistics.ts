import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics on the expressions the work queue filters on (TasksRepository, taskQueueSql), which PostgreSQL keeps
 * none of by itself: without them the planner guesses a fixed share of the rows for each (a third for an
 * inequality). It then believed the joint-inspection branch's partial index held a third of the instances and
 * read the branch by a sequential scan: at 100,000 projects a clerk's queue count took 373 ms (p50), 1.4 ms with
 * these (docs/benchmarks.md, "The queue's statistics").
 *
 * - cardinality(acting_departments) > 1, the joint-inspection branch: a handful of instances in progress among
 *   hundreds of thousands. Together with status, since only active instances have departments acting on them:
 *   the two are dependent, and the planner would otherwise multiply their shares.
 * - coalesce(timer_state, '') NOT IN (…), whether an entry's clock runs (clockRunsSql): the 逾期 / 预警 filters of
 *   the queue (?overdue=, ?warning=).
 *
 * ANALYZE fills them at once (autovacuum's next analyze would, too, but a large table may wait for it a long time;
 * 2.8 s at 437,710 instances). Not covered: the steward's and leader's snapshot #>> '{context,raisedBy,userId}',
 * which filters the rows of a few assigned projects, and whose statistics would detoast a sample of snapshots.
 * Extended statistics are data about the data, no schema: TypeORM's entities do not name them.
 */
export class QueueStatistics1796440000000 implements MigrationInterface {
  name = 'QueueStatistics1796440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE STATISTICS "st_instance_acting_departments" ON "status", (cardinality("acting_departments"))
         FROM "workflow_instance"`,
    );
    await queryRunner.query(
      `CREATE STATISTICS "st_instance_clock_runs" ON (coalesce("timer_state", '')) FROM "workflow_instance"`,
    );
    await queryRunner.query('ANALYZE "workflow_instance"');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP STATISTICS "st_instance_clock_runs"');
    await queryRunner.query('DROP STATISTICS "st_instance_acting_departments"');
  }
}

/**
 * The department queue's joint-inspection branch reads ix_instance_joint_inspection (migrations
 * JointInspectionQueue, ActingDepartments): the plan of the queue's own SQL, as TasksRepository builds it, must use the index, so a
 * change of the query's shape that loses it (a parameter where the partial index needs a literal, an OR beside
 * department_queue) fails here rather than as a slow queue in production.
 */
import { taskQueueSql } from '../src/tasks/tasks.repository';
import { startTestApp, type TestApp } from './support/test-app';

type PlanNode = { 'Index Name'?: string; 'Plan Rows'?: number; Plans?: PlanNode[] };

/** Every node of a plan's tree. */
function nodesOf(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(nodesOf)];
}

/** The index names a plan reads, anywhere in its tree. */
function indexesOf(node: PlanNode): string[] {
  return [...(node['Index Name'] ? [node['Index Name']] : []), ...(node.Plans ?? []).flatMap(indexesOf)];
}

describe('the department queue uses ix_instance_joint_inspection for its joint inspections', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t?.close());

  /** The indexes the plan of `sql` reads when a sequential scan is as costly as it can be (tables are small here). */
  async function planIndexes(sql: string, params: unknown[]): Promise<string[]> {
    return t.dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const [row] = await m.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
      return indexesOf(row['QUERY PLAN'][0].Plan);
    });
  }

  const clerk = { role: 'clerk' as const, department: 'housing', assignedProjectIds: [], enterpriseId: null };
  const now = new Date().toISOString();

  it('the page of a clerk’s queue reads the joint inspections off their index', async () => {
    const queue = taskQueueSql(clerk, {}, now);
    expect(await planIndexes(queue.page, [...queue.params, 20, 0])).toContain('ix_instance_joint_inspection');
  });

  it('so does the count of a clerk’s queue, and an auditor’s look at one department', async () => {
    const queue = taskQueueSql(clerk, {}, now);
    expect(await planIndexes(queue.count, queue.params)).toContain('ix_instance_joint_inspection');
    const auditor = taskQueueSql({ ...clerk, role: 'auditor', department: null }, { department: 'fire' }, now);
    expect(await planIndexes(auditor.page, [...auditor.params, 20, 0])).toContain('ix_instance_joint_inspection');
  });

  /**
   * The planner keeps no statistics on an expression by itself: without those of migration QueueStatistics it
   * took a third of the active instances for `cardinality(acting_departments) > 1`, and at 100,000 projects the
   * count of a queue took a plan hundreds of times slower (docs/benchmarks.md). A table shaped like production's:
   * most instances one department acts on, as many closed, and a few joint inspections in progress.
   */
  describe('the planner knows how few joint inspections there are (migration QueueStatistics)', () => {
    const departments = ['window', 'planning', 'housing', 'fire', 'development', 'civilDefense'];
    const joint = 30;

    beforeAll(async () => {
      await t.dataSource.query(
        `INSERT INTO workflow_instance (id, definition_id, definition_version, project_id, snapshot, seq, status, state,
                                        status_label, department_queue, waiting_on, due_at, timer_state, head_hash,
                                        acting_departments)
         SELECT gen_random_uuid(), 'approval-item', 1, gen_random_uuid(), '{}', 0, s.status, 'x', '-', s.queue,
                'department', now() + g * interval '1 minute', 'normal', 'statistics-test', s.acting
           FROM generate_series(1, 12000) AS g,
                LATERAL (SELECT ($1::text[])[1 + g % 6] AS d) AS d,
                LATERAL (SELECT CASE WHEN g % 2 = 0 THEN 'active' ELSE 'completed' END AS status,
                                CASE WHEN g % 2 = 0 THEN d.d END AS queue,
                                CASE WHEN g % 2 = 0 THEN ARRAY[d.d] ELSE '{}'::text[] END AS acting) AS s`,
        [departments],
      );
      // the joint inspections: housing heads them, fire acts on them too
      await t.dataSource.query(
        `INSERT INTO workflow_instance (id, definition_id, definition_version, project_id, snapshot, seq, status, state,
                                        status_label, department_queue, waiting_on, due_at, timer_state, head_hash,
                                        acting_departments)
         SELECT gen_random_uuid(), 'acceptance-section', 1, gen_random_uuid(), '{}', 0, 'active', 'inspecting', '-',
                'housing', 'department', now() + g * interval '1 minute', 'normal', 'statistics-test',
                ARRAY['housing', 'fire']
           FROM generate_series(1, $1::int) AS g`,
        [joint],
      );
      await t.dataSource.query('ANALYZE workflow_instance');
    });
    afterAll(() => t.dataSource.query(`DELETE FROM workflow_instance WHERE head_hash = 'statistics-test'`));

    it('the statistics cover the expressions the queue filters on', async () => {
      const rows: { expr: string }[] = await t.dataSource.query(
        `SELECT expr FROM pg_stats_ext_exprs WHERE tablename = 'workflow_instance'`,
      );
      expect(rows.map((r) => r.expr).sort()).toEqual([
        "COALESCE(timer_state, ''::text)",
        'cardinality(acting_departments)',
      ]);
    });

    it('a clerk’s queue (its count and its page) estimates the joint-inspection branch at no more than the inspections there are', async () => {
      const fire = taskQueueSql({ ...clerk, department: 'fire' }, {}, now);
      for (const [sql, params] of [
        [fire.count, fire.params],
        [fire.page, [...fire.params, 20, 0]],
      ] as const) {
        const plan: PlanNode = await t.dataSource.transaction(async (m) => {
          await m.query('SET LOCAL enable_seqscan = off');
          const [row] = await m.query(`EXPLAIN (FORMAT JSON) ${sql}`, params);
          return row['QUERY PLAN'][0].Plan;
        });
        const branch = nodesOf(plan).filter((n) => n['Index Name'] === 'ix_instance_joint_inspection');
        expect(branch).toHaveLength(1);
        // 30 in fact; without the statistics a third of the 6,000 active instances, thinned by fire's share
        expect(branch[0]['Plan Rows']).toBeLessThanOrEqual(joint);
      }
    });
  });
});

/**
 * The department queue's joint-inspection branch reads ix_instance_joint_inspection (migrations
 * JointInspectionQueue, ActingDepartments): the plan of the queue's own SQL, as TasksRepository builds it, must use the index, so a
 * change of the query's shape that loses it (a parameter where the partial index needs a literal, an OR beside
 * department_queue) fails here rather than as a slow queue in production.
 */
import { taskQueueSql } from '../src/tasks/tasks.repository';
import { startTestApp, type TestApp } from './support/test-app';

type PlanNode = { 'Index Name'?: string; Plans?: PlanNode[] };

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
});

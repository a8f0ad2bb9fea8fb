import { SystemClock } from '../src/common/clock';
import { taskQueueSql } from '../src/tasks/tasks.repository';
import { staffedApp, TWO_ENTERPRISES } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import { send, tasksOf, type Http } from './projects-support';
import { NO_PRACTICES } from '../workflows/testing/project-fixture';

const project = (name: string, enterpriseId?: string) => ({
  name,
  category: 'socialInvestment',
  investorType: 'socialCapital',
  landSupplyMode: 'tenderAuctionListing',
  investmentAmount: 10000,
  practices: { ...NO_PRACTICES },
  ...(enterpriseId ? { enterpriseId } : {}),
});

/** Work queues per role over HTTP: what each one must act on, most urgent first, with the events they may send. */
describe('GET /api/tasks (real PostgreSQL)', () => {
  let t: TestApp;
  let u: Record<string, Http>;
  let pA: string;
  let pB: string;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('tk', { ...TWO_ENTERPRISES, departments: ['window', 'development', 'planning'] }));
    pA = (await u.entA.post('/api/projects', project('甲公司项目')).expect(201)).body.id;
    pB = (await u.steward.post('/api/projects', project('乙公司项目', 'ent-b')).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  it("a window clerk's queue: both projects' items, with project and item names and only the window's events", async () => {
    const res = await u.window.get('/api/tasks').expect(200);
    expect(res.body).toMatchObject({ total: 6, limit: 20, offset: 0, counts: { overdue: 0, warning: 0 } });
    // No hashed ETag of the body (only the case routes carry one: the case's sequence number, for If-Match).
    expect(res.headers.etag).toBeUndefined();
    expect(new Set(res.body.items.map((x: { project: { id: string } }) => x.project.id))).toEqual(new Set([pA, pB]));
    expect(res.body.items[0]).toMatchObject({
      definitionId: 'approval-item',
      state: 'received',
      statusLabel: '已接件',
      department: { code: 'window', name: '综合窗口' },
      overdue: false,
      warning: false,
    });
    for (const task of res.body.items) {
      expect(task.allowedEvents.map((e: { type: string }) => e.type)).toContain('WINDOW_ACCEPT');
      // The actions without their schemas: those are per definition version, and the case view has them.
      expect(Object.keys(task.allowedEvents[0]).sort()).toEqual(['label', 'roles', 'type']);
    }
    const task = res.body.items[0];
    const definition = await u.window
      .get(`/api/definitions/${task.definitionId}/${task.definitionVersion}`)
      .expect(200);
    const accept = definition.body.events.find((e: { type: string }) => e.type === 'WINDOW_ACCEPT');
    expect(accept.payloadSchema).toMatchObject({ type: 'object' });
    const view = await u.window.get(`/api/cases/${task.instanceId}`).expect(200);
    expect(view.body.allowedEvents.find((e: { type: string }) => e.type === 'WINDOW_ACCEPT')).toEqual(accept);
    // No one's queue holds the project case itself.
    expect(res.body.items.some((x: { definitionId: string }) => x.definitionId === 'project-case')).toBe(false);
  });

  it('sorts by due time (nulls last), flags overdue and warning, and filters by them, state and project', async () => {
    for (const task of await tasksOf(u.window, `&projectId=${pA}`))
      await send(u.window, task.instanceId, 'WINDOW_ACCEPT');
    const planning = await tasksOf(u.planning);
    expect(planning.map((x) => x.project.id)).toEqual([pA, pA]);
    expect(planning.every((x) => x.dueAt !== null)).toBe(true);
    // Window-accepted items of project A have deadlines; the window queue of project B has none yet.
    const window = await tasksOf(u.window);
    expect(window.every((x) => x.project.id === pB && x.dueAt === null)).toBe(true);

    expect(await tasksOf(u.planning, '&state=windowAccepted')).toHaveLength(2);
    expect(await tasksOf(u.planning, '&state=received')).toHaveLength(0);
    expect(await tasksOf(u.planning, `&projectId=${pB}`)).toHaveLength(0);
    expect(await tasksOf(u.planning, '&overdue=true')).toHaveLength(0);

    // Time passes (demo clock): the 5-working-day items turn overdue, the 1-day filing too.
    const clock = t.app.get(SystemClock);
    clock.advance(30 * 24 * 3600_000);
    const late = await u.planning.get('/api/tasks?overdue=true').expect(200);
    expect(late.body.total).toBe(2);
    expect(late.body.counts.overdue).toBe(2);
    expect(late.body.items.every((x: { overdue: boolean; warning: boolean }) => x.overdue && !x.warning)).toBe(true);
    expect(await tasksOf(u.planning, '&warning=true')).toHaveLength(0);
    const dev = await tasksOf(u.development);
    const sorted = [...dev].sort((a, b) => (a.dueAt ?? '~').localeCompare(b.dueAt ?? '~'));
    expect(dev).toEqual(sorted);
    const projects = await u.auditor.get('/api/projects?overdue=true').expect(200);
    expect(projects.body.items.map((p: { id: string }) => p.id)).toEqual([pA]);
  });

  it("an enterprise's queue is what waits on it; a steward's, their projects; neither leaks another enterprise's", async () => {
    expect(await tasksOf(u.entA)).toEqual([]);
    const dev = (await tasksOf(u.development, `&projectId=${pA}`))[0];
    await send(u.development, dev.instanceId, 'DEPARTMENT_ACCEPT');
    await send(u.development, dev.instanceId, 'REQUEST_CORRECTION', {
      missingMaterials: ['businessLicense'],
      note: '营业执照不清晰',
    });
    const mine = await tasksOf(u.entA);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      itemCode: 'projectFiling',
      state: 'departmentAccepted.correctionRequested',
      waitingOn: 'enterprise',
    });
    expect(mine[0].allowedEvents.map((e) => e.type)).toContain('COMPLETE_CORRECTION');
    expect(await tasksOf(u.entB)).toEqual([]);
    expect(await tasksOf(u.entB, `&projectId=${pA}`)).toEqual([]);

    // pB waits on the window: the departments' turn is no to-do of the steward's (#19: the count is what to do)
    expect(await tasksOf(u.steward)).toEqual([]);
  });

  it('an auditor reads any queue with ?department= and can act on none; others may not choose the queue', async () => {
    const planning = await u.auditor.get('/api/tasks?department=planning').expect(200);
    expect(planning.body.total).toBe(2);
    expect(planning.body.items.every((x: { allowedEvents: unknown[] }) => x.allowedEvents.length === 0)).toBe(true);
    const all = await u.auditor.get('/api/tasks').expect(200);
    expect(all.body.total).toBeGreaterThan(planning.body.total);
    const res = await u.planning.get('/api/tasks?department=window').expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['department']);
    // Said in Chinese, for the clerk who tried (not the code's generic sentence, not English).
    expect(res.body.message).toBe('「部门」只有审计人员可以选择查看哪个部门的待办');
    await u.admin.get('/api/tasks').expect(403);
  });

  it.each([
    ['limit=1000', 'limit'],
    ['offset=-5', 'offset'],
    ['overdue=1', 'overdue'],
    ['warning=soon', 'warning'],
    ['projectId=abc', 'projectId'],
    ['department=moon', 'department'],
    ['state=%27%3B%20drop', 'state'],
  ])('GET /api/tasks?%s → 400 naming %s', async (query, field) => {
    const res = await u.auditor.get(`/api/tasks?${query}`).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it('paginates with total', async () => {
    const page = (await u.auditor.get('/api/tasks?limit=2&offset=1').expect(200)).body;
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(3);
  });

  it('a huge queue: the count stops at COUNT_CAP and says so; overdue cases (first in queue order) are still counted', async () => {
    // 1,200 more cases in the window's queue, cloned in SQL from one of its items (a read-side test)
    const [{ id: source }] = await t.dataSource.query(
      `SELECT id FROM workflow_instance WHERE department_queue = 'window' AND status = 'active' LIMIT 1`,
    );
    await t.dataSource.query(
      `INSERT INTO workflow_instance (id, definition_id, definition_version, parent_id, child_key, project_id, snapshot, seq,
                                      status, state, status_label, stage, department_queue, waiting_on, deadline, due_at,
                                      warn_at, timer_state, head_hash)
       SELECT gen_random_uuid(), definition_id, definition_version, NULL, NULL, project_id, snapshot, seq, status, state,
              status_label, stage, department_queue, waiting_on, deadline,
              CASE WHEN g <= 3 THEN now() - interval '1 day' ELSE now() + interval '30 days' END,
              NULL, 'normal', 'cap-test-clone'
         FROM workflow_instance, generate_series(1, 1200) AS g WHERE id = $1`,
      [source],
    );
    try {
      const res = await u.window.get('/api/tasks?limit=5').expect(200);
      expect(res.body.total).toBe(1000);
      expect(res.body.totalCapped).toBe(true);
      expect(res.body.counts.overdue).toBeGreaterThanOrEqual(3);
      expect(res.body.items).toHaveLength(5);
      expect(res.body.items.slice(0, 3).every((i: { overdue: boolean }) => i.overdue)).toBe(true);
      const small = await u.planning.get('/api/tasks').expect(200);
      expect(small.body.totalCapped).toBe(false);
    } finally {
      await t.dataSource.query(`DELETE FROM workflow_instance WHERE head_hash = 'cap-test-clone'`);
    }
  });

  it("a department's queue with joint inspections headed by others: one list in queue order, paged and counted as one", async () => {
    // The queue's two branches (its own entries; joint inspections still waiting on it that another department
    // heads) are unioned: read-side rows in SQL, interleaved in due time, with ties and undated entries.
    const day = 86400000;
    const base = Date.now();
    // `acting`: the departments that can act (acting_departments, as the definition's actingDepartments writes it).
    const rows: {
      key: string;
      definition: string;
      state: string;
      queue: string;
      acting: string[];
      due: number | null;
      ctx: object;
    }[] = [];
    for (let k = 0; k < 12; k++)
      rows.push({
        key: `own${k}`,
        definition: 'approval-item',
        state: 'received',
        queue: 'qtest',
        acting: ['qtest'],
        due: k % 5 === 4 ? null : (k % 6) - 2,
        ctx: {},
      });
    const section = (dept: string, result: string, checks?: object) => ({
      acceptanceItems: [
        { code: 'a1', department: 'other' },
        { code: 'a2', department: dept },
      ],
      results: { a1: { result: 'pending' }, a2: { result } },
      ...(checks ? { commitmentChecks: checks } : {}),
    });
    rows.push({
      key: 'joint1',
      definition: 'acceptance-section',
      state: 'jointInspection',
      queue: 'other',
      acting: ['other', 'qtest'],
      due: -1,
      ctx: section('qtest', 'pending'),
    });
    rows.push({
      key: 'joint2',
      definition: 'acceptance-section',
      state: 'jointInspection',
      queue: 'other',
      acting: ['other', 'qtest'],
      due: 1,
      ctx: section('qtest', 'pending'),
    });
    rows.push({
      key: 'joint3',
      definition: 'acceptance-section',
      state: 'jointInspection',
      queue: 'other',
      acting: ['other', 'qtest'],
      due: null,
      ctx: section('qtest', 'pending'),
    });
    rows.push({
      key: 'jointHeaded',
      definition: 'acceptance-section',
      state: 'jointInspection',
      queue: 'qtest',
      acting: ['qtest', 'other'],
      due: 0,
      ctx: section('qtest', 'pending'),
    });
    rows.push({
      key: 'jointCheck',
      definition: 'acceptance-section',
      state: 'jointInspection',
      queue: 'other',
      acting: ['other', 'qtest'],
      due: 2,
      ctx: section('x', 'passed', { c1: { department: 'qtest', result: 'pending' } }),
    });
    rows.push({
      key: 'jointDone',
      definition: 'acceptance-section',
      state: 'jointInspection',
      queue: 'other',
      acting: ['other'],
      due: -2,
      ctx: section('qtest', 'passed'),
    });
    rows.push({
      key: 'applied',
      definition: 'acceptance-section',
      state: 'applied',
      queue: 'other',
      acting: ['other'],
      due: -2,
      ctx: section('qtest', 'pending'),
    });
    const at = (r: (typeof rows)[number], i: number) => ({
      due: r.due === null ? null : new Date(base + r.due * day).toISOString(),
      created: new Date(base - day + (i % 4) * 1000).toISOString(), // ties on created_at too: the id decides
    });
    for (const [i, r] of rows.entries())
      await t.dataSource.query(
        `INSERT INTO workflow_instance (id, definition_id, definition_version, project_id, snapshot, seq, status, state,
                                        status_label, department_queue, waiting_on, due_at, timer_state, head_hash, created_at,
                                        acting_departments)
         VALUES (gen_random_uuid(), $1, 1, $2, $3, 0, 'active', $4, '-', $5, 'department', $6, 'normal', 'union-test', $7, $8)`,
        [r.definition, pA, { context: r.ctx, key: r.key }, r.state, r.queue, at(r, i).due, at(r, i).created, r.acting],
      );
    try {
      const all: { id: string; key: string; due: string | null; overdue: boolean }[] = await t.dataSource.query(
        `SELECT id, snapshot->>'key' AS key, due_at AS due, due_at < now() AS overdue FROM workflow_instance
          WHERE head_hash = 'union-test' ORDER BY due_at ASC NULLS LAST, created_at, id`,
      );
      const expected = all.filter(
        (r) => r.key.startsWith('own') || ['joint1', 'joint2', 'joint3', 'jointHeaded', 'jointCheck'].includes(r.key),
      );
      expect(expected).toHaveLength(17);
      const now = new Date().toISOString();
      for (const user of [
        { role: 'clerk' as const, department: 'qtest', query: {} },
        { role: 'auditor' as const, department: null, query: { department: 'qtest' } },
      ]) {
        const q = taskQueueSql({ ...user, assignedProjectIds: [], enterpriseId: null }, user.query, now);
        for (const [limit, offset] of [
          [5, 0],
          [5, 5],
          [5, 10],
          [5, 15],
          [3, 14],
          [20, 0],
        ]) {
          const page: { id: string }[] = await t.dataSource.query(q.page, [...q.params, limit, offset]);
          expect(page.map((r) => r.id)).toEqual(expected.slice(offset, offset + limit).map((r) => r.id));
        }
        const [counts] = await t.dataSource.query(q.count, q.params);
        expect(counts).toEqual({ total: 17, overdue: expected.filter((r) => r.overdue).length, warning: 0 });
      }
    } finally {
      await t.dataSource.query(`DELETE FROM workflow_instance WHERE head_hash = 'union-test'`);
    }
  });

  it("a department's page reads each of its entries' projects by key, never the whole project table", async () => {
    // Joined to the union of the queue's branches, the project was hashed whole (a sequential scan) for a page of
    // 20: per read a cost growing with the projects filed; each branch joins its own entries' projects now (docs/benchmarks.md, "The queue's cost"). 300 more
    // projects make the table large enough for that plan to be tempting, as in the clerk loop's database.
    await t.dataSource.query(
      `INSERT INTO project (id, code, name, enterprise_id, category, details)
       SELECT gen_random_uuid(), 'PLAN-' || g, '计划测试项目' || g, 'ent-a', 'socialInvestment', '{}'::jsonb
         FROM generate_series(1, 300) AS g`,
    );
    try {
      await t.dataSource.query('ANALYZE project');
      const q = taskQueueSql(
        { role: 'clerk', department: 'window', assignedProjectIds: [], enterpriseId: null },
        {},
        new Date().toISOString(),
      );
      const [{ 'QUERY PLAN': plan }] = await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${q.page}`, [
        ...q.params,
        20,
        0,
      ]);
      const scans: string[] = [];
      const walk = (n: { 'Node Type': string; 'Relation Name'?: string; Plans?: unknown[] }) => {
        if (n['Relation Name'] === 'project') scans.push(n['Node Type']);
        (n.Plans as (typeof n)[] | undefined)?.forEach(walk);
      };
      walk(plan[0].Plan);
      expect(scans.length).toBeGreaterThan(0);
      expect([...new Set(scans)]).toEqual(['Index Scan']);
      // and the page is still the queue's first entries with their projects
      const page: { project_name: string }[] = await t.dataSource.query(q.page, [...q.params, 20, 0]);
      expect(page.length).toBeGreaterThan(0);
      expect(page.every((r) => ['甲公司项目', '乙公司项目'].includes(r.project_name))).toBe(true);
    } finally {
      await t.dataSource.query(`DELETE FROM project WHERE code LIKE 'PLAN-%'`);
    }
  });

  it('no index of workflow_instance names a column that events change without moving the queue (updates stay HOT)', async () => {
    // A column in an index (key, INCLUDE, expression or partial predicate) makes each update that changes it write
    // a new entry into every index of the table. ix_instance_joint_inspection's predicate on `state` did so for
    // nearly every event (HOT updates 15 % of instance updates, 27 % without it; the queue's count read twice the
    // buffers): these columns change on most events without the queue's columns changing.
    const hotOnly = ['state', 'snapshot', 'seq', 'head_hash', 'status_label', 'stage', 'waiting_on', 'updated_at'];
    const indexes: { name: string; def: string }[] = await t.dataSource.query(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'workflow_instance'`,
    );
    expect(indexes.map((i) => i.name)).toContain('ix_instance_joint_inspection');
    const naming = indexes.filter((i) => hotOnly.some((c) => new RegExp(`\\b${c}\\b`).test(i.def)));
    expect(naming).toEqual([]);
  });
});

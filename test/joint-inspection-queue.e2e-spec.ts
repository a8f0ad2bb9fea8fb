/**
 * Issue #18, joint acceptance in sections (分段竣工验收): a department's 待办 lists a section under joint inspection
 * only when the department can act on it, as the section's own offers say (the definition's actingDepartments,
 * stored in acting_departments). Through HTTP on a fresh project: two sections, the 建设工程规划许可证 granted on
 * 告知承诺 (verified by planning on the commitment's case before the last section closes), clerks and the enterprise
 * driving it.
 */
import { ActingDepartments1796420000000 } from '../src/database/migrations/1796420000000-ActingDepartments';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  caseView,
  childIdOf,
  DEPARTMENTS,
  filingBody,
  itemIdOf,
  projectView,
  reportWorkStarted,
  send,
  taskPage,
  workQueues,
  type Http,
  type Task,
} from './projects-support';

describe('joint acceptance: a department’s 待办 lists a section only when it can act (issue #18)', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('jq', { env: { DEMO_MODE: 'true' }, enterprise: '辛公司' }));
  });
  afterAll(() => t?.close());

  const caseOf = (id: string) => caseView(u.admin, id);
  const queueOf = (clerk: Http, projectId: string) => taskPage(clerk, `&projectId=${projectId}`);
  const enabled = (r: Pick<Task, 'allowedEvents'>) =>
    r.allowedEvents.filter((e) => !e.disabledReason).map((e) => e.type);
  /** Every department's 待办 rows of these sections, each with at least one enabled action. */
  async function sectionRows(projectId: string, sections: string[]): Promise<Record<string, string[]>> {
    const listed: Record<string, string[]> = {};
    for (const department of DEPARTMENTS) {
      const queue = await queueOf(u[department], projectId);
      expect(queue.total).toBe(queue.items.length);
      // counted by the count's own statement too (a full first page answers it from its rows)
      const counted = await taskPage(u[department], `&projectId=${projectId}`, 1);
      expect({ department, total: counted.total }).toEqual({ department, total: queue.items.length });
      const rows = queue.items.filter((r) => sections.includes(r.instanceId));
      for (const r of rows)
        expect({ department, section: r.instanceId, enabled: enabled(r) }).toEqual({
          department,
          section: r.instanceId,
          enabled: expect.arrayContaining([expect.any(String)]),
        });
      // What the 待办 offers, the case offers the same clerk (it may open the case: the project reached it).
      for (const r of rows) {
        const res = await u[department].get(`/api/cases/${r.instanceId}`);
        expect({ department, status: res.status }).toEqual({ department, status: 200 });
        expect(enabled(res.body)).toEqual(enabled(r));
      }
      listed[department] = rows.map((r) => r.instanceId);
    }
    return listed;
  }

  it('an earlier section waits only on others: not in planning’s 待办; the last one is, with 全场核验 offered', async () => {
    const filed = await u.ent
      .post(
        '/api/projects',
        filingBody(
          '辛公司分段验收项目',
          { notifyCommit: true, stagedAcceptance: true },
          { sections: [{ name: '一号厂房', area: 8000 }, { name: '二号厂房' }] },
        ),
      )
      .expect(201);
    const projectId: string = filed.body.id;
    const clerks = DEPARTMENTS.map((d) => u[d]);
    // The 建设工程规划许可证 on 告知承诺: a check of planning's at the acceptance of the last section.
    await workQueues(clerks, projectId, 'landPlanning');
    const design = await itemIdOf(u.admin, projectId, 'designPlanReview');
    await send(u.window, design, 'WINDOW_ACCEPT');
    await send(u.planning, design, 'DEPARTMENT_ACCEPT');
    await send(u.planning, design, 'APPROVE', { opinion: '同意' });
    const permit = await itemIdOf(u.admin, projectId, 'engineeringPlanningPermit');
    await send(u.window, permit, 'WINDOW_ACCEPT');
    await send(u.planning, permit, 'DEPARTMENT_ACCEPT');
    await send(u.ent, permit, 'REQUEST_NOTIFY_COMMITMENT', { commitmentSigned: true, conditions: ['退让'] });
    const commitment = await childIdOf(u.admin, permit, 'notifyCommitment:1');
    await send(u.planning, commitment, 'DECIDE_ON_COMMITMENT');
    await workQueues(clerks, projectId);
    await reportWorkStarted(u.ent, projectId, u.admin);
    const p = await projectView(u.admin, projectId);
    const [first, last]: string[] = p.stages
      .find((x: { key: string }) => x.key === 'completionAcceptance')
      .sections.map((s: { instanceId: string }) => s.instanceId);
    // the sections know the open 告知承诺 (acceptance-section v5): the last one is not accepted while it is open
    expect((await caseOf(first)).data.openCommitments).toEqual([
      expect.objectContaining({ itemCode: 'engineeringPlanningPermit', kind: 'notifyCommitment' }),
    ]);

    // Section 1 under inspection; planning gives its opinion, the others' are pending.
    await send(u.ent, first, 'APPLY', { note: '具备验收条件' });
    await send(u.housing, first, 'START_JOINT_INSPECTION');
    const items: { code: string; department: string }[] = (await caseOf(first)).data.acceptanceItems;
    const others = [...new Set(items.map((a) => a.department).filter((d) => d !== 'planning'))];
    expect(others.length).toBeGreaterThan(1);
    const ofPlanning = items.filter((a) => a.department === 'planning');
    expect(ofPlanning.length).toBeGreaterThan(0);
    for (const a of ofPlanning)
      await send(u.planning, first, 'RECORD_RESULT', { acceptanceItem: a.code, result: 'pass' });
    let listed = await sectionRows(projectId, [first, last]);
    // The 告知承诺 check is not offered in an earlier section: nothing for planning to do, so not in its 待办.
    expect(listed.planning).toEqual([]);
    for (const d of others) expect(listed[d]).toEqual([first]);
    let next = (await projectView(u.admin, projectId)).nextActions.find(
      (a: { instanceId: string }) => a.instanceId === first,
    );
    expect(next.who.departments.map((d: { code: string }) => d.code).sort()).toEqual([...others].sort());
    expect(next.who.label).not.toContain('自然资源和规划局');
    expect(next.expectedEvents.map((e: { type: string }) => e.type)).toEqual(['RECORD_RESULT']);

    // Migration ActingDepartments fills the column in for the active cases as the engine writes it: undone and done
    // again, every instance of the project holds what it held.
    const acting = () =>
      t.dataSource.query(
        `SELECT id, acting_departments FROM workflow_instance WHERE project_id = $1 AND status = 'active' ORDER BY id`,
        [projectId],
      );
    const written = await acting();
    expect([...written.find((r: { id: string }) => r.id === first).acting_departments].sort()).toEqual(
      [...others].sort(),
    );
    await t.dataSource.transaction(async (m) => {
      const migration = new ActingDepartments1796420000000();
      await migration.down(m.queryRunner!);
      await migration.up(m.queryRunner!);
    });
    expect(await acting()).toEqual(written);

    // The others give theirs: section 1 accepted, section 2 the last one (site-wide checks and the check due).
    // In any order, each department on its own (the last in the list first): offered means accepted.
    for (const a of [...items].reverse().filter((x) => x.department !== 'planning'))
      await send(u[a.department], first, 'RECORD_RESULT', { acceptanceItem: a.code, result: 'pass' });
    expect((await caseOf(first)).state).toBe('accepted');
    await send(u.ent, last, 'APPLY', { note: '具备验收条件' });
    await send(u.housing, last, 'START_JOINT_INSPECTION');
    for (const a of ofPlanning)
      await send(u.planning, last, 'RECORD_RESULT', { acceptanceItem: a.code, result: 'pass' });
    // 对标验收 on the commitment's own case (acceptance-section v5 has no check of its own)
    await send(u.planning, commitment, 'VERIFY', {
      method: 'completionAcceptance',
      compliant: true,
      findings: '退让符合规划条件',
    });
    // Planning's site-wide check is still open while the other opinions are pending: in its 待办, enabled.
    listed = await sectionRows(projectId, [first, last]);
    expect(listed.planning).toEqual([last]);
    for (const d of others) expect(listed[d]).toEqual([last]);
    const row = (await queueOf(u.planning, projectId)).items.find((r) => r.instanceId === last)!;
    expect(enabled(row)).toEqual(['RECORD_SITE_WIDE_CHECKS']);
    expect(row.allowedEvents.find((e) => e.type === 'RECORD_SITE_WIDE_CHECKS')?.label).toMatch(/全场核验/);
    expect(row.departments.map((d) => d.code)).toContain('planning');
    next = (await projectView(u.admin, projectId)).nextActions.find(
      (a: { instanceId: string }) => a.instanceId === last,
    );
    expect(next.who.departments.map((d: { code: string }) => d.code).sort()).toEqual([...others, 'planning'].sort());
    expect(next.who.label).toContain('自然资源和规划局');
    expect(next.who.label).not.toMatch(/[A-Za-z]/);
    expect(next.expectedEvents.map((e: { type: string }) => e.type).sort()).toEqual([
      'RECORD_RESULT',
      'RECORD_SITE_WIDE_CHECKS',
    ]);

    // Done: every opinion and the site-wide checks; no department's 待办 lists either section.
    for (const a of items.filter((x) => x.department !== 'planning'))
      await send(u[a.department], last, 'RECORD_RESULT', { acceptanceItem: a.code, result: 'pass' });
    await send(u.planning, last, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 1000, greenRatio: 0.3 });
    expect((await caseOf(last)).state).toBe('accepted');
    listed = await sectionRows(projectId, [first, last]);
    expect(Object.values(listed).flat()).toEqual([]);
  });
});

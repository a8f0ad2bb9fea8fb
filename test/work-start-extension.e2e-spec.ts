/**
 * work-start v2 through HTTP (issue #18 leftover): after an extension of the construction permit's work-start
 * period, the case page and the project page show a label that says it was extended and a due date counted 3
 * months from the last day of the period in force (建筑法 art. 9), that last day rolled off a rest day first
 * (民法典 art. 203) on the 2027 arrangement an admin loads. Projects are filed fresh and driven by the demo
 * accounts and the demo clock; new projects start work-start v3 (v2's period and label; the enterprise requests the
 * extension), and a case on v1 is moved by the admin (POST /api/cases/{id}/migrate) as for any in-flight case.
 * The clock only moves forward: tests run in date order.
 */
import { demoStaffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  YEAR_2027,
  caseView,
  childIdOf,
  cstDayNumber,
  filingBody,
  projectView,
  send,
  workQueues,
} from './projects-support';
import type { Http } from './projects-support';

const FIRST_LABEL = '施工许可证开工期限（领证之日起三个月）';
const EXTENDED_ONCE = '施工许可证开工期限（领证之日起三个月，已延期一次，自原期限届满之日起延长三个月）';

describe('work-start v2: the deadline after an extension (label and due date, case and project pages)', () => {
  let t: TestApp;
  let u: Record<string, Http>;
  let adminBearer = '';

  beforeAll(async () => {
    const demo = await demoStaffedApp();
    ({ t, u } = demo);
    adminBearer = demo.bearer.admin;
    await t.http().put('/api/calendar/years/2027').set('Authorization', adminBearer).send(YEAR_2027).expect(200);
  });
  afterAll(() => t?.close());

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense, u.archives];
  const advanceTo = async (date: string) => {
    const { now } = (await u.admin.get('/api/admin/clock').expect(200)).body as { now: string };
    const days = cstDayNumber(`${date}T04:00:00.000Z`) - cstDayNumber(now);
    expect(days).toBeGreaterThanOrEqual(0);
    for (let left = days; left > 0; left -= Math.min(left, 400))
      await u.admin.post('/api/admin/clock/advance', { days: Math.min(left, 400) }).expect(200);
  };
  /** A fresh industrial project with its construction permit issued today; its work-start child. */
  const permitted = async (name: string) => {
    const body = filingBody(name, { jointIssuance: true }, { investmentAmount: 7000, industrial: true });
    const projectId = (await u.ent.post('/api/projects', body).expect(201)).body.id as string;
    await workQueues(clerks(), projectId);
    const root = (await projectView(u.admin, projectId)).case.id as string;
    return { projectId, watch: await childIdOf(u.admin, root, 'workStart:1') };
  };
  const migrate = (id: string) =>
    u.admin.post(`/api/cases/${id}/migrate`, { toVersion: 2, reason: '开工期限延期按新规则计算' });
  const extend = (id: string) => send(u.ent, id, 'REQUEST_WORK_START_EXTENSION', { reason: '设备未到' });
  /** The work-start row of the project page's 下一步办理. */
  const nextAction = async (projectId: string, id: string) =>
    (await projectView(u.ent, projectId)).nextActions.find((a: { instanceId: string }) => a.instanceId === id);
  const pendingTimer = async (id: string) => {
    const [timer] = await t.dataSource.query(
      `SELECT due_at FROM workflow_timer WHERE instance_id = $1 AND timer_key = 'workStart:due' AND status = 'pending'`,
      [id],
    );
    return new Date(timer.due_at).toISOString();
  };

  let april = { projectId: '', watch: '' };
  let july = { projectId: '', watch: '' };
  let onV1 = { projectId: '', watch: '' };

  /**
   * A work-start case as a project filed before project-case v7 has it (v1, released). A fresh v3 case not yet
   * extended is v1's in every field (v1 → v2 → v3 move it as it is), so the fixture sets the version back.
   */
  const asStartedOnV1 = (id: string) =>
    t.dataSource.query(`UPDATE workflow_instance SET definition_version = 1 WHERE id = $1`, [id]);

  it('issued 2027-04-01 on a new project (work-start v3, counted as v2): 3 months end 07-01; extended, the period runs to 10-01 (国庆节) → 10-08, labelled 已延期一次', async () => {
    await advanceTo('2027-04-01');
    april = await permitted('铜箔公司四月施工许可项目');
    let c = await caseView(u.ent, april.watch);
    expect(c.definition.version).toBe(3);
    expect(c.deadline).toMatchObject({ label: FIRST_LABEL, dueDate: '2027-07-01' });

    await advanceTo('2027-06-20');
    await extend(april.watch);
    c = await caseView(u.ent, april.watch);
    expect(c.statusLabel).toBe('施工许可证已核发，待开工（已延期1次）');
    expect(c.deadline).toMatchObject({ label: EXTENDED_ONCE, dueDate: '2027-10-08', uncoveredYears: [] });
    expect(await nextAction(april.projectId, april.watch)).toMatchObject({
      statusLabel: '施工许可证已核发，待开工（已延期1次）',
      deadline: { label: EXTENDED_ONCE, dueDate: '2027-10-08' },
    });
    expect(await pendingTimer(april.watch)).toBe('2027-10-08T16:00:00.000Z');
  });

  it('issued 2027-07-01: the first period ends 10-01 (国庆节) → 10-08; the extension runs 3 months from 10-08 (2028-01-08, a Saturday → 01-10), not from the issue date (2028-01-01); v1 refuses to move once extended', async () => {
    await advanceTo('2027-07-01');
    july = await permitted('铜箔公司七月施工许可项目');
    onV1 = await permitted('铜箔公司七月旧版本项目');
    await asStartedOnV1(onV1.watch);
    expect((await caseView(u.ent, july.watch)).deadline).toMatchObject({ label: FIRST_LABEL, dueDate: '2027-10-08' });

    // During 国庆, after 10-01 but before the rolled last day: still in time.
    await advanceTo('2027-10-05');
    await extend(july.watch);
    const c = await caseView(u.ent, july.watch);
    // 2028 is not loaded: weekends only, flagged as estimated.
    expect(c.deadline).toMatchObject({ label: EXTENDED_ONCE, dueDate: '2028-01-10', uncoveredYears: [2028] });
    expect(await nextAction(july.projectId, july.watch)).toMatchObject({
      deadline: { label: EXTENDED_ONCE, dueDate: '2028-01-10' },
    });
    expect(await pendingTimer(july.watch)).toBe('2028-01-10T16:00:00.000Z');

    // The same request on v1 (released): 6 months from the issue date, under the first period's label.
    await extend(onV1.watch);
    expect((await caseView(u.ent, onV1.watch)).deadline).toMatchObject({ label: FIRST_LABEL, amount: 6 });
    const refused = await migrate(onV1.watch);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect(String(refused.body.message)).toContain('已按旧版本延期');
    expect(String(refused.body.message)).not.toMatch(/[A-Za-z]{2,}/);
    expect((await caseView(u.ent, onV1.watch)).definition.version).toBe(1);
  });

  it('the extended v2 period holds through its old end and lapses only after the new one', async () => {
    await advanceTo('2027-10-09');
    expect((await caseView(u.admin, april.watch)).state).toBe('lapsed');
    expect((await caseView(u.admin, july.watch)).state).toBe('awaitingWorkStart');
  });
});

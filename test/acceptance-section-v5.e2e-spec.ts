/**
 * acceptance-section v5 over HTTP (findings xb 1, 2; xa F1): the last section of a project whose 建设工程规划许可证
 * was granted on 告知承诺 passes every check and is not accepted while the commitment is open: it says what it waits
 * for; the 对标验收 is recorded on the commitment's own case (VERIFY, 竣工对标验收), no check is offered on the
 * section, and the verification accepts the section and completes the project.
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  caseView,
  childIdOf,
  filingBody,
  itemIdOf,
  projectView,
  send,
  workQueues,
  type Http,
} from './projects-support';

describe('acceptance-section v5: the last section waits for the open 告知承诺', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('as5', { env: { DEMO_MODE: 'true' }, enterprise: '子公司' }));
  });
  afterAll(() => t?.close());

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense, u.archives];
  const types = (c: { allowedEvents: { type: string }[] }) => c.allowedEvents.map((e) => e.type);

  it('passes every check, waits 待承诺办结, and is accepted once the commitment is verified on its own case', async () => {
    const projectId = (
      await u.ent
        .post('/api/projects', filingBody('子公司对标验收项目', { notifyCommit: true }, { industrial: true }))
        .expect(201)
    ).body.id as string;
    await workQueues(clerks(), projectId, 'landPlanning');
    const design = await itemIdOf(u.admin, projectId, 'designPlanReview');
    await send(u.window, design, 'WINDOW_ACCEPT');
    await send(u.planning, design, 'DEPARTMENT_ACCEPT');
    await send(u.planning, design, 'APPROVE', { opinion: '同意' });
    const planning = await itemIdOf(u.admin, projectId, 'engineeringPlanningPermit');
    await send(u.window, planning, 'WINDOW_ACCEPT');
    await send(u.planning, planning, 'DEPARTMENT_ACCEPT');
    await send(u.ent, planning, 'REQUEST_NOTIFY_COMMITMENT', {
      commitmentSigned: true,
      conditions: ['建筑退让符合规划条件'],
    });
    const nc = await childIdOf(u.admin, planning, 'notifyCommitment:1');
    await send(u.planning, nc, 'DECIDE_ON_COMMITMENT');
    await workQueues(clerks(), projectId);
    // Work reported started on the permit (project-case v11 may block acceptance without it).
    const root = (await projectView(u.admin, projectId)).case.id as string;
    const workStart = await childIdOf(u.admin, root, 'workStart:1').catch(() => null);
    if (workStart) await send(u.ent, workStart, 'REPORT_WORK_STARTED', {});

    const completion = (await projectView(u.ent, projectId)).stages.find(
      (s: { key: string }) => s.key === 'completionAcceptance',
    );
    const section: string = completion.sections[0].instanceId;
    expect((await caseView(u.admin, section)).definition.version).toBe(5);
    await send(u.ent, section, 'APPLY', { note: '具备验收条件' });
    await send(u.housing, section, 'START_JOINT_INSPECTION', {});
    const items: { code: string; department: string }[] = (await caseView(u.admin, section)).data.acceptanceItems;
    for (const { code, department } of items) {
      await send(u[department], section, 'RECORD_RESULT', { acceptanceItem: code, result: 'pass' });
    }
    await send(u.planning, section, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 1000, greenRatio: 0.3 });

    const waiting = await caseView(u.planning, section);
    expect(waiting.state).toBe('jointInspection');
    expect(waiting.statusLabel).toContain('检查均合格，待承诺办结：建设工程规划许可证核发（告知承诺待核查）');
    expect(types(waiting)).not.toContain('RECORD_COMMITMENT_CHECK');
    expect(waiting.data.openCommitments).toEqual([expect.objectContaining({ itemCode: 'engineeringPlanningPermit' })]);
    const refused = await u.planning.post(`/api/cases/${section}/events`, {
      type: 'RECORD_COMMITMENT_CHECK',
      payload: { itemCode: 'engineeringPlanningPermit', met: true },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect((await projectView(u.ent, projectId)).currentStage.key).toBe('completionAcceptance');

    // The one record of the commitment: its own case's 对标验收.
    await send(u.planning, nc, 'VERIFY', { method: 'completionAcceptance', compliant: true, findings: '符合承诺' });
    expect((await caseView(u.admin, section)).state).toBe('accepted');
    expect((await projectView(u.ent, projectId)).currentStage.key).toBe('complete');
  });
});

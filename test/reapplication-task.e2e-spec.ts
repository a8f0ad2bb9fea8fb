/**
 * Issue #18 point 13 over HTTP, on a fresh project filed through the API (project-case v7): after the department
 * revokes an approval, the re-application (重新申报) is the enterprise's to-do. GET /api/tasks as the enterprise
 * lists the project case with REAPPLY_ITEM offered and enabled, its case page offers the item to choose, and the
 * re-application sent as offered is accepted; the lead department's queue does not list the project case. On v6
 * the case said it waited on the department, so the enterprise's 待办 missed it. project-case v8: the project page's
 * clock pauses say 待企业重新申报 for that wait (v7: 施工期间), and none lasts no time. project-case v10: an item
 * withdrawn (撤件) while in 补正 is no longer with the enterprise: the wait reads 待企业重新申报 and the re-applied item
 * runs the clock.
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  acceptItem,
  approveItem,
  caseView,
  filingBody,
  fileProject,
  itemIdOf,
  projectView,
  send,
  staff,
  tasksOf,
  workQueues,
  type Http,
  type Task,
} from './projects-support';

describe('a revoked approval puts the re-application in the enterprise’s 待办', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('rt', {
      env: { DEMO_MODE: 'true' },
      enterprise: '庚公司',
      departments: ['window', 'development', 'planning', 'housing'],
    }));
  });
  afterAll(() => t?.close());

  it('lists the project case for the enterprise with 重新申报 enabled, not for the department; sent as offered, it is accepted', async () => {
    const projectId = await fileProject(
      u.ent,
      filingBody('庚公司撤销重报项目', { jointIssuance: true }, { industrial: true }),
    );
    await workQueues([u.window, u.development, u.planning, u.housing], projectId);
    // project-case v8: no pause of no time (v7 recorded 待企业申报下一阶段 from = to at a stage's end); construction.
    const built = (await projectView(u.ent, projectId)).wholeProcess.pauses;
    expect(built.filter((x: { from: string; to: string | null }) => x.from === x.to)).toEqual([]);
    expect(built).toEqual([
      { from: expect.any(String), to: null, reason: 'construction', reasonLabel: '施工期间（待申请竣工验收）' },
    ]);
    const permit = await itemIdOf(u.ent, projectId, 'engineeringPlanningPermit');
    await send(u.planning, permit, 'REVOKE', { reason: '以欺骗手段取得' });

    // The whole-process clock counts government time only (DOMAIN.md): it stands while the enterprise re-applies,
    // and the project page says so (v7: 施工期间 on).
    const paused = (await projectView(u.ent, projectId)).wholeProcess.pauses;
    expect(paused).toEqual([
      {
        from: built[0].from,
        to: expect.any(String),
        reason: 'construction',
        reasonLabel: '施工期间（待申请竣工验收）',
      },
      { from: expect.any(String), to: null, reason: 'reapplication', reasonLabel: '待企业重新申报' },
    ]);
    expect(paused[1].from).toBe(paused[0].to);

    // The enterprise's 待办: the project case, waiting on it, with 重新申报事项 offered and enabled.
    const tasks = await tasksOf(u.ent, `&projectId=${projectId}`);
    const task = tasks.find((x) => x.instanceId === projectId);
    expect(task).toMatchObject({
      definitionId: 'project-case',
      stage: 'engineeringPermit',
      waitingOn: 'enterprise',
      department: null,
    });
    const reapply = task!.allowedEvents.find((e) => e.type === 'REAPPLY_ITEM');
    expect(reapply).toMatchObject({ label: '重新申报事项' });
    expect(reapply).not.toHaveProperty('disabledReason');
    // Every row of the 待办 names its subject in words (the work-start period too, listed beside it).
    const rows = (await u.ent.get(`/api/tasks?projectId=${projectId}`).expect(200)).body.items;
    const subjects = Object.fromEntries(rows.map((r: Task & { subject: string }) => [r.definitionId, r.subject]));
    expect(subjects['project-case']).toBe('重新申报事项');
    for (const subject of Object.values(subjects)) expect(subject).toMatch(/[\u4e00-\u9fff]/);
    // The project's steward (代办) finds it in their 待办 too.
    const { steward } = await staff(
      t,
      {},
      { steward: { username: 'rt-steward', role: 'steward', assignedProjectIds: [projectId] } },
    );
    expect((await tasksOf(steward)).map((x) => x.instanceId)).toContain(projectId);
    // The zone view's 待企业办理 counts what the enterprise's 待办 lists for the project, the re-application included.
    const zone = (await steward.get('/api/zone/projects').expect(200)).body;
    const zoneRow = (Array.isArray(zone) ? zone : zone.items).find((p: { id: string }) => p.id === projectId);
    expect(zoneRow.waitingOnEnterprise).toBe(tasks.length);
    // The lead department's queue (and any other's) has nothing of the project case.
    for (const clerk of [u.planning, u.housing, u.development, u.window]) {
      expect((await tasksOf(clerk, `&projectId=${projectId}`)).map((x) => x.definitionId)).not.toContain(
        'project-case',
      );
    }

    // The task's page (the 待办 row links to /cases/:id) offers the form: the item to choose among the revoked.
    const page = await caseView(u.ent, projectId);
    const offer = page.allowedEvents.find((e: { type: string }) => e.type === 'REAPPLY_ITEM');
    const choices: { const: string; title: string }[] = offer.payloadSchema.properties.itemCode.oneOf;
    expect(choices).toEqual([{ const: 'engineeringPlanningPermit', title: '建设工程规划许可证核发' }]);
    await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: choices[0].const });

    // Applied for: the department's turn again, off the enterprise's 待办.
    expect((await tasksOf(u.ent, `&projectId=${projectId}`)).map((x) => x.instanceId)).not.toContain(projectId);
    const resumed = (await projectView(u.ent, projectId)).wholeProcess.pauses;
    expect(resumed.at(-1)).toMatchObject({ reason: 'reapplication', to: expect.any(String) });
    expect((await caseView(u.ent, projectId)).waitingOn).toBe('department');
  });

  // project-case v9: a revoked item of the CURRENT stage. v8's clock said 待企业重新申报, but its summary kept v7's rule
  // (only a refused item of the current stage), so the case said it waited on the lead department: nobody's 待办
  // held it, and the page offered 重新申报事项 to an enterprise whose 待办 never showed it.
  it('a revoked item of the current stage: the enterprise’s 待办 lists the project case with 重新申报事项 enabled, and the re-application is accepted', async () => {
    const projectId = await fileProject(u.ent, filingBody('庚公司本阶段撤销项目', {}, { industrial: true }));
    await approveItem(u, projectId, 'projectFiling', 'development');
    await approveItem(u, projectId, 'landTitleRegistration', 'planning');
    const title = await itemIdOf(u.ent, projectId, 'landTitleRegistration');
    await send(u.planning, title, 'REVOKE', { reason: '以欺骗手段取得' });
    await approveItem(u, projectId, 'landUsePlanningPermit', 'planning');

    const page = await projectView(u.ent, projectId);
    expect(page.currentStage.key).toBe('landPlanning');
    expect(page.wholeProcess.pauses.at(-1)).toMatchObject({
      reason: 'reapplication',
      reasonLabel: '待企业重新申报',
      to: null,
    });

    const task = (await tasksOf(u.ent, `&projectId=${projectId}`)).find((x) => x.instanceId === projectId);
    expect(task).toMatchObject({ definitionId: 'project-case', waitingOn: 'enterprise', department: null });
    const reapply = task!.allowedEvents.find((e) => e.type === 'REAPPLY_ITEM');
    expect(reapply).toMatchObject({ label: '重新申报事项' });
    expect(reapply).not.toHaveProperty('disabledReason');
    for (const clerk of [u.planning, u.development, u.window]) {
      expect((await tasksOf(clerk, `&projectId=${projectId}`)).map((x) => x.definitionId)).not.toContain(
        'project-case',
      );
    }

    const offer = (await caseView(u.ent, projectId)).allowedEvents.find(
      (e: { type: string }) => e.type === 'REAPPLY_ITEM',
    );
    const choices: { const: string; title: string }[] = offer.payloadSchema.properties.itemCode.oneOf;
    expect(choices.map((c) => c.const)).toEqual(['landTitleRegistration']);
    await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'landTitleRegistration' });

    // The item is with the department again: the window's 待办 lists the new application, the clock runs.
    expect((await tasksOf(u.ent, `&projectId=${projectId}`)).map((x) => x.instanceId)).not.toContain(projectId);
    expect((await caseView(u.ent, projectId)).waitingOn).toBe('department');
    const again = await itemIdOf(u.ent, projectId, 'landTitleRegistration');
    expect(again).not.toBe(title);
    expect((await tasksOf(u.window, `&projectId=${projectId}`)).map((x) => x.instanceId)).toContain(again);
    const resumed = await projectView(u.ent, projectId);
    expect(resumed.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'reapplication', to: expect.any(String) });
    expect(resumed.wholeProcess.timerState).not.toBe('paused');
  });

  // project-case v10: ≤ v9 kept a withdrawn item's code among the items in 补正 (itemsWithEnterprise), so the wait read
  // 待企业补正 and the re-applied item, received by the window, did not restart the clock (the random walk's
  // 'clock-stands-stale-correction').
  it('an item withdrawn (撤件) in 补正: the wait reads 待企业重新申报, and the clock runs while the re-applied item is with the department', async () => {
    const projectId = await fileProject(u.ent, filingBody('庚公司补正撤件项目', {}, { industrial: true }));
    const title = await acceptItem(u, projectId, 'landTitleRegistration', 'planning');
    await send(u.planning, title, 'REQUEST_CORRECTION', { missingMaterials: ['deedTaxReceipt'] });
    // 撤件 before any item of the application is decided (DOMAIN.md), while the enterprise corrects.
    await send(u.ent, title, 'WITHDRAW', { reason: '补正材料一时无法取得，先撤回申请' });
    await approveItem(u, projectId, 'projectFiling', 'development');
    await approveItem(u, projectId, 'landUsePlanningPermit', 'planning');

    // Nothing of the project is with a department: the clock stands, waiting for the re-application.
    const waiting = await projectView(u.ent, projectId);
    expect(waiting.currentStage.key).toBe('landPlanning');
    expect(waiting.wholeProcess.timerState).toBe('paused');
    expect(waiting.wholeProcess.pauses.at(-1)).toMatchObject({
      to: null,
      reason: 'reapplication',
      reasonLabel: '待企业重新申报',
    });
    expect(waiting.wholeProcess.pauses.map((p: { reason: string }) => p.reason)).not.toContain('correction');
    const task = (await tasksOf(u.ent, `&projectId=${projectId}`)).find((x) => x.instanceId === projectId);
    expect(task?.allowedEvents.find((e) => e.type === 'REAPPLY_ITEM')).not.toHaveProperty('disabledReason');

    await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'landTitleRegistration' });
    const again = await itemIdOf(u.ent, projectId, 'landTitleRegistration');
    expect(again).not.toBe(title);
    expect((await tasksOf(u.window, `&projectId=${projectId}`)).map((x) => x.instanceId)).toContain(again);
    const running = await projectView(u.ent, projectId);
    expect(running.wholeProcess.timerState).not.toBe('paused');
    expect(running.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'reapplication', to: expect.any(String) });
    expect((await caseView(u.ent, projectId)).waitingOn).toBe('department');

    // Accepted by the window and the department: still the department's time.
    await send(u.window, again, 'WINDOW_ACCEPT');
    await send(u.planning, again, 'DEPARTMENT_ACCEPT');
    expect((await projectView(u.ent, projectId)).wholeProcess.timerState).not.toBe('paused');
  });
});

import { CommandService } from '../src/cases/command.service';
import { actors, ENTERPRISE_ID } from './support/engine-fixtures';
import { clerk, ProjectDriver } from './support/project-driver';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  advanceDays,
  caseView,
  childIdOf,
  filingBody,
  itemIdOf,
  projectView,
  send,
  tasksOf,
  type Http,
} from './projects-support';

/**
 * 容缺 on a fresh project (approval-item v4): the enterprise supplies its last missing material before the
 * department decides the item. On v3 the department's 审核 of it was offered disabled and refused (请先作出办结决定);
 * now the clerk accepts it from the 待办, the file is complete, the decision is an ordinary 办结通过 and nothing of
 * the commitment stays open: no 容缺 for the project, no breach when its old deadline passes.
 */
describe('容缺: the last material accepted before the item is decided (approval-item v4), over HTTP', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('ef', {
      env: { DEMO_MODE: 'true' },
      enterprise: '戊公司',
      enterprises: { [ENTERPRISE_ID]: '测试企业' },
      users: { owner: { username: 'ef-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID } },
      departments: ['window', 'development', 'planning'],
    }));
  });
  afterAll(() => t?.close());

  it('the clerk accepts it from the 待办 (审核 enabled), approves the item 办结通过; no open 容缺, no credit record at the old deadline', async () => {
    // 建设用地规划许可证 filed without 项目备案证明 (on the 容缺清单); it depends on the project filing.
    const body = filingBody(
      '戊公司容缺先补齐项目',
      { tolerance: true },
      { missingMaterials: { landUsePlanningPermit: ['projectFilingProof'] } },
    );
    const projectId: string = (await u.ent.post('/api/projects', body).expect(201)).body.id;
    const filing = await itemIdOf(u.admin, projectId, 'projectFiling');
    await send(u.window, filing, 'WINDOW_ACCEPT');
    await send(u.development, filing, 'DEPARTMENT_ACCEPT');
    await send(u.development, filing, 'APPROVE', { opinion: '同意' });

    const item = await itemIdOf(u.admin, projectId, 'landUsePlanningPermit');
    const [{ version }] = await t.dataSource.query(
      'SELECT definition_version AS version FROM workflow_instance WHERE id = $1',
      [item],
    );
    expect(version).toBe(4);
    await send(u.window, item, 'WINDOW_ACCEPT');
    await send(u.planning, item, 'DEPARTMENT_ACCEPT');
    await send(u.ent, item, 'REQUEST_TOLERANCE', { commitmentLetterSigned: true });
    const tolerance = await childIdOf(u.admin, item, 'tolerance:1');
    await send(u.planning, tolerance, 'ACCEPT_TOLERANCE');
    await u.ent.upload(tolerance, 'projectFilingProof');
    await send(u.ent, tolerance, 'SUPPLY_MATERIAL', { material: 'projectFilingProof' });

    // The department's 待办 row for the commitment offers 审核, enabled.
    const row = (await tasksOf(u.planning, `&projectId=${projectId}`)).find((x) => x.instanceId === tolerance);
    expect(row).toBeDefined();
    const review = row!.allowedEvents.find((e) => e.type === 'REVIEW_MATERIAL');
    expect(review).toMatchObject({ label: expect.any(String) });
    expect(review).not.toHaveProperty('disabledReason');

    // Accepted before the decision: the commitment is fulfilled, the item is still the department's to decide.
    const reviewed = await u.planning.post(`/api/cases/${tolerance}/events`, {
      type: 'REVIEW_MATERIAL',
      payload: { material: 'projectFilingProof', compliant: true },
    });
    expect(reviewed.status).toBe(200);
    expect((await caseView(u.admin, tolerance)).state).toBe('fulfilled');
    const undecided = await caseView(u.planning, item);
    expect(undecided.state).toBe('departmentAccepted.reviewing');
    const offered = undecided.allowedEvents.map((e: { type: string }) => e.type);
    expect(offered).toContain('APPROVE');
    expect(offered).not.toContain('APPROVE_WITH_TOLERANCE');
    // Nothing left for the commitment in the 待办.
    expect((await tasksOf(u.planning, `&projectId=${projectId}`)).map((x) => x.instanceId)).not.toContain(tolerance);

    await send(u.planning, item, 'APPROVE', { opinion: '同意' });
    expect((await caseView(u.admin, item)).state).toBe('approved');

    // The project: the item approved on review, no commitment open behind it, the 容缺 settled.
    const project = await projectView(u.admin, projectId);
    const record = project.stages
      .flatMap((s: { items: { code: string }[] }) => s.items)
      .find((i: { code: string }) => i.code === 'landUsePlanningPermit');
    expect(record).toMatchObject({ itemStatus: 'approved', basis: 'review', commitmentOpen: false });
    expect(project.commitments.tolerance).toEqual([
      expect.objectContaining({ instanceId: tolerance, state: 'fulfilled', supplementDeadline: null }),
    ]);
    expect(project.nextActions.map((a: { instanceId: string }) => a.instanceId)).not.toContain(tolerance);

    // Long past the notice's deadline: nothing breached, no credit record, the approval stands.
    await advanceDays(u.admin, 30);
    const credit = await t.dataSource.query('SELECT id FROM credit_record WHERE enterprise_id = $1', ['ent-ef']);
    expect(credit).toEqual([]);
    expect((await caseView(u.admin, tolerance)).state).toBe('fulfilled');
    expect((await caseView(u.admin, item)).state).toBe('approved');
  });

  it('an item started on v3 (project-case v7) waits for the decision; migrated to v4, the review goes through', async () => {
    const d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    const projectId = await d.create(
      7,
      { tolerance: true },
      {
        flags: { industrial: false, specialConstruction: false, civilDefense: 'feePaid' },
        submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] },
      },
    );
    await d.approve(projectId, 'item:projectFiling', 'development');
    await d.approve(projectId, 'item:landTitleRegistration', 'planning');
    const item = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
    expect(
      (await t.dataSource.query('SELECT definition_version AS v FROM workflow_instance WHERE id = $1', [item]))[0].v,
    ).toBe(3);
    await d.send(item, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true });
    const tolerance = await d.child(item, 'tolerance:1');
    await d.send(tolerance, 'ACCEPT_TOLERANCE', clerk('planning'));
    const [material] = Object.keys((await d.context(tolerance)).missing);
    await u.owner.upload(tolerance, material);
    await send(u.owner, tolerance, 'SUPPLY_MATERIAL', { material });
    const reviewOffer = async () =>
      (await caseView(u.planning, tolerance)).allowedEvents.find((e: { type: string }) => e.type === 'REVIEW_MATERIAL');
    // v3: the review of the last material waits for the decision.
    expect((await reviewOffer())?.disabledReason).toMatch(/请先作出办结决定/);

    const migrated = await u.admin.post(`/api/cases/${item}/migrate`, { toVersion: 4, reason: '容缺材料可先审核' });
    expect(migrated.status).toBe(200);
    expect((await d.context(item)).tolerance).toMatchObject({ status: 'accepted' });
    expect((await reviewOffer())?.disabledReason).toBeUndefined();
    await send(u.planning, tolerance, 'REVIEW_MATERIAL', { material, compliant: true });
    expect(await d.state(tolerance)).toBe('fulfilled');
    await send(u.planning, item, 'APPROVE', { opinion: '同意' });
    expect(await d.state(item)).toBe('approved');
    const record = (await d.context(projectId)).items.landUsePlanningPermit;
    expect(record).toMatchObject({ status: 'approved', basis: 'review', commitmentOpen: false });
  });
});

/**
 * The project page as people read it, over HTTP on fresh projects filed through the API (outside checks xa/xb):
 * - an item the window did not accept (不予受理) has a re-application row in 下一步 with the REAPPLY_ITEM the project
 *   case offers for it (xa C5, xb 16: it had none, though the re-application was offered and accepted);
 * - a stage whose item opened ahead of it (施工图审查 after the design plan) reads 进行中, not 未开始 (xa C1).
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  approveItem,
  filingBody,
  fileProject,
  itemIdOf,
  projectView,
  send,
  workQueues,
  type Http,
} from './projects-support';

describe('the project page: re-application rows and stage headers', () => {
  let t: TestApp;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('pv', {
      env: { DEMO_MODE: 'true' },
      enterprise: '辛公司',
      departments: ['window', 'development', 'planning', 'housing'],
    }));
  });
  afterAll(() => t?.close());

  it('an item not accepted at the window is listed 不予受理，可重新申报 with the re-application offered; sent, it is accepted', async () => {
    const projectId = await fileProject(u.ent, filingBody('辛公司不予受理项目', {}, { civilDefense: 'exempt' }));
    const item = await itemIdOf(u.ent, projectId, 'landTitleRegistration');
    await send(u.window, item, 'NOT_ACCEPT', { reason: '不属于受理范围' });

    const page = await projectView(u.ent, projectId);
    const row = page.nextActions.find((a: { subject: string }) => a.subject === '国有建设用地使用权首次登记');
    expect(row).toMatchObject({
      instanceId: projectId,
      statusLabel: '不予受理，可重新申报',
      waitingOn: 'enterprise',
      payload: { itemCode: 'landTitleRegistration' },
      expectedEvents: [{ type: 'REAPPLY_ITEM', label: '重新申报事项' }],
      yourEvents: [{ type: 'REAPPLY_ITEM', label: '重新申报事项' }],
    });
    // Offered means accepted.
    await send(u.ent, projectId, 'REAPPLY_ITEM', { itemCode: 'landTitleRegistration' });
    const after = await projectView(u.ent, projectId);
    expect(after.nextActions.map((a: { statusLabel: string }) => a.statusLabel)).not.toContain('不予受理，可重新申报');
  });

  it('a stage with an item opened ahead of it reads 进行中 (施工图审查 after the design plan)', async () => {
    const projectId = await fileProject(u.ent, filingBody('辛公司提前审图项目', {}, { civilDefense: 'exempt' }));
    await workQueues([u.window, u.development, u.planning, u.housing], projectId, 'landPlanning');
    await approveItem(u, projectId, 'designPlanReview', 'planning');
    const page = await projectView(u.ent, projectId);
    const stage = page.stages.find((s: { key: string }) => s.key === 'constructionPermit');
    const opened = stage.items.filter((i: { itemStatus: string }) => i.itemStatus !== 'pending');
    expect(opened.length).toBeGreaterThan(0);
    expect(stage).toMatchObject({ status: 'inProgress', statusLabel: '进行中' });
  });
});

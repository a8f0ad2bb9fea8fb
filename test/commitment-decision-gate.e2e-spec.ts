/**
 * A 告知承诺 decision while its item is in 特别程序 (found by the random walk, seed 16 of 20×60): the decision
 * was offered, enabled, and then refused 409 because the item does not take it in that state. Now it is listed
 * disabled with a Chinese reason, refused with the same reason, and offered again once the procedure ends.
 */
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  approveItem,
  caseView,
  childIdOf,
  fileProject,
  filingBody,
  itemIdOf,
  send,
  tasksOf,
  type Http,
} from './projects-support';

describe('告知承诺 decision waits for its item (特别程序)', () => {
  let t: TestApp;
  let u: Record<string, Http> = {};

  beforeAll(async () => {
    ({ t, u } = await staffedApp('cdg', { enterprise: '戊公司' }));
  });
  afterAll(() => t?.close());

  const decision = async (id: string) =>
    (await caseView(u.planning, id)).allowedEvents.find((e: { type: string }) => e.type === 'DECIDE_ON_COMMITMENT');

  it('offered disabled with the reason, refused alike, offered again after the procedure', async () => {
    const projectId = await fileProject(u.ent, filingBody('戊公司告知承诺项目', { notifyCommit: true }));
    await approveItem(u, projectId, 'projectFiling', 'development');
    await approveItem(u, projectId, 'landTitleRegistration', 'planning');
    await approveItem(u, projectId, 'landUsePlanningPermit', 'planning');
    await approveItem(u, projectId, 'designPlanReview', 'planning');
    const item = await itemIdOf(u.ent, projectId, 'engineeringPlanningPermit');
    await send(u.window, item, 'WINDOW_ACCEPT');
    await send(u.planning, item, 'DEPARTMENT_ACCEPT');
    await send(u.ent, item, 'REQUEST_NOTIFY_COMMITMENT', { commitmentSigned: true, conditions: ['退让'] });
    const commitment = await childIdOf(u.planning, item, 'notifyCommitment:1');
    await send(u.planning, item, 'START_SPECIAL_PROCEDURE', { procedure: 'expertReview', reason: '专家评审' });

    const waiting = await decision(commitment);
    expect(waiting.disabledReason).toBe(
      '事项当前状态为「特别程序中」，暂不能作出告知承诺决定：请先在事项上办完当前环节（如结束特别程序）',
    );
    const task = (await tasksOf(u.planning, `&projectId=${projectId}`)).find((x) => x.instanceId === commitment);
    expect(task?.allowedEvents.find((e) => e.type === 'DECIDE_ON_COMMITMENT')?.disabledReason).toBe(
      waiting.disabledReason,
    );
    const refused = await u.planning.post(`/api/cases/${commitment}/events`, {
      type: 'DECIDE_ON_COMMITMENT',
      payload: {},
    });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(waiting.disabledReason);
    expect((await caseView(u.planning, commitment)).seq).toBe(1);

    await send(u.planning, item, 'END_SPECIAL_PROCEDURE');
    expect((await decision(commitment)).disabledReason).toBeUndefined();
    await send(u.planning, commitment, 'DECIDE_ON_COMMITMENT', { opinion: '同意' });
    expect((await caseView(u.planning, item)).statusLabel).toMatch(/办结/);
  });
});

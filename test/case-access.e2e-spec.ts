import { randomUUID } from 'node:crypto';
import { ENTERPRISE_ID } from './support/engine-fixtures';
import { userToken } from './support/http-users';
import { ProjectDriver } from './support/project-driver';
import { drivenApp } from './support/driven-app';
import type { TestApp } from './support/test-app';

describe('who sees a case (/api/cases/*)', () => {
  let t: TestApp;
  let d: ProjectDriver;
  let projectId: string;
  let itemId: string;

  beforeAll(async () => {
    ({ t, d, projectId } = await drivenApp());
    itemId = await d.child(projectId, 'item:landUsePlanningPermit');
  });
  afterAll(() => t.close());

  const get = async (token: string, path: string) => t.http().get(path).set('Authorization', token);

  it("a clerk whose department the project has not reached gets the same 404 as for a case that doesn't exist", async () => {
    const fire = await userToken(t, { username: 'acc-fire', role: 'clerk', department: 'fire' });
    const hidden = await get(fire, `/api/cases/${itemId}`);
    const missingId = randomUUID();
    const missing = await get(fire, `/api/cases/${missingId}`);
    expect(hidden.status).toBe(404);
    expect(missing.status).toBe(404);
    expect(hidden.body.message.replace(itemId, 'X')).toBe(missing.body.message.replace(missingId, 'X'));
    expect((await get(fire, `/api/cases/${itemId}/history`)).status).toBe(404);
  });

  it('the window clerk (the item waits in its queue) and the owning enterprise see it; another enterprise does not', async () => {
    const window = await userToken(t, { username: 'acc-window', role: 'clerk', department: 'window' });
    const view = await get(window, `/api/cases/${itemId}`);
    expect(view.status).toBe(200);
    expect(view.body.allowedEvents.map((e: { type: string }) => e.type)).toContain('WINDOW_ACCEPT');
    const owner = await userToken(t, { username: 'acc-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
    expect((await get(owner, `/api/cases/${itemId}`)).status).toBe(200);
    const other = await userToken(t, { username: 'acc-other', role: 'enterprise', enterpriseId: 'ent-other' });
    const res = await get(other, `/api/cases/${itemId}`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain('测试项目');
    const send = await t
      .http()
      .post(`/api/cases/${itemId}/events`)
      .set('Authorization', other)
      .send({ type: 'WITHDRAW', payload: { reason: 'x' } });
    expect(send.status).toBe(404);
  });

  it('a refused event says in Chinese what the caller can do now: the very offer the case view shows', async () => {
    const id = await d.child(await d.create(1, {}), 'item:landUsePlanningPermit');
    const window = await userToken(t, { username: 'acc-window', role: 'clerk', department: 'window' });
    const view = (await get(window, `/api/cases/${id}`)).body;
    const offered = view.allowedEvents.filter((e: { disabledReason?: string }) => !e.disabledReason);
    expect(offered.length).toBeGreaterThan(0);
    const refused = await t
      .http()
      .post(`/api/cases/${id}/events`)
      .set('Authorization', window)
      .send({ type: 'APPROVE', payload: { opinion: '同意' } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('EVENT_NOT_ALLOWED');
    expect(refused.body.message).toContain(
      `当前可以办理：${offered.map((e: { label: string }) => e.label).join('、')}`,
    );
    expect(refused.body.message).not.toMatch(/[A-Z_]{4,}/);
    expect(refused.body.details.allowedEvents).toEqual(view.allowedEvents);
    expect(refused.body.details.currentSeq).toBe(view.seq);
    // One who can do nothing on the case is told so, not offered the clerk's actions.
    const owner = await userToken(t, { username: 'acc-owner', role: 'enterprise', enterpriseId: ENTERPRISE_ID });
    const ownerView = (await get(owner, `/api/cases/${id}`)).body;
    const ownerRefused = await t
      .http()
      .post(`/api/cases/${id}/events`)
      .set('Authorization', owner)
      .send({ type: 'APPROVE', payload: { opinion: '同意' } });
    expect(ownerRefused.body.details.allowedEvents).toEqual(ownerView.allowedEvents);
  });

  it('an auditor reads the case and its history but cannot act', async () => {
    const auditor = await userToken(t, { username: 'acc-auditor', role: 'auditor' });
    const view = await get(auditor, `/api/cases/${itemId}`);
    expect(view.status).toBe(200);
    expect(view.body.allowedEvents).toEqual([]);
    expect((await get(auditor, `/api/cases/${itemId}/verify`)).body.ok).toBe(true);
    const act = await t
      .http()
      .post(`/api/cases/${itemId}/events`)
      .set('Authorization', auditor)
      .send({ type: 'WINDOW_ACCEPT', payload: {} });
    expect(act.status).toBe(403);
  });

  it("a command's response carries the case exactly as a fresh GET by the same caller shows it", async () => {
    const id = await d.child(await d.create(1, {}), 'item:landUsePlanningPermit');
    const window = await userToken(t, { username: 'acc-window', role: 'clerk', department: 'window' });
    const planning = await userToken(t, { username: 'acc-planning', role: 'clerk', department: 'planning' });
    const steps: [string, string, Record<string, unknown>][] = [
      [window, 'WINDOW_ACCEPT', { note: '材料齐全' }],
      [planning, 'DEPARTMENT_ACCEPT', {}],
      [planning, 'START_SPECIAL_PROCEDURE', { procedure: 'expertReview', reason: '专家评审' }],
      [planning, 'END_SPECIAL_PROCEDURE', {}],
      // notifies the project case (a cascade on the parent, not on this case)
      [planning, 'APPROVE', { opinion: '同意' }],
    ];
    for (const [token, type, payload] of steps) {
      const sent = await t.http().post(`/api/cases/${id}/events`).set('Authorization', token).send({ type, payload });
      expect(sent.status).toBe(200);
      const fresh = await get(token, `/api/cases/${id}`);
      expect(sent.body.case).toEqual(fresh.body);
      expect(sent.headers.etag).toBe(fresh.headers.etag);
    }
  });
});

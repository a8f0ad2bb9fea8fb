/**
 * What clerks and enterprises see at the edges (issue #18 points 10, 11, 13; raw codes on screen), through HTTP on
 * fresh projects: a deemed-accepted item stays visible to the window; a paused item is not overdue in any list;
 * demo time is the time people see; refusal messages name things in Chinese.
 */
import { SystemClock } from '../src/common/clock';
import { TimerScheduler } from '../src/timers/timer.scheduler';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  acceptItem,
  approveItem,
  fileProject,
  filingBody,
  foundationApplication,
  itemIdOf,
  projectView,
  send,
  tasksOf,
  type Http,
  type Practices,
} from './projects-support';

const DAY = 86_400_000;

const filing = (name: string, flags: Record<string, unknown> = {}, practices: Partial<Practices> = {}) =>
  filingBody(name, { jointIssuance: true, ...practices }, { investmentAmount: 8000, ...flags });

const FOUNDATION = foundationApplication([{ name: '1#厂房', area: 18000, includesSuperstructure: true }]);

/** An ASCII identifier (a code, an event type, a state path) in text people read. */
const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_.:-]{2,}/;

describe('what clerks and enterprises see at the edges', () => {
  let t: TestApp;
  let clock: SystemClock;
  let scheduler: TimerScheduler;
  let u: Record<string, Http>;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('e', {
      enterprise: '边界公司',
      departments: ['window', 'development', 'planning', 'housing'],
    }));
    clock = t.app.get(SystemClock);
    scheduler = t.app.get(TimerScheduler);
  });
  afterAll(() => t.close());

  const file = (name: string, flags: Record<string, unknown> = {}, practices: Partial<Practices> = {}) =>
    fileProject(u.ent, filing(name, flags, practices));
  const view = (projectId: string, who: Http = u.ent) => projectView(who, projectId);
  const itemId = (projectId: string, code: string) => itemIdOf(u.ent, projectId, code);
  const accept = (projectId: string, code: string, dept: string) => acceptItem(u, projectId, code, dept);
  const approve = (projectId: string, code: string, dept: string) => approveItem(u, projectId, code, dept);
  /** Fires every timer due at the clock's time (a cascade may schedule more). */
  async function fireTimers() {
    await scheduler.runOnce();
    await scheduler.runOnce();
  }

  it('point 1: the window clerk still sees (read-only) an item deemed accepted; the department holds it', async () => {
    const projectId = await file('视同受理项目');
    const id = await itemId(projectId, 'projectFiling');
    expect((await u.window.get(`/api/cases/${id}`)).status).toBe(200);
    expect((await tasksOf(u.window)).map((x) => x.instanceId)).toContain(id);

    clock.advance(10 * DAY);
    await fireTimers();

    const c = await u.window.get(`/api/cases/${id}`);
    expect(c.status).toBe(200);
    expect(c.body.state).toBe('windowAccepted');
    // Nothing left to accept; 撤回 before the department accepts stays the window's right (approval-item v2).
    expect(c.body.allowedEvents.map((e: { type: string }) => e.type)).toEqual(['RECALL']);
    expect((await u.window.get(`/api/projects/${projectId}`)).status).toBe(200);
    const listed = await u.window.get('/api/projects?limit=100');
    expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(projectId);
    // Not the window's to act on any more: out of its queue, into the department's.
    expect((await tasksOf(u.window)).map((x) => x.instanceId)).not.toContain(id);
    expect((await tasksOf(u.development)).map((x) => x.instanceId)).toContain(id);
    // A department the item never reached still sees nothing.
    expect((await u.housing.get(`/api/cases/${id}`)).status).toBe(404);
  });

  it('point 2: an item waiting on the enterprise (补正) is not overdue in the project list, the filter or the queues', async () => {
    const projectId = await file('补正暂停项目');
    await approve(projectId, 'projectFiling', 'development');
    await approve(projectId, 'landTitleRegistration', 'planning');
    const id = await accept(projectId, 'landUsePlanningPermit', 'planning');
    await send(u.planning, id, 'REQUEST_CORRECTION', { missingMaterials: [await someMaterial(id)] });

    clock.advance(60 * DAY);
    await fireTimers();

    const detail = (await u.ent.get(`/api/cases/${id}`)).body;
    expect(['paused', 'stopped']).toContain(detail.timerState);
    const open = await t.dataSource.query(
      `SELECT id, due_at FROM workflow_instance WHERE project_id = $1 AND status = 'active' AND due_at IS NOT NULL`,
      [projectId],
    );
    expect(open.map((r: { id: string }) => r.id)).not.toContain(id);
    const overdue = await u.ent.get('/api/projects?overdue=true&limit=100');
    expect(overdue.body.items.map((p: { id: string }) => p.id)).not.toContain(projectId);
    const listed = (await u.ent.get('/api/projects?limit=100')).body.items.find(
      (p: { id: string }) => p.id === projectId,
    );
    expect(listed.overdue).toBe(false);
    const task = (await tasksOf(u.ent, `&projectId=${projectId}`)).find((x) => x.instanceId === id);
    expect(task).toMatchObject({ overdue: false, warning: false, dueAt: null });
  });

  async function someMaterial(id: string): Promise<string> {
    const c = (await u.planning.get(`/api/cases/${id}`)).body;
    const offer = c.allowedEvents.find((e: { type: string }) => e.type === 'REQUEST_CORRECTION');
    return offer.payloadSchema.properties.missingMaterials.items.oneOf[0].const;
  }

  it('point 3: in demo time, 最近更新 is the demo clock, not the real one', async () => {
    const projectId = await file('演示时间项目');
    clock.advance(30 * DAY);
    const id = await itemId(projectId, 'projectFiling');
    const near = (iso: string) =>
      expect(Math.abs(new Date(iso).getTime() - clock.now().getTime())).toBeLessThan(60_000);
    const answer = await send(u.window, id, 'WINDOW_ACCEPT');
    expect(answer.case).not.toBeNull();
    near(answer.case.updatedAt);
    near((await u.window.get(`/api/cases/${id}`)).body.updatedAt);
    const task = (await tasksOf(u.development, `&projectId=${projectId}`)).find((x) => x.instanceId === id);
    near((task as unknown as { updatedAt: string }).updatedAt);
    // 补正 notifies the enterprise: its 站内消息 carries the demo time too.
    const permit = await accept(projectId, 'landTitleRegistration', 'planning');
    await send(u.planning, permit, 'REQUEST_CORRECTION', { missingMaterials: [await someMaterial(permit)] });
    let notice: { link: string; createdAt: string } | undefined;
    for (let tries = 0; !notice && tries < 50; tries++) {
      const inbox = (await u.ent.get('/api/notifications')).body.items as { link: string; createdAt: string }[];
      notice = inbox.find((n) => n.link.includes(permit));
      if (!notice) await new Promise((r) => setTimeout(r, 100));
    }
    expect(notice).toBeDefined();
    near(notice!.createdAt);
  });

  it('point 4: refusals name items, materials and conditions in Chinese, never by code', async () => {
    const messages: string[] = [];
    const refuse = async (who: Http, id: string, type: string, payload: object = {}) => {
      const res = await who.post(`/api/cases/${id}/events`, { type, payload });
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      messages.push(res.body.message);
    };
    // An above-ground permit under 桩基先行 before the joint review: the refusal lists missing reviews.
    const projectId = await file('桩基拒绝项目', { industrial: true }, { foundationFirst: true });
    await approve(projectId, 'projectFiling', 'development');
    await approve(projectId, 'landTitleRegistration', 'planning');
    await approve(projectId, 'landUsePlanningPermit', 'planning');
    const foundation = await childOf(projectId, 'foundation');
    await refuse(u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', { ...FOUNDATION, unitWorks: [] });
    await send(u.ent, foundation, 'APPLY_FOUNDATION_PERMIT', FOUNDATION);
    // Before the design plan is approved: the entry conditions, then the above-ground permit's prerequisites.
    await refuse(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
    await approve(projectId, 'designPlanReview', 'planning');
    await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
    await send(u.ent, foundation, 'WORK_STARTED');
    await send(u.ent, foundation, 'APPLY_ABOVE_GROUND_PERMIT');
    await refuse(u.housing, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
    await refuse(u.planning, foundation, 'ISSUE_ABOVE_GROUND_PERMIT');
    // An item decided before the items it depends on; an event its state does not allow; a wrong department.
    const drawings = await itemId(projectId, 'constructionDrawingReview');
    await refuse(u.housing, drawings, 'APPROVE', { opinion: '同意' });
    await refuse(u.planning, drawings, 'WINDOW_ACCEPT');
    await refuse(u.window, drawings, 'NO_SUCH_EVENT');
    await refuse(u.window, drawings, 'REQUEST_CORRECTION', { missingMaterials: ['noSuchMaterial'] });
    await send(u.window, drawings, 'WINDOW_ACCEPT');
    await refuse(u.housing, drawings, 'REQUEST_CORRECTION', { missingMaterials: ['noSuchMaterial'] });
    await refuse(u.housing, drawings, 'APPROVE', { opinion: '同意' });
    expect(messages.length).toBeGreaterThanOrEqual(6);
    for (const m of messages) {
      expect(typeof m).toBe('string');
      expect({ message: m, identifier: IDENTIFIER.exec(m)?.[0] ?? null }).toEqual({ message: m, identifier: null });
    }
  });

  it('point 5: a revoked permit reads 已撤销，待重新申报 in the view and the list, with re-application next and the bundle affected', async () => {
    const projectId = await file('撤销重报项目', { industrial: true });
    await approve(projectId, 'projectFiling', 'development');
    await approve(projectId, 'landTitleRegistration', 'planning');
    await approve(projectId, 'landUsePlanningPermit', 'planning');
    await approve(projectId, 'designPlanReview', 'planning');
    await approve(projectId, 'engineeringPlanningPermit', 'planning');
    await approve(projectId, 'constructionDrawingReview', 'housing');
    const permit = await approve(projectId, 'constructionPermit', 'housing');
    await send(u.housing, permit, 'REVOKE', { reason: '以欺骗手段取得' });

    const v = await view(projectId);
    const stage = v.stages.find((s: { key: string }) => s.key === 'constructionPermit');
    expect(stage).toMatchObject({ status: 'inProgress', statusLabel: '已撤销，待重新申报' });
    expect(v.certificates.bundle).toMatchObject({ affected: true });
    const next = v.nextActions.find((a: { subject: string }) => a.subject === '建筑工程施工许可证核发');
    expect(next.yourEvents.map((e: { type: string; label: string }) => [e.type, e.label])).toContainEqual([
      'REAPPLY_ITEM',
      expect.stringMatching(/重新申报/),
    ]);
    const listed = (await u.ent.get('/api/projects?limit=100')).body.items.find(
      (p: { id: string }) => p.id === projectId,
    );
    expect(listed).toBeDefined();
    expect(listed.statusLabel).toContain('撤销');
    expect(listed.statusLabel).not.toMatch(IDENTIFIER);
    // The housing clerk who revoked it sees the same.
    const seen = await view(projectId, u.housing);
    expect(seen.stages.find((s: { key: string }) => s.key === 'constructionPermit').statusLabel).toBe(
      '已撤销，待重新申报',
    );
  });

  async function childOf(projectId: string, childKey: string): Promise<string> {
    const v = await view(projectId);
    const c = (await u.ent.get(`/api/cases/${v.case.id}`)).body.children.find(
      (x: { childKey: string }) => x.childKey === childKey,
    );
    if (!c) throw new Error(`no child ${childKey}`);
    return c.id;
  }
});

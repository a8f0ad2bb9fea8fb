/**
 * What people see at the edges, over HTTP on fresh projects: an action not possible yet is shown greyed with the
 * reason in Chinese (and refused with the same words), never offered enabled; the project list's stage filter has
 * 已竣工验收 and its stages match active projects only; a clock that stands says so (deadline.paused) whatever
 * opened its pause, also once it is overdue.
 */
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { staffedApp } from './support/staffed-app';
import type { TestApp } from './support/test-app';
import {
  advanceDays,
  approveItem,
  caseView,
  childIdOf,
  fileProject,
  filingBody,
  foundationApplication,
  projectView,
  reportWorkStarted,
  send,
  tasksOf,
  workQueues,
  type Http,
} from './projects-support';

type Offer = { type: string; label: string; disabledReason?: string };
const PASSWORD = 'user-edges-password-1';

jest.setTimeout(240_000);
type NextAction = { instanceId: string; expectedEvents: Offer[]; yourEvents: Offer[] };

describe('user-facing edges', () => {
  let t: TestApp;
  let u: Record<string, Http>;
  let base: string;
  let browser: Browser | undefined;

  beforeAll(async () => {
    ({ t, u } = await staffedApp('ue', { env: { DEMO_MODE: 'true' }, enterprise: '庚公司' }));
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    await t.app.get(UsersService).create({
      username: 'ue-housing-browser',
      displayName: '住建局 王审查',
      role: 'clerk',
      department: 'housing',
      password: PASSWORD,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** The project page's 下一步办理 row of a case, as the housing clerk reads it in Chromium. */
  async function nextStepRow(projectId: string, subject: string): Promise<string> {
    browser ??= await launchBrowser();
    const page = await browser.newPage({ locale: 'zh-CN' });
    try {
      await page.goto(`${base}/login`);
      await page.fill('#login-username', 'ue-housing-browser');
      await page.fill('#login-password', PASSWORD);
      await page.click('form.login-form button[type=submit]');
      await page.waitForSelector('#user-name');
      await page.goto(`${base}/projects/${projectId}`);
      const row = page.locator('tr', { hasText: subject }).filter({ hasText: '核发' });
      await row.first().waitFor();
      return await row.first().innerText();
    } finally {
      await page.close();
    }
  }

  const clerks = () => [u.window, u.development, u.planning, u.housing, u.fire, u.civilDefense];

  describe('greyed, not hidden, with a reason', () => {
    it('ISSUE_FOUNDATION_PERMIT before the design plan is approved: greyed with why in the case, the 待办 and the project page; refused with the same words; enabled once approved', async () => {
      const projectId = await fileProject(
        u.ent,
        filingBody('庚公司桩基先行厂房', { foundationFirst: true }, { industrial: true }),
      );
      await workQueues(clerks(), projectId, 'landPlanning');
      const foundation = await childIdOf(u.ent, projectId, 'foundation');
      await send(
        u.ent,
        foundation,
        'APPLY_FOUNDATION_PERMIT',
        foundationApplication([{ name: '1#生产厂房', area: 18000, includesSuperstructure: true }]),
      );
      const REASON = '建设工程设计方案尚未批复';
      const issueOffer = async () =>
        ((await caseView(u.housing, foundation)).allowedEvents as Offer[]).find(
          (e) => e.type === 'ISSUE_FOUNDATION_PERMIT',
        );

      expect(await issueOffer()).toMatchObject({ label: '核发桩基阶段施工许可', disabledReason: REASON });
      const task = (await tasksOf(u.housing, `&projectId=${projectId}`)).find((x) => x.instanceId === foundation);
      expect(task?.allowedEvents.find((e) => e.type === 'ISSUE_FOUNDATION_PERMIT')?.disabledReason).toBe(REASON);
      // The refusal stays offered enabled: the department may still decide no.
      expect(task?.allowedEvents.find((e) => e.type === 'REFUSE_FOUNDATION_PERMIT')).not.toHaveProperty(
        'disabledReason',
      );
      const next = ((await projectView(u.ent, projectId)).nextActions as NextAction[]).find(
        (a) => a.instanceId === foundation,
      );
      expect(next?.expectedEvents.find((e) => e.type === 'ISSUE_FOUNDATION_PERMIT')?.disabledReason).toBe(REASON);
      // The page's 待办操作 says it cannot be done yet and why, beside what can be done.
      const row = await nextStepRow(projectId, '桩基先行施工许可');
      expect(row).toContain(`核发桩基阶段施工许可（暂不能办理：${REASON}）`);
      expect(row).toContain('不予核发桩基阶段施工许可');

      const refused = await u.housing.post(`/api/cases/${foundation}/events`, {
        type: 'ISSUE_FOUNDATION_PERMIT',
        payload: {},
      });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body.message).toContain(REASON);

      await approveItem(u, projectId, 'designPlanReview', 'planning');
      const ready = await issueOffer();
      expect(ready).toBeDefined();
      expect(ready).not.toHaveProperty('disabledReason');
      await send(u.housing, foundation, 'ISSUE_FOUNDATION_PERMIT');
      expect((await caseView(u.ent, foundation)).state).toBe('foundationPermitted.awaitingWorkStart');
    });
  });

  describe('a finished project: 已竣工验收 in the stage filter, and a stood clock says it stands', () => {
    const list = async (query: string): Promise<string[]> => {
      const res = await u.admin.get(`/api/projects?limit=100&${query}`);
      expect(res.status).toBe(200);
      return (res.body.items as { id: string }[]).map((p) => p.id);
    };

    it('deadline.paused is true while the whole-process clock stands, also when its pause opened after it went overdue; stage=complete lists finished projects, the stages active ones', async () => {
      const waiting = await fileProject(u.ent, filingBody('庚公司待办项目'));
      const projectId = await fileProject(u.ent, filingBody('庚公司竣工项目', {}, { industrial: true }));
      // The departments keep it past its 60 working days: the clock is overdue.
      await advanceDays(u.admin, 120);
      await workQueues(clerks(), projectId);
      let p = await projectView(u.ent, projectId);
      expect(p.currentStage.key).toBe('completionAcceptance');
      // Past its due date (the calendar keeps it once overdue) …
      expect(p.wholeProcess.daysLeft).toBeLessThan(0);
      expect(p.wholeProcess.deadline.dueDate).not.toBeNull();
      // Construction: nothing is with a department, the clock stands.
      expect(p.wholeProcess.pauses.at(-1)).toMatchObject({ reason: 'construction', to: null });
      // … and standing: the view says so, as its timer state does.
      expect(p.wholeProcess.timerState).toBe('paused');
      expect(p.wholeProcess.deadline).toMatchObject({ paused: true, remainingWorkingDays: null });
      expect((await caseView(u.ent, projectId)).deadline).toMatchObject({ paused: true, remaining: null });

      expect(await list('stage=completionAcceptance')).toContain(projectId);
      expect(await list('stage=landPlanning')).toContain(waiting);

      // The one section through the joint inspection: the project is complete.
      const section: string = p.stages[3].sections[0].instanceId;
      // project-case v11: a section applies only once work is reported started.
      await reportWorkStarted(u.ent, projectId);
      await send(u.ent, section, 'APPLY', { note: '具备验收条件' });
      await send(u.housing, section, 'START_JOINT_INSPECTION');
      const c = await caseView(u.admin, section);
      for (const { code, department } of c.data.acceptanceItems as { code: string; department: string }[]) {
        await send(u[department], section, 'RECORD_RESULT', { acceptanceItem: code, result: 'pass' });
      }
      if ((await caseView(u.admin, section)).state === 'jointInspection')
        await send(u.planning, section, 'RECORD_SITE_WIDE_CHECKS', { totalFloorArea: 1000, greenRatio: 0.3 });
      p = await projectView(u.ent, projectId);
      expect(p.currentStage.key).toBe('complete');

      const complete = await list('stage=complete');
      expect(complete).toContain(projectId);
      expect(complete).not.toContain(waiting);
      // A finished case keeps its last stage in its row: the stage filter no longer lists it there.
      expect(await list('stage=completionAcceptance')).not.toContain(projectId);
      const refused = await u.admin.get('/api/projects?stage=finished');
      expect(refused.status).toBe(400);
      expect(refused.body.message).toMatch(/[\u4e00-\u9fff]/);
      // The filter's names come from the API (the web page builds its options from them).
      const labels = (await u.ent.get('/api/labels').expect(200)).body;
      expect(labels.stages.complete).toBe('已竣工验收');
    });
  });
});

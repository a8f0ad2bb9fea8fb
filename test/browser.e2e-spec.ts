import type { Browser, Page } from 'playwright-core';
import { UsersService } from '../src/users/users.service';
import { launchBrowser, login as loginAs, openPage, see, serve } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';
import { NO_PRACTICES } from '../workflows/testing/project-fixture';

/**
 * The browser UI end to end: the real app on a free port, Chromium (test/support/browser.ts: the npm package's
 * binary, or Debian's when installed) driven by playwright-core.
 * A window clerk takes a task from the queue and submits an action through the form generated from its
 * allowedEvents; a stale page gets the version conflict; the enterprise reads its project status in Chinese;
 * an auditor verifies the history; counts stopped at 1,000 (a search, a work queue) read "1000+".
 * Screenshots go to /tmp/browser-*.png.
 */
const PASSWORD = 'browser-test-password-1';
const ENTERPRISE = { id: 'ent-browser', name: '湖北浏览器测试材料有限公司' };
const PROJECT_NAME = '浏览器测试锂电池负极材料项目';

jest.setTimeout(180_000);

describe('browser UI (Chromium, real PostgreSQL)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let projectId: string;
  let enterpriseBearer: string;
  let windowBearer: string;
  const pageErrors: string[] = [];

  const login = (username: string) => loginAs(page, base, username, PASSWORD);

  async function api(method: 'get' | 'post', url: string, bearer: string, body?: object) {
    const req = t.http()[method](url).set('Authorization', bearer);
    const res = body ? await req.send(body) : await req;
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp();
    base = await serve(t);

    const users = t.app.get(UsersService);
    await t.dataSource.query('INSERT INTO enterprise (id, name) VALUES ($1, $2)', [ENTERPRISE.id, ENTERPRISE.name]);
    for (const u of [
      { username: 'web-window', displayName: '综合窗口 张受理', role: 'clerk' as const, department: 'window' },
      {
        username: 'web-ent',
        displayName: '测试企业 李联系人',
        role: 'enterprise' as const,
        enterpriseId: ENTERPRISE.id,
      },
      { username: 'web-development', displayName: '发改局 赵审查', role: 'clerk' as const, department: 'development' },
      { username: 'web-auditor', displayName: '审计 王监察', role: 'auditor' as const },
    ]) {
      await users.create({ ...u, password: PASSWORD });
    }
    const token = async (username: string) =>
      `Bearer ${(await t.http().post('/api/auth/login').send({ username, password: PASSWORD }).expect(200)).body.accessToken}`;
    enterpriseBearer = await token('web-ent');
    windowBearer = await token('web-window');

    const created = await api('post', '/api/projects', enterpriseBearer, {
      name: PROJECT_NAME,
      category: 'socialInvestment',
      investorType: 'socialCapital',
      landSupplyMode: 'tenderAuctionListing',
      investmentAmount: 10000,
      practices: { ...NO_PRACTICES, jointIssuance: true },
      industrial: true, // 六证联发 is for industrial projects (catalog v2)
    });
    projectId = created.body.id;

    browser = await launchBrowser();
    // A browser far from China: the UI must still show China Standard Time.
    page = await openPage(browser, pageErrors, {
      viewport: { width: 1366, height: 900 },
      timezoneId: 'America/New_York',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('refuses a wrong password in Chinese', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login$/);
    await page.fill('#login-username', 'web-window');
    await page.fill('#login-password', 'wrong-password');
    await page.click('form.login-form button[type=submit]');
    await expect(page.locator('.login-form .alert-error').textContent()).resolves.toBe('用户名或密码错误');
  });

  it('a window clerk sees the task in the queue, opens it and submits 窗口受理 through the generated form', async () => {
    await login('web-window');
    expect(page.url()).toBe(`${base}/tasks`);
    await expect(page.locator('#user-role').textContent()).resolves.toBe('窗口/科室工作人员 · 综合窗口');
    await expect(page.locator('h1').textContent()).resolves.toBe('办件工作台 · 综合窗口');

    const rows = page.locator('table tbody tr', { hasText: PROJECT_NAME });
    await rows.first().waitFor();
    expect(await rows.count()).toBeGreaterThan(0);
    // At the window the promised time limit has not started yet.
    await see(rows.first().locator('.badge'), '未计时');
    await page.screenshot({ path: '/tmp/browser-clerk-queue.png', fullPage: true });

    // 企业投资项目备案 (发展改革局) is one of the 立项用地规划许可 items now at the window.
    const link = (await see(rows, '企业投资项目备案')).locator('a.strong');
    const subject = (await link.textContent())!;
    await link.click();
    await page.waitForSelector('#case-status');
    await expect(page.locator('h1').textContent()).resolves.toBe(subject);
    await expect(page.locator('#case-status').textContent()).resolves.toBe('已接件');
    const caseId = page.url().split('/').pop()!;

    // The form is generated from allowedEvents[].payloadSchema: WINDOW_ACCEPT has an optional 备注.
    const action = page.locator('details:has(form[data-event=WINDOW_ACCEPT])');
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
    const form = action.locator('form');
    await expect(form.locator('.field-label').first().textContent()).resolves.toContain('备注');
    await form.locator('textarea[name=note]').fill('材料齐全，予以受理');
    await form.locator('button[type=submit]').click();

    await see(page.locator('#case-status'), '窗口已受理');
    await see(page.locator('main .alert-success'), '已提交「窗口受理」');
    expect(await page.locator('form[data-event=WINDOW_ACCEPT]').count()).toBe(0);
    await page.screenshot({ path: '/tmp/browser-clerk-case.png', fullPage: true });

    // Recorded with the payload from the form, an Idempotency-Key the page generated, and the clerk as actor.
    const history = (await api('get', `/api/cases/${caseId}/history`, windowBearer)).body;
    const accepted = history.events.find((e: { type: string }) => e.type === 'WINDOW_ACCEPT');
    expect(accepted).toMatchObject({
      payload: { note: '材料齐全，予以受理' },
      actor: { role: 'clerk', department: 'window' },
      idempotencyKey: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('the department clerk then finds the item in its queue, with the working days left', async () => {
    await login('web-development');
    await see(page.locator('h1'), '办件工作台 · 发展改革局');
    const row = await see(page.locator('table tbody tr', { hasText: PROJECT_NAME }), '企业投资项目备案');
    await see(row.locator('.badge'), /正常|预警|逾期/);
    // The calendar lives on the server: the days left come from the case view.
    await see(row.locator('.deadline-rest'), /剩余 \d+ 个工作日|今日到期|已逾期/);
    expect(await row.locator('.chip').allTextContents()).toEqual(expect.arrayContaining(['部门受理']));
    await page.screenshot({ path: '/tmp/browser-department-queue.png', fullPage: true });
  });

  it('shows a version conflict in Chinese when someone else changed the case, then the fresh state', async () => {
    const tasks = (await api('get', `/api/tasks?projectId=${projectId}&limit=100`, windowBearer)).body.items;
    const open = tasks.find((task: { allowedEvents: { type: string }[] }) =>
      task.allowedEvents.some((e) => e.type === 'WINDOW_ACCEPT'),
    );
    expect(open).toBeDefined();
    await login('web-window');
    await page.goto(`${base}/cases/${open.instanceId}`);
    await page.waitForSelector('form[data-event=WINDOW_ACCEPT]', { state: 'attached' });

    // Another clerk accepts it meanwhile.
    await api('post', `/api/cases/${open.instanceId}/events`, windowBearer, { type: 'WINDOW_ACCEPT', payload: {} });

    const action = page.locator('details:has(form[data-event=WINDOW_ACCEPT])');
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
    await action.locator('button[type=submit]').click();
    await see(page.locator('main .alert-error'), '案件已被他人更新，请刷新');
    await see(page.locator('#case-status'), '窗口已受理');
    expect(await page.locator('form[data-event=WINDOW_ACCEPT]').count()).toBe(0);
  });

  it('names the missing field of a generated form in Chinese', async () => {
    const tasks = (await api('get', `/api/tasks?projectId=${projectId}&limit=100`, windowBearer)).body.items;
    const open = tasks.find((task: { allowedEvents: { type: string }[] }) =>
      task.allowedEvents.some((e) => e.type === 'NOT_ACCEPT'),
    );
    expect(open).toBeDefined();
    await page.goto(`${base}/cases/${open.instanceId}`);
    const action = page.locator('details:has(form[data-event=NOT_ACCEPT])');
    await action.waitFor({ state: 'attached' });
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
    await action.locator('button[type=submit]').click();
    await see(action.locator('.form-message'), '理由（请填写）');
    await expect(action.locator('.field.has-error .field-error').textContent()).resolves.toBe('请填写');
  });

  it('the enterprise sees its project status in Chinese: stages, items with departments, certificates, next steps', async () => {
    await login('web-ent');
    expect(page.url()).toBe(`${base}/projects`);
    await expect(page.locator('#user-role').textContent()).resolves.toBe('建设单位');
    await page.locator('table a.strong', { hasText: PROJECT_NAME }).click();
    await page.waitForSelector('.stepper');
    expect(page.url()).toBe(`${base}/projects/${projectId}`);

    await see(page.locator('h1'), PROJECT_NAME);
    expect(await page.locator('.stepper .step').allTextContents()).toEqual([
      '1立项用地规划许可进行中',
      '2工程建设许可未开始',
      '3施工许可未开始',
      '4竣工验收未开始',
    ]);
    const landStage = page.locator('section.stage', { hasText: '立项用地规划许可' });
    const accepted = await see(landStage.locator('tbody tr'), '窗口已受理');
    expect(await accepted.textContent()).toMatch(/发展改革局|自然资源和规划局/);
    const titles = await page.locator('main h2').allTextContents();
    expect(titles).toEqual(expect.arrayContaining(['下一步办理', '证照（六证联发）', '办理进度时间线']));
    // Times in China Standard Time although the browser runs in New York.
    const created = (await api('get', `/api/projects/${projectId}`, enterpriseBearer)).body.createdAt as string;
    const cst = new Date(Date.parse(created) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    await see(page.locator('.summary'), cst);
    await page.screenshot({ path: '/tmp/browser-enterprise-project.png', fullPage: true });
  });

  it('an auditor verifies the project case history', async () => {
    await login('web-auditor');
    await page.goto(`${base}/cases/${projectId}/audit`);
    await page.waitForSelector('table');
    await see(page.locator('main table tbody tr'), '创建案件');
    await page.click('text=校验完整性（含下级案件）');
    await see(page.locator('#verify-result .alert-success'), '校验通过');
    await page.screenshot({ path: '/tmp/browser-auditor.png', fullPage: true });
  });

  it('a search with more than 1,000 matches says "1000+" and still pages on', async () => {
    // 1,005 more projects of the enterprise sharing a name fragment, inserted in SQL (a read-side test)
    await t.dataSource.query(
      `INSERT INTO project (id, code, name, enterprise_id, category, details)
       SELECT gen_random_uuid(), 'WEB-CAP-' || g, '浏览器批量园区' || g || '号厂房', $1, 'socialInvestment', '{}'
         FROM generate_series(1, 1005) AS g`,
      [ENTERPRISE.id],
    );
    try {
      await login('web-auditor');
      await page.goto(`${base}/projects`);
      await page.fill('input[name=q]', '浏览器批量园区');
      await page.click('form[role=search] button[type=submit]');
      const pager = page.locator('.pager .muted');
      await see(pager, '共 1000+ 个项目');
      expect(await pager.textContent()).toBe('第 1 / … 页，共 1000+ 个项目');
      expect(await page.locator('main table tbody tr').count()).toBe(20);
      expect(await page.locator('.pager a', { hasText: '上一页' }).count()).toBe(0);

      await page.locator('.pager a', { hasText: '下一页' }).click();
      await see(pager, '第 2 / … 页');
      expect(new URL(page.url()).searchParams.get('offset')).toBe('20');
      await see(page.locator('.pager a'), '上一页');
      await see(page.locator('.pager a'), '下一页');

      // a narrower term is counted exactly again: 1, 10–19, 100–199 and 1000–1005
      await page.goto(`${base}/projects?q=${encodeURIComponent('浏览器批量园区1')}`);
      await see(pager, '共 117 个项目');
      expect(await pager.textContent()).toBe('第 1 / 6 页，共 117 个项目');
      await page.screenshot({ path: '/tmp/browser-search-capped.png', fullPage: true });
    } finally {
      await t.dataSource.query(`DELETE FROM project WHERE code LIKE 'WEB-CAP-%'`);
    }
  });

  it('a work queue of more than 1,000 tasks says "1000+" and shows the most urgent ones', async () => {
    // 1,200 more cases in the development department's queue, cloned in SQL from its item (a read-side test)
    await t.dataSource.query(
      `INSERT INTO workflow_instance (id, definition_id, definition_version, parent_id, child_key, project_id, snapshot, seq,
                                      status, state, status_label, stage, department_queue, waiting_on, deadline, due_at,
                                      warn_at, timer_state, head_hash)
       SELECT gen_random_uuid(), definition_id, definition_version, NULL, NULL, project_id, snapshot, seq, status, state,
              status_label, stage, department_queue, waiting_on, deadline, now() + interval '30 days', NULL, 'normal',
              'web-cap-clone'
         FROM workflow_instance, generate_series(1, 1200)
        WHERE id = (SELECT id FROM workflow_instance WHERE department_queue = 'development' AND status = 'active' LIMIT 1)`,
    );
    try {
      await login('web-development');
      await see(page.locator('h1'), '办件工作台 · 发展改革局');
      const total = page.locator('.stat', { hasText: '待办事项' }).locator('.stat-value');
      await see(total, '1000+');
      expect(await total.textContent()).toBe('1000+');
      await see(page.locator('main p.muted'), '仅显示最紧急的 100 件，共 1000 件以上。');
    } finally {
      await t.dataSource.query(`DELETE FROM workflow_instance WHERE head_hash = 'web-cap-clone'`);
    }
  });

  it('logs out to the login page, and raised no script errors on the way', async () => {
    await page.click('#logout');
    await page.waitForURL(/\/login$/);
    expect(await page.evaluate(() => (globalThis as any).sessionStorage.length)).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});

import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { CommandService } from '../src/cases/command.service';
import { UsersService } from '../src/users/users.service';
import { launchBrowser } from './support/browser';
import { ENTERPRISE_ID } from './support/engine-fixtures';
import { clerk, ProjectDriver, STAGES } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The browser UI of issue #19 (Chromium, real PostgreSQL): the project page's revoked certificate with the way
 * back, every main page on a 390×844 phone without horizontal overflow, form drafts that survive a re-login,
 * the admin screens, search by 项目编号, and the filing form's 容缺 materials and enterprise picker; the project page's
 * clock pauses in words (project-case v8: 待企业重新申报 while a revoked stage waits for the re-application).
 */
const PASSWORD = 'browser-ui-password-1';
const PHONE = { width: 390, height: 844 };

/** The browser's sessionStorage, as the page functions below use it (the test's own types have no DOM). */
type Store = { getItem(key: string): string | null; setItem(key: string, value: string): void };

jest.setTimeout(240_000);

describe('browser UI of issue #19 (Chromium, real PostgreSQL)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let desktop: BrowserContext;
  let phone: BrowserContext;
  let page: Page;
  let d: ProjectDriver;
  let revokedProject: string;
  const pageErrors: string[] = [];

  async function login(p: Page, username: string) {
    await p.goto(`${base}/login`);
    await p.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear());
    await p.goto(`${base}/login`);
    await p.fill('#login-username', username);
    await p.fill('#login-password', PASSWORD);
    await p.click('form.login-form button[type=submit]');
    await p.waitForSelector('#user-name');
  }

  /** The page is no wider than the phone's screen (nothing scrolls sideways). */
  async function fitsPhone(p: Page, what: string) {
    const { scroll, inner } = await p.evaluate(() => {
      const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
      return { scroll: g.document.documentElement.scrollWidth, inner: g.innerWidth };
    });
    if (scroll > inner) throw new Error(`${what}: the page is ${scroll}px wide on a ${inner}px screen`);
  }

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    // The driver's project also creates its enterprise, which the enterprise user belongs to.
    revokedProject = await d.create(1, {});
    await d.passStage(revokedProject, STAGES.landPlanning);
    await d.send(await d.child(revokedProject, 'item:landUsePlanningPermit'), 'REVOKE', clerk('planning'), {
      reason: '申请材料不实',
    });
    const users = t.app.get(UsersService);
    for (const u of [
      { username: 'ui-ent', displayName: '测试企业 周经办', role: 'enterprise' as const, enterpriseId: ENTERPRISE_ID },
      { username: 'ui-window', displayName: '综合窗口 吴受理', role: 'clerk' as const, department: 'window' },
      { username: 'ui-planning', displayName: '规划局 郑审查', role: 'clerk' as const, department: 'planning' },
      { username: 'ui-auditor', displayName: '审计 钱监察', role: 'auditor' as const },
      { username: 'ui-admin', displayName: '系统管理员 孙', role: 'admin' as const },
      { username: 'ui-steward', displayName: '项目管家 冯', role: 'steward' as const },
    ]) {
      await users.create({ ...u, password: PASSWORD });
    }

    browser = await launchBrowser();
    desktop = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    page = await desktop.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows a revoked certificate as 已撤销 with when, and the way back: 重新申报', async () => {
    await login(page, 'ui-ent');
    await page.goto(`${base}/projects/${revokedProject}`);
    const row = page.locator('tr.row-revoked', { hasText: '建设用地规划许可证' });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain('已撤销');
    // The project case records the cause as a code ('revoked'), never shown; the reason in words is the item's.
    expect(text).not.toMatch(/[A-Za-z]/);
    expect(text).toContain('下一步：重新申报');
    await row.locator('a.way-back-link', { hasText: '去重新申报' }).click();
    await page.waitForSelector('#case-status');
    expect(page.url()).toBe(`${base}/cases/${revokedProject}`);
    expect(pageErrors).toEqual([]);
  });

  it('says in the clock’s pauses that the project waits for the re-application (project-case v8), never a code', async () => {
    const id = await d.create(
      8,
      { jointIssuance: true },
      {
        flags: { industrial: true, specialConstruction: false, civilDefense: 'exempt' },
      },
    );
    for (const [key, dept] of [
      ['item:projectFiling', 'development'],
      ['item:landTitleRegistration', 'planning'],
      ['item:landUsePlanningPermit', 'planning'],
      ['item:designPlanReview', 'planning'],
      ['item:engineeringPlanningPermit', 'planning'],
      ['item:constructionDrawingReview', 'housing'],
      ['item:constructionPermit', 'housing'],
    ])
      await d.approve(id, key, dept);
    await d.send(await d.child(id, 'item:engineeringPlanningPermit'), 'REVOKE', clerk('planning'), {
      reason: '申请材料不实',
    });
    await login(page, 'ui-ent');
    await page.goto(`${base}/projects/${id}`);
    const rows = page.locator('table.clock-pauses tbody tr');
    await rows.last().waitFor();
    const texts = await rows.allInnerTexts();
    // Construction until the revocation, then the wait for the re-application; no pause of no time before them.
    expect(texts).toHaveLength(2);
    expect(texts[0]).toContain('施工期间（待申请竣工验收）');
    expect(texts[1]).toContain('待企业重新申报');
    expect(texts[1]).toContain('暂停中');
    for (const text of texts) expect(text).not.toMatch(/[A-Za-z]/);
    expect(pageErrors).toEqual([]);
  });

  it('a steward files for an enterprise picked by name, with 容缺 materials from the item tolerance lists', async () => {
    await login(page, 'ui-steward');
    await page.goto(`${base}/projects/new`);
    await page.fill('#enterprise-search', '测试');
    await page.locator('#enterprise-results button.pick').first().click();
    await expect(page.locator('#enterprise-chosen').innerText()).resolves.toContain('已选择：');
    const form = page.locator('#new-project-form');
    await form.locator('input[name="name"]').fill('浏览器容缺申报测试项目');
    await form.locator('select[name="category"]').selectOption('socialInvestment');
    await form.locator('select[name="investorType"]').selectOption('socialCapital');
    await form.locator('select[name="landSupplyMode"]').selectOption('tenderAuctionListing');
    await form.locator('input[name="investmentAmount"]').fill('5000');
    await form.locator('input[name="industrial"]').check();
    await form.locator('input[name="practices.tolerance"]').check();
    const picker = page.locator('#tolerance-picker');
    await picker.locator('input[type=checkbox]').first().waitFor();
    // Every option is a material in words, never a code; a core material is never offered.
    const optionText = await picker.innerText();
    expect(optionText).not.toMatch(/[A-Za-z]{3,}/);
    const box = picker.locator('input[type=checkbox]').first();
    const [itemCode, materialCode] = [
      (await box.getAttribute('name'))!.replace('missingMaterials.', ''),
      (await box.getAttribute('value'))!,
    ];
    await box.check();
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const [row] = await t.dataSource.query(
      "SELECT snapshot->'context'->'flags'->>'industrial' AS industrial, snapshot->'context'->'items' AS items FROM workflow_instance WHERE id = $1",
      [id],
    );
    expect(row.industrial).toBe('true');
    const [project] = await t.dataSource.query('SELECT enterprise_id FROM project WHERE id = $1', [id]);
    expect(project.enterprise_id).toBe(ENTERPRISE_ID);
    const [input] = await t.dataSource.query(
      "SELECT payload->'submittedMaterials'->$2 AS submitted FROM workflow_event WHERE instance_id = $1 ORDER BY seq LIMIT 1",
      [id, itemCode],
    );
    expect(input.submitted).not.toContain(materialCode);
    expect(pageErrors).toEqual([]);
  });

  it('keeps a filing draft across a re-login, and forgets it once sent', async () => {
    await login(page, 'ui-ent');
    await page.goto(`${base}/projects/new`);
    const form = page.locator('#new-project-form');
    await form.locator('input[name="name"]').fill('草稿保留测试项目');
    await form.locator('input[name="investmentAmount"]').fill('1234');
    await form.locator('input[name="practices.tolerance"]').check();
    await page.locator('#tolerance-picker input[type=checkbox]').first().check();
    // The login expires: the token is gone, the next call is refused, the user signs in again.
    await page.evaluate(() => {
      const g = globalThis as unknown as { sessionStorage: Store };
      const raw = g.sessionStorage.getItem('sz-approval.session')!;
      g.sessionStorage.setItem('sz-approval.session', JSON.stringify({ ...JSON.parse(raw), accessToken: 'expired' }));
    });
    await page.goto(`${base}/projects/new`);
    await page.waitForURL(/\/login\?/);
    await page.fill('#login-username', 'ui-ent');
    await page.fill('#login-password', PASSWORD);
    await page.click('form.login-form button[type=submit]');
    await page.waitForURL(/\/projects\/new$/);
    await page.locator('#draft-restored').waitFor();
    await expect(form.locator('input[name="name"]').inputValue()).resolves.toBe('草稿保留测试项目');
    await expect(form.locator('input[name="investmentAmount"]').inputValue()).resolves.toBe('1234');
    await expect(form.locator('input[name="practices.tolerance"]').isChecked()).resolves.toBe(true);
    await page.locator('#tolerance-picker input[type=checkbox]:checked').first().waitFor();

    await form.locator('select[name="category"]').selectOption('socialInvestment');
    await form.locator('select[name="investorType"]').selectOption('socialCapital');
    await form.locator('select[name="landSupplyMode"]').selectOption('tenderAuctionListing');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await page.goto(`${base}/projects/new`);
    await form.locator('input[name="name"]').waitFor();
    await expect(form.locator('input[name="name"]').inputValue()).resolves.toBe('');
    expect(await page.locator('#draft-restored').count()).toBe(0);
  });

  it('keeps what a clerk typed into an action form across a re-login', async () => {
    await login(page, 'ui-window');
    await page.locator('main table tbody tr a.btn', { hasText: '办理' }).first().click();
    await page.waitForSelector('#case-status');
    const caseUrl = page.url();
    const action = page.locator('details.action', { has: page.locator('textarea') }).first();
    // Open it whether or not the page opened it already.
    await action.evaluate((d) => d.setAttribute('open', ''));
    const text = action.locator('textarea').first();
    await text.fill('材料页码不全，请补充第三页');
    const name = await text.getAttribute('name');
    await page.evaluate(() => {
      const g = globalThis as unknown as { sessionStorage: Store };
      const raw = g.sessionStorage.getItem('sz-approval.session')!;
      g.sessionStorage.setItem('sz-approval.session', JSON.stringify({ ...JSON.parse(raw), accessToken: 'expired' }));
    });
    await page.goto(caseUrl);
    await page.waitForURL(/\/login\?/);
    await page.fill('#login-username', 'ui-window');
    await page.fill('#login-password', PASSWORD);
    await page.click('form.login-form button[type=submit]');
    await page.waitForURL(caseUrl);
    const restored = page.locator(`details.action[open] textarea[name="${name}"]`).first();
    await restored.waitFor();
    await expect(restored.inputValue()).resolves.toBe('材料页码不全，请补充第三页');
    expect(pageErrors).toEqual([]);
  });

  it('an auditor finds a project by 项目编号 and reads its history in words; codes only behind 技术详情', async () => {
    const [filed] = await t.dataSource.query(
      "SELECT id, code FROM project WHERE code LIKE 'SZGX-%' ORDER BY created_at LIMIT 1",
    );
    await login(page, 'ui-auditor');
    expect(page.url()).toBe(`${base}/audit`);
    await page.fill('input[name=q]', filed.code.toLowerCase());
    await page.click('form[role=search] button[type=submit]');
    const hit = page.locator('main table tbody tr a', { hasText: '浏览器容缺申报测试项目' });
    await hit.waitFor();
    expect(await page.locator('main table tbody tr').count()).toBe(1);
    await hit.click();
    await page.waitForURL(`${base}/cases/${filed.id}/audit`);
    const rows = page.locator('main table tbody tr');
    await rows.filter({ hasText: '创建案件' }).first().waitFor();
    const words = await page.locator('main').innerText();
    // No ids, event types, state paths or raw JSON on screen.
    expect(words).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|[A-Z]{3,}_[A-Z]|INSTANCE_CREATED|\{"|item:/);
    expect(words).toContain('项目管家');

    await page.check('#tech-toggle');
    await expect(page.locator('main').innerText()).resolves.toContain('INSTANCE_CREATED');
    await page.uncheck('#tech-toggle');

    await login(page, 'ui-ent');
    await page.goto(`${base}/cases/${revokedProject}/audit`);
    await rows.filter({ hasText: '创建案件' }).first().waitFor();
    expect(await page.locator('#tech-toggle').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|[A-Z]{3,}_[A-Z]/);
    expect(pageErrors).toEqual([]);
  });

  it('an admin creates a clerk, disables and enables the account, and loads a holiday year', async () => {
    await login(page, 'ui-admin');
    await page.click('nav >> text=系统管理');
    await page.waitForURL(`${base}/admin/users`);
    const form = page.locator('#user-form');
    // Role and department options are words, never codes.
    const options = await form.locator('select option').allInnerTexts();
    expect(options).toContain('窗口/科室工作人员');
    expect(options.join(' ')).not.toMatch(/[A-Za-z]/);
    await form.locator('#user-username').fill('ui-fire-clerk');
    await form.locator('#user-displayName').fill('消防 何审查');
    await form.locator('#user-password').fill('fire-clerk-password-1');
    await form.locator('#user-role-select').selectOption('clerk');
    await form.locator('#user-department').selectOption('fire');
    await form.locator('button[type=submit]').click();
    const row = page.locator('main table tbody tr', { hasText: '消防 何审查' });
    await row.waitFor();
    expect(await row.innerText()).toContain('窗口/科室工作人员 · 消防救援大队');
    await row.locator('button', { hasText: '停用' }).click();
    await row.locator('.badge', { hasText: '停用' }).waitFor();
    const [user] = await t.dataSource.query("SELECT active FROM app_user WHERE username = 'ui-fire-clerk'");
    expect(user.active).toBe(false);
    await row.locator('button', { hasText: '启用' }).click();
    await row.locator('.badge', { hasText: '启用' }).waitFor();

    // A clerk without a department would be refused: the form names the field in Chinese and sends nothing.
    const posts: string[] = [];
    const record = (r: Request) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/users')) posts.push(r.url());
    };
    page.on('request', record);
    await form.locator('#user-username').fill('ui-no-dept');
    await form.locator('#user-displayName').fill('缺部门');
    await form.locator('#user-password').fill('no-dept-password-1');
    await form.locator('#user-role-select').selectOption('clerk');
    await form.locator('button[type=submit]').click();
    await expect(form.locator('.alert-error').innerText()).resolves.toBe('请选择所属部门');
    page.off('request', record);
    expect(posts).toEqual([]);

    await page.click('a.tab >> text=节假日日历');
    await page.waitForURL(`${base}/admin/calendar`);
    const cal = page.locator('#calendar-form');
    await cal.locator('#calendar-year').fill('2031');
    // Without the source the server would refuse it: named in Chinese before sending.
    await cal.locator('#calendar-holidays').fill('2031-01-01 元旦');
    await cal.locator('button[type=submit]').click();
    await expect(cal.locator('.alert-error').innerText()).resolves.toBe('请填写发布依据');
    await cal.locator('#calendar-source').fill('测试通知');
    await cal.locator('#calendar-holidays').fill('2031-01-01 元旦\n2031-10-01 国庆节');
    await cal.locator('#calendar-workdays').fill('2031-09-28 国庆节调休');
    await cal.locator('button[type=submit]').click();
    await page.locator('main table tbody tr', { hasText: '2031' }).first().waitFor();
    await page.locator('#calendar-year-detail', { hasText: '国庆节调休' }).waitFor();

    // Not in demo mode: the clock cannot be moved, and the page says so.
    await page.click('a.tab >> text=演示时钟');
    await page.locator('.alert', { hasText: '只在演示模式下可用' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('holds every main page on a 390×844 phone without sideways scrolling, the 办理 button on screen', async () => {
    const p = await phone.newPage();
    p.on('pageerror', (e) => pageErrors.push(e.message));
    const visit = async (path: string) => {
      await p.goto(`${base}${path}`);
      await p.waitForSelector('main[aria-busy=false]');
      await fitsPhone(p, path);
    };
    await login(p, 'ui-ent');
    for (const path of [
      '/projects',
      `/projects/${revokedProject}`,
      `/cases/${revokedProject}`,
      '/tasks',
      '/projects/new',
    ])
      await visit(path);
    await visit(`/cases/${revokedProject}/audit`);

    await login(p, 'ui-window');
    await p.waitForSelector('main[aria-busy=false]');
    await fitsPhone(p, '/tasks (clerk)');
    const act = p.locator('main table tbody tr a.btn', { hasText: '办理' }).first();
    await act.waitFor();
    const box = (await act.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    await act.click();
    await p.waitForSelector('#case-status');
    await p.waitForSelector('main[aria-busy=false]');
    await fitsPhone(p, 'case page (clerk)');

    await login(p, 'ui-admin');
    for (const path of ['/admin/users', '/admin/calendar', '/dashboard']) await visit(path);
    await login(p, 'ui-auditor');
    await visit('/audit');
    await p.close();
    expect(pageErrors).toEqual([]);
  });

  it("a steward's projects show the assignment, and the to-do count counts only rows with something to do", async () => {
    await login(page, 'ui-steward');
    await page.goto(`${base}/projects`);
    const row = page.locator('main table tbody tr', { hasText: '浏览器容缺申报测试项目' });
    await row.waitFor();
    await expect(row.locator('td.assignment').innerText()).resolves.toContain('项目管家 冯');

    await page.goto(`${base}/tasks`);
    await page.waitForSelector('main[aria-busy=false]');
    const counted = Number(await page.locator('.stat', { hasText: '待办事项' }).locator('.stat-value').innerText());
    const todo = await page.locator('main .card-body > .table-wrap table tbody tr').count();
    expect(counted).toBe(todo);
    // A queue with a row the steward can act on and one that waits on someone else: only the first is counted.
    const [project] = await t.dataSource.query(
      "SELECT id, name, code FROM project WHERE name = '浏览器容缺申报测试项目'",
    );
    const task = (id: string, subject: string, allowedEvents: { type: string; label: string }[]) => ({
      instanceId: id,
      subject,
      project: { id: project.id, name: project.name, code: project.code },
      statusLabel: '待建设单位办理',
      waitingOn: 'enterprise',
      timerState: 'normal',
      timerStateLabel: '正常',
      dueAt: null,
      allowedEvents,
    });
    await page.route('**/api/tasks?*', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({
          items: [
            task(project.id, '补交容缺材料', [{ type: 'SUPPLY_MATERIAL', label: '补交材料' }]),
            task(project.id, '签署容缺承诺书', []),
          ],
          total: 2,
          totalCapped: false,
        }),
      }),
    );
    await page.goto(`${base}/tasks`);
    await page.locator('#waiting-others').waitFor();
    await expect(page.locator('.stat', { hasText: '待办事项' }).locator('.stat-value').innerText()).resolves.toBe('1');
    await expect(page.locator('#waiting-others summary').innerText()).resolves.toContain('等待他人办理的事项（1 件');
    await page.unroute('**/api/tasks?*');
    expect(pageErrors).toEqual([]);
  });
});

describe('the demo clock screen (Chromium, demo mode)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    await t.app.listen(0, '127.0.0.1');
    await t.app.get(UsersService).create({
      username: 'ui-demo-admin',
      displayName: '演示管理员',
      role: 'admin',
      password: PASSWORD,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('moves the service clock forward by the days asked', async () => {
    const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const page = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/login`);
    await page.fill('#login-username', 'ui-demo-admin');
    await page.fill('#login-password', PASSWORD);
    await page.click('form.login-form button[type=submit]');
    await page.waitForSelector('#user-name');
    await page.goto(`${base}/admin/clock`);
    await page.locator('#clock-offset', { hasText: '0 天' }).waitFor();
    await page.fill('#clock-days', '3');
    await page.click('#clock-form button[type=submit]');
    await page.locator('#clock-offset', { hasText: '3 天' }).waitFor();
    const res = await t.http().post('/api/auth/login').send({ username: 'ui-demo-admin', password: PASSWORD });
    const clock = await t.http().get('/api/admin/clock').set('Authorization', `Bearer ${res.body.accessToken}`);
    expect(clock.body.offsetDays).toBe(3);
    expect(errors).toEqual([]);
  });
});

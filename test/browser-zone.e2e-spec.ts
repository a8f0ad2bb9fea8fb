import { type Browser, type Locator, type Page, type Request } from 'playwright-core';
import { launchBrowser, login as loginAs, openPage, see as seeWithin, serve } from './support/browser';
import { roleHas } from '../src/auth/permissions';
import { DEMO_PASSWORD } from '../src/users/demo-accounts';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The zone command in the browser, on the demo seed: the leader's view (key projects, what is overdue, slipping
 * milestones, the unread count), the steward's work list and battle map (the Gantt-like chart drawn by ECharts,
 * a milestone entered), an enterprise raising a problem that the steward assigns, the department resolves and
 * the enterprise confirms — each through the pages. Launches Debian's Chromium as test/browser.e2e-spec.ts
 * does. Screenshots go to /tmp/browser-zone-*.png.
 */

jest.setTimeout(240_000);

/** The demo seed's pages are heavier: a little longer to wait. */
const see = (locator: Locator, text?: string | RegExp) => seeWithin(locator, text, 15_000);

describe('zone command in the browser (Chromium, demo seed)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const login = (username: string) => loginAs(page, base, username, DEMO_PASSWORD);

  /** Opens an action of the case page (generated from allowedEvents), fills it and submits it. */
  async function act(type: string, fill: Record<string, string> = {}) {
    const action = page.locator(`details:has(form[data-event=${type}])`);
    await action.waitFor();
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
    const form = action.locator('form');
    for (const [name, value] of Object.entries(fill)) await form.locator(`[name=${name}]`).fill(value);
    await form.locator('button[type=submit]').click();
    await see(page.locator('main .alert-success'), '已提交');
  }

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    base = await serve(t);
    browser = await launchBrowser();
    page = await openPage(browser, pageErrors, { viewport: { width: 1366, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("the leader's view: key projects, overdue and open problems, the slipping milestone, unread messages", async () => {
    await login('leader');
    expect(page.url()).toBe(`${base}/zone`);
    await expect(page.locator('h1').textContent()).resolves.toBe('项目长视图');
    await expect(page.locator('#user-role').textContent()).resolves.toBe('项目长');
    const rows = page.locator('#zone-projects table tbody tr');
    await see(rows, '斯诺');
    expect(await rows.count()).toBe(2);
    await see(rows.filter({ hasText: '斯诺' }).locator('.badge'), '重点项目');
    await see(rows.filter({ hasText: '斯诺' }).locator('.badge'), '主体完工 滞后');
    await expect(page.locator('#zone-slipping').textContent()).resolves.toBe('1');
    await expect(page.locator('#zone-open-problems').textContent()).resolves.toBe('4');
    // The escalation the demo leader made is theirs: no message; the nav shows the unread count when there is one.
    await see(page.locator('#nav-notifications'), '消息');
    await page.screenshot({ path: '/tmp/browser-zone-leader.png', fullPage: true });

    await page.locator('.nav-link', { hasText: '会议调度' }).click();
    await see(page.locator('#meeting-list .card-title'), '现场办公');
    await see(page.locator('#meeting-list'), '消防验收意见出具较慢');
    // The form follows the list (it waits for the leader's projects): wait for it rather than count at once.
    await page.locator('#record-meeting').waitFor();
    expect(await page.locator('#record-meeting').count()).toBe(1);
  });

  it("the steward's work list and the battle map as a Gantt-like chart; a milestone entered", async () => {
    await login('steward');
    await page.locator('.nav-link', { hasText: '工作清单' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('项目管家工作清单');
    const snow = await see(page.locator('#zone-projects table tbody tr'), '斯诺');
    await snow.locator('a', { hasText: '滞后' }).click();
    await page.waitForSelector('#battle-map-chart[data-rendered=true]');
    await expect(page.locator('h1').textContent()).resolves.toContain('作战图');
    expect(await page.locator('#battle-map-chart canvas').count()).toBeGreaterThan(0);
    await see(page.locator('#milestone-table tr', { hasText: '主体完工' }).locator('.badge'), '滞后');
    await expect(page.locator('#battle-slipping').textContent()).resolves.toBe('1');
    await page.screenshot({ path: '/tmp/browser-zone-battle-map.png', fullPage: true });

    // A milestone without its planned date would be refused: named in Chinese, nothing sent.
    const puts: string[] = [];
    const record = (r: Request) => {
      if (r.method() === 'PUT' && r.url().endsWith('/milestones')) puts.push(r.url());
    };
    page.on('request', record);
    const planned = page.locator('#milestone-editor input[aria-label=主体完工计划日期]');
    const plannedOn = await planned.inputValue();
    await planned.fill('');
    await page.locator('#milestone-editor button[type=submit]').click();
    await see(page.locator('#milestone-editor .form-message'), '请填写计划日期：主体完工');
    page.off('request', record);
    expect(puts).toEqual([]);
    await planned.fill(plannedOn);

    // The steward records that the main structure is complete: no longer slipping.
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await page.locator('#milestone-editor input[aria-label=主体完工实际日期]').fill(today);
    await page.locator('#milestone-editor button[type=submit]').click();
    await see(page.locator('#milestone-table tr', { hasText: '主体完工' }).locator('.badge'), '滞后完成');
    await expect(page.locator('#battle-slipping').textContent()).resolves.toBe('0');
  });

  it('a battle map saved by someone else meanwhile: the stale save is refused, said in Chinese, and the page reloads', async () => {
    // The page shows the map (the previous test's save); another steward session saves a new planned date.
    const url = new URL(page.url()).pathname
      .replace(/^\/projects\//, '/api/projects/')
      .replace(/battle-map$/, 'milestones');
    const token = (
      await t.http().post('/api/auth/login').send({ username: 'steward', password: DEMO_PASSWORD }).expect(200)
    ).body.accessToken;
    const other = (await t.http().get(url).set('Authorization', `Bearer ${token}`).expect(200)).body;
    const theirs = '2031-01-15';
    await t
      .http()
      .put(url)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', `"${other.version}"`)
      .send({
        milestones: other.milestones.map(
          (m: {
            code: string;
            name: string;
            standard: boolean;
            plannedOn: string;
            actualOn: string | null;
            actualSource: string | null;
          }) => ({
            code: m.code,
            ...(m.standard ? {} : { name: m.name }),
            plannedOn: m.code === 'completion' ? theirs : m.plannedOn,
            ...(m.actualSource === 'steward' && m.actualOn ? { actualOn: m.actualOn } : {}),
          }),
        ),
      })
      .expect(200);

    await page.locator('#milestone-editor input[aria-label=竣工计划日期]').fill('2030-12-31');
    await page.locator('#milestone-editor button[type=submit]').click();
    await see(page.locator('#toast'), '作战图已被他人修改，已为您载入最新内容，请核对后重新保存');
    // Reloaded: the editor shows their date, and theirs is what is stored.
    const editorDate = page.locator('#milestone-editor input[aria-label=竣工计划日期]');
    for (let i = 0; i < 150 && (await editorDate.inputValue().catch(() => '')) !== theirs; i++)
      await page.waitForTimeout(100);
    expect(await editorDate.inputValue()).toBe(theirs);
    const stored = (await t.http().get(url).set('Authorization', `Bearer ${token}`).expect(200)).body;
    expect(stored.milestones.find((m: { name: string }) => m.name === '竣工').plannedOn).toBe(theirs);
  });

  it('recording a meeting: types from the served labels; a missing project or place named before sending', async () => {
    await login('steward');
    await page.goto(`${base}/meetings`);
    const form = page.locator('#record-meeting');
    await form.waitFor();
    expect(await form.locator('select[name=type] option').allTextContents()).toEqual(['现场办公', '视频调度']);
    const sent: string[] = [];
    const record = (r: Request) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/meetings')) sent.push(r.postData() ?? '');
    };
    page.on('request', record);
    // What the server would refuse (no project; on site without a place) is said in Chinese and not sent.
    await form.locator('button[type=submit]').click();
    await see(form.locator('.form-message'), '请至少选择一个调度项目');
    await form.locator('label.check', { hasText: '斯诺' }).locator('input').check();
    await form.locator('button[type=submit]').click();
    await see(form.locator('.form-message'), '现场办公请填写地点');
    expect(sent).toEqual([]);
    await form.locator('input[name=place]').fill('斯诺新材料项目现场');
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/meetings') && r.request().method() === 'POST'),
      form.locator('button[type=submit]').click(),
    ]);
    page.off('request', record);
    expect(answer.status()).toBe(201);
    expect(sent).toHaveLength(1);
  });

  it('raising and resolving a problem: the enterprise raises it, the steward assigns, the department resolves, the enterprise confirms', async () => {
    await login('enterprise-copper');
    // The enterprise reads its own battle map: 开工 is close.
    await page.locator('.nav-link', { hasText: '作战图' }).click();
    await (await see(page.locator('#battle-map-index a'), '铜箔')).click();
    await page.waitForSelector('#battle-map-chart[data-rendered=true]');
    await see(page.locator('#milestone-table tr', { hasText: '开工' }).locator('.badge'), '临近计划日期');
    expect(await page.locator('#milestone-editor').count()).toBe(0);
    await page.locator('.nav-link', { hasText: '问题反映' }).click();
    await page.waitForSelector('#raise-problem');
    const form = page.locator('#raise-problem');
    await form.locator('[name=title]').fill('厂区排水接口未明确');
    await form.locator('[name=category]').selectOption('utilities');
    await form.locator('[name=department]').selectOption('planning');
    await form.locator('[name=limitWorkingDays]').fill('3');
    await form.locator('button[type=submit]').click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const problemUrl = page.url();
    await see(page.locator('#case-status'), '待交办');

    await login('steward');
    await page.goto(problemUrl);
    await act('ASSIGN');
    await see(page.locator('#case-status'), '已交办');

    await login('clerk-planning');
    await page.locator('.nav-link', { hasText: '交办问题' }).click();
    await (await see(page.locator('#problem-list table tbody tr'), '厂区排水接口未明确')).locator('a').first().click();
    await act('START_HANDLING');
    await act('RESOLVE', { resolution: '已明确接入市政排水管网' });
    await see(page.locator('#case-status'), '已解决');

    await login('enterprise-copper');
    // The unread count in the nav, and the message that links to the problem.
    await see(page.locator('#unread-count'));
    await page.locator('#nav-notifications').click();
    await (await see(page.locator('#notification-list a'), '问题已解决，请确认：厂区排水接口未明确')).click();
    await page.waitForURL(problemUrl);
    await act('CONFIRM_RESOLVED');
    await see(page.locator('#case-status'), '已办结');
    await page.screenshot({ path: '/tmp/browser-zone-problem.png', fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('the menu offers the zone view to every role that may open it, and to no other', async () => {
    const accounts = ['enterprise-snow', 'steward', 'leader', 'clerk-planning', 'auditor', 'admin'];
    for (const username of accounts) {
      await login(username);
      const { role } = (await t.http().post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200))
        .body.user;
      const hrefs = await page.locator('#nav .nav-link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      // Offered means accepted: the link is there exactly when the permission table lets the role in.
      expect({ username, zone: hrefs.includes('/zone') }).toEqual({ username, zone: roleHas(role, 'zone:read') });
    }
    // The admin and the auditor reach every project through it (zone:read 'any').
    for (const username of ['admin', 'auditor']) {
      await login(username);
      await page.locator('.nav-link', { hasText: '重点项目调度' }).click();
      await page.waitForURL(`${base}/zone`);
      await expect(page.locator('h1').textContent()).resolves.toBe('重点项目调度');
      const rows = page.locator('#zone-projects table tbody tr');
      await see(rows, '斯诺');
      await see(rows, '铜箔');
      expect(await page.locator('.nav-link.is-active').textContent()).toBe('重点项目调度');
    }
    expect(pageErrors).toEqual([]);
  });

  it('the 待办 names every department that can act on a joint inspection (石墨化车间) in 办理部门', async () => {
    const token = (
      await t.http().post('/api/auth/login').send({ username: 'clerk-housing', password: DEMO_PASSWORD }).expect(200)
    ).body.accessToken;
    const queue = (await t.http().get('/api/tasks?limit=100').set('Authorization', `Bearer ${token}`).expect(200)).body
      .items as { instanceId: string; departments: { code: string; name: string }[] }[];
    const joint = queue.filter((r) => r.departments.length > 1);
    expect(joint).toHaveLength(1);
    const [row] = joint;
    const codes = row.departments.map((d) => d.code);
    expect(codes).toContain('housing');

    await login('clerk-housing');
    const tr = await see(
      page.locator('main table tbody tr', { has: page.locator(`a[href="/cases/${row.instanceId}"]`) }),
    );
    const heads = await page.locator('main table').first().locator('thead th').allTextContents();
    const cell = tr.locator('td').nth(heads.indexOf('办理部门'));
    expect(await cell.textContent()).toBe(row.departments.map((d) => d.name).join('、'));
    expect(await cell.textContent()).not.toMatch(/[A-Za-z]/);
    await page.screenshot({ path: '/tmp/browser-zone-joint-queue.png', fullPage: true });
  });

  it('an admin names the enterprise contact and the department liaisons on the team card; the server’s problems at their field; a stale save reloads', async () => {
    const token = (
      await t.http().post('/api/auth/login').send({ username: 'admin', password: DEMO_PASSWORD }).expect(200)
    ).body.accessToken;
    const departments = (await t.http().get('/api/labels').set('Authorization', `Bearer ${token}`).expect(200)).body
      .departments as Record<string, string>;

    await login('admin');
    await page.locator('.nav-link', { hasText: '项目查询' }).click();
    await (await see(page.getByRole('link', { name: /斯诺/ }))).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectId = new URL(page.url()).pathname.split('/').pop()!;
    const teamUrl = `/api/projects/${projectId}/team`;
    const read = async () =>
      (await t.http().get(teamUrl).set('Authorization', `Bearer ${token}`).expect(200)).body as {
        version: number;
        keyProject: boolean;
        leader: { id: string } | null;
        steward: { id: string } | null;
        enterpriseContact: { name: string; phone?: string } | null;
        liaisons: { department: string; departmentName: string; name: string; phone?: string }[];
      };
    const before = await read();
    const card = page.locator('#project-team');
    const form = card.locator('#team-editor');
    await form.waitFor();
    // One row per department, named as the API's labels name it.
    expect(await form.locator('#team-liaisons .field-label').allTextContents()).toEqual(
      Object.values(departments).map((name) => `${name}联络员`),
    );
    // The form starts from what is stored.
    for (const l of before.liaisons)
      expect(await form.locator(`input[name="liaisons.${l.department}.name"]`).inputValue()).toBe(l.name);

    const puts: (string | undefined)[] = [];
    const record = (r: Request) => {
      if (r.method() === 'PUT' && r.url().endsWith('/team')) puts.push(r.headers()['if-match']);
    };
    page.on('request', record);
    const contactRow = form.locator('[data-path="enterpriseContact"]');
    await contactRow.locator('input[name="enterpriseContact.name"]').fill('');
    await contactRow.locator('input[name="enterpriseContact.phone"]').fill('13900001111');
    // A liaison with a phone and no name, for a department the seed left without one: the server refuses it, and
    // says so at that department's row.
    const free = Object.keys(departments).find((code) => !before.liaisons.some((l) => l.department === code))!;
    const row = form.locator(`[data-path="liaisons.${free}"]`);
    await row.locator(`input[name="liaisons.${free}.phone"]`).fill('0722-3300001');
    await form.locator('button[type=submit]').click();
    await see(row.locator('.field-error'), '须填写联络员姓名');
    expect(await row.getAttribute('class')).toContain('has-error');
    // The contact without a name too, in the same answer.
    await see(contactRow.locator('.field-error'), '须填写联系人姓名');
    await see(form.locator('.form-message'), '填写有误');
    expect((await read()).version).toBe(before.version);

    await contactRow.locator('input[name="enterpriseContact.name"]').fill('斯诺 赵经理');
    await row.locator(`input[name="liaisons.${free}.name"]`).fill('规划局 钱科长');
    await form.locator('button[type=submit]').click();
    await see(page.locator('#toast'), '项目服务团队已保存');
    await see(card.locator('dl'), '斯诺 赵经理（13900001111）');
    await see(card.locator('dl'), `${departments[free]}：规划局 钱科长（0722-3300001）`);
    const saved = await read();
    expect(saved.version).toBe(before.version + 1);
    expect(saved.enterpriseContact).toEqual({ name: '斯诺 赵经理', phone: '13900001111' });
    expect(saved.liaisons.find((l) => l.department === free)).toMatchObject({
      name: '规划局 钱科长',
      phone: '0722-3300001',
    });
    // The others went back as they were.
    expect(saved.liaisons.filter((l) => l.department !== free)).toEqual(
      before.liaisons.filter((l) => l.department !== free),
    );
    expect(puts).toEqual([`"${before.version}"`, `"${before.version}"`]);
    await page.screenshot({ path: '/tmp/browser-zone-team-contacts.png', fullPage: true });

    // Someone else names another enterprise contact meanwhile: this page's save is refused, said, and reloaded.
    await t
      .http()
      .put(teamUrl)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', `"${saved.version}"`)
      .send({
        keyProject: saved.keyProject,
        leaderUserId: saved.leader?.id ?? null,
        stewardUserId: saved.steward?.id ?? null,
        enterpriseContact: { name: '斯诺 孙主管' },
        liaisons: Object.fromEntries(
          saved.liaisons.map((l) => [l.department, { name: l.name, ...(l.phone ? { phone: l.phone } : {}) }]),
        ),
      })
      .expect(200);
    await form.locator(`input[name="liaisons.${free}.name"]`).fill('规划局 周科长');
    await form.locator('button[type=submit]').click();
    await see(page.locator('#toast'), '项目服务团队已被他人修改，已为您载入最新内容，请核对后重新保存');
    const contact = card.locator('#team-editor input[name="enterpriseContact.name"]');
    for (let i = 0; i < 150 && (await contact.inputValue().catch(() => '')) !== '斯诺 孙主管'; i++)
      await page.waitForTimeout(100);
    expect(await contact.inputValue()).toBe('斯诺 孙主管');
    expect(await card.locator(`#team-editor input[name="liaisons.${free}.name"]`).inputValue()).toBe('规划局 钱科长');
    page.off('request', record);
    expect(puts).toHaveLength(3);
    expect((await read()).enterpriseContact).toEqual({ name: '斯诺 孙主管' });
    expect(pageErrors).toEqual([]);
  });

  it("an admin staffs a project (项目长, 项目管家) on its page; a save after someone else's is refused in Chinese and reloads", async () => {
    // Runs last: it moves 铜箔 to another leader and steward. Those are created as an admin would.
    const token = (
      await t.http().post('/api/auth/login').send({ username: 'admin', password: DEMO_PASSWORD }).expect(200)
    ).body.accessToken;
    const api = {
      get: (url: string) => t.http().get(url).set('Authorization', `Bearer ${token}`).expect(200),
      post: (url: string, body: object) => t.http().post(url).set('Authorization', `Bearer ${token}`).send(body),
    };
    const password = 'Team-2026-secret';
    const li = (
      await api
        .post('/api/users', { username: 'leader-li', displayName: '项目长 李副主任', password, role: 'leader' })
        .expect(201)
    ).body.id;
    const wang = (
      await api
        .post('/api/users', { username: 'steward-wang', displayName: '项目管家 王敏', password, role: 'steward' })
        .expect(201)
    ).body.id;
    // A deactivated leader is not offered: the server would refuse it.
    const gone = (
      await api
        .post('/api/users', { username: 'leader-gone', displayName: '项目长 已离任', password, role: 'leader' })
        .expect(201)
    ).body.id;
    await t
      .http()
      .patch(`/api/users/${gone}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ active: false })
      .expect(200);

    await login('admin');
    await page.locator('.nav-link', { hasText: '项目查询' }).click();
    await (await see(page.getByRole('link', { name: /铜箔/ }))).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectId = new URL(page.url()).pathname.split('/').pop()!;
    const teamUrl = `/api/projects/${projectId}/team`;
    const card = page.locator('#project-team');
    await see(card.locator('dl'), '项目长 张主任');
    const form = card.locator('#team-editor');
    await form.waitFor();
    expect(await form.locator('select[name=leaderUserId] option').allTextContents()).toEqual([
      '（暂不配备）',
      '项目长 张主任',
      '项目长 李副主任',
    ]);
    expect(await form.locator('select[name=stewardUserId] option').allTextContents()).toEqual([
      '（暂不配备）',
      '项目管家',
      '项目管家 王敏',
    ]);
    expect(await card.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}|leader|steward/);

    // The admin names 李副主任 and 王敏 and saves: the card shows them, and they are stored.
    const puts: (string | undefined)[] = [];
    const record = (r: Request) => {
      if (r.method() === 'PUT' && r.url().endsWith('/team')) puts.push(r.headers()['if-match']);
    };
    page.on('request', record);
    const read = (await api.get(teamUrl)).body;
    await form.locator('select[name=leaderUserId]').selectOption({ label: '项目长 李副主任' });
    await form.locator('select[name=stewardUserId]').selectOption({ label: '项目管家 王敏' });
    await form.locator('button[type=submit]').click();
    await see(page.locator('#toast'), '项目服务团队已保存');
    await see(card.locator('dl'), '项目长 李副主任');
    await see(card.locator('dl'), '项目管家 王敏');
    expect(puts).toEqual([`"${read.version}"`]);
    const saved = (await api.get(teamUrl)).body;
    expect(saved).toMatchObject({ leader: { id: li }, steward: { id: wang }, version: read.version + 1 });
    // What was not changed went back as it was read.
    expect(saved.enterpriseContact).toEqual(read.enterpriseContact);
    expect(saved.liaisons).toEqual(read.liaisons);
    await page.screenshot({ path: '/tmp/browser-zone-team.png', fullPage: true });

    // Another admin session puts the demo steward back meanwhile; this page's next save is refused and reloads.
    const demoSteward = read.steward.id as string;
    await t
      .http()
      .put(teamUrl)
      .set('Authorization', `Bearer ${token}`)
      .set('If-Match', `"${saved.version}"`)
      .send({ keyProject: true, leaderUserId: li, stewardUserId: demoSteward, liaisons: {} })
      .expect(200);
    await form.locator('select[name=leaderUserId]').selectOption({ label: '项目长 张主任' });
    await form.locator('button[type=submit]').click();
    await see(page.locator('#toast'), '项目服务团队已被他人修改，已为您载入最新内容，请核对后重新保存');
    const steward = card.locator('#team-editor select[name=stewardUserId]');
    for (let i = 0; i < 150 && (await steward.inputValue().catch(() => '')) !== demoSteward; i++)
      await page.waitForTimeout(100);
    expect(await steward.inputValue()).toBe(demoSteward);
    expect(await card.locator('#team-editor select[name=leaderUserId]').inputValue()).toBe(li);
    expect(puts).toHaveLength(2);
    const stored = (await api.get(teamUrl)).body;
    expect(stored).toMatchObject({ leader: { id: li }, steward: { id: demoSteward }, version: saved.version + 1 });

    // Who may not replace the team (the leader) sees it, without the form.
    await loginAs(page, base, 'leader-li', password);
    await page.goto(`${base}/projects/${projectId}`);
    await see(page.locator('#project-team dl'), '项目长 李副主任');
    expect(await page.locator('#team-editor').count()).toBe(0);

    // 李副主任 leaves: still named, shown as deactivated, and a save naming them is stopped before sending.
    await t
      .http()
      .patch(`/api/users/${li}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ active: false })
      .expect(200);
    await login('admin');
    await page.goto(`${base}/projects/${projectId}`);
    const leaderSelect = page.locator('#team-editor select[name=leaderUserId]');
    await leaderSelect.waitFor();
    expect(await leaderSelect.locator('option:checked').textContent()).toBe('项目长 李副主任（已停用）');
    await page.locator('#team-editor button[type=submit]').click();
    await see(page.locator('#team-editor .form-message'), '项目长的账号已停用，请另选');
    page.off('request', record);
    expect(puts).toHaveLength(2);
    expect(pageErrors).toEqual([]);
  });
});

import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/users/demo-accounts';
import { launchBrowser, login, openPage, see, serve } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';
import { scanTexts } from './browser-journeys.scan';

/**
 * Issue #18's "done when": the demo projects driven from where the seed leaves them to 已竣工验收 through the
 * browser, by the demo accounts, clicking only what the UI shows in Chinese (links, action titles, field labels,
 * option names). Each clerk finds the work in the 办件工作台; the enterprise goes through its project page; the
 * admin moves the demo clock on (演示时钟) for the 铜箔 building work, once 斯诺 has no 容缺 deadline left. A
 * refused request, a missing action, a script error, or a code, id or English word on any page reached
 * (browser-journeys.scan.ts) fails the run, saying what the page offered instead.
 * test/demo-completion.e2e-spec.ts drives the same steps over HTTP.
 */

jest.setTimeout(240_000);

const COPPER = '年产2万吨高端铜箔项目';
const SNOW = '斯诺新材料10万吨锂电池负极材料一体化项目';

describe('browser: the demo projects to completion by the demo accounts', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const refused: string[] = [];
  const findings: string[] = [];

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    base = await serve(t);
    browser = await launchBrowser();
    page = await openPage(browser, errors, { viewport: { width: 1366, height: 900 }, timezoneId: 'Asia/Shanghai' });
    page.on('response', async (r) => {
      if (r.request().method() !== 'GET' && r.url().includes('/api/') && r.status() >= 400) {
        refused.push(`${r.request().method()} ${new URL(r.url()).pathname}: ${r.status()} ${await r.text()}`);
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    // each test answers for its own steps
    const [e, r, f] = [errors.splice(0), refused.splice(0), findings.splice(0)];
    expect(e).toEqual([]);
    expect(r).toEqual([]);
    expect(f).toEqual([]);
  });

  /** What people read on the page now (text, options, placeholders) must hold no code, id or English. */
  const scan = async (where: string) => {
    const texts: string[] = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const options = [...doc.querySelectorAll('select option')].map((o: any) => o.textContent ?? '');
      const placeholders = [...doc.querySelectorAll('[placeholder]')]
        .filter((e: any) => e.offsetParent !== null)
        .map((e: any) => e.getAttribute('placeholder') ?? '');
      // login names are marked translate="no": typed to sign in, not codes to translate
      let text: string = doc.body.innerText ?? '';
      for (const e of doc.querySelectorAll('[translate="no"]')) {
        const own: string = e.innerText ?? '';
        if (own.trim()) text = text.split(own).join(' ');
      }
      return [text, ...options, ...placeholders];
    });
    for (const f of scanTexts(texts)) {
      const line = `${where}: ${f.kind} «${f.token}» in «${f.context}»`;
      if (!findings.includes(line)) findings.push(line);
    }
  };

  const settle = async (where: string) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page
      .waitForFunction(() => !(globalThis as any).document.querySelector('[aria-busy="true"], .loading'), undefined, {
        timeout: 10_000,
      })
      .catch(() => undefined);
    await scan(where);
  };

  const as = async (username: string) => {
    await login(page, base, username, DEMO_PASSWORD);
    await settle(`${username}'s home`);
  };

  /** A clerk opens the case from the 办件工作台: the row naming the project and every one of `texts`. */
  const fromQueue = async (project: string, ...texts: (string | RegExp)[]) => {
    await page.getByRole('link', { name: '办件工作台' }).first().click();
    await settle('办件工作台');
    let rows = page.locator('tr', { hasText: project });
    for (const text of texts) rows = rows.filter({ hasText: text });
    await see(rows.first(), undefined, 10_000).catch(async () => {
      const shown = await page.locator('main').innerText();
      throw new Error(`not in the queue: ${texts.join(' ')}; the queue shows: ${shown.slice(0, 2000)}`);
    });
    await rows.first().getByRole('link', { name: '办理' }).click();
    await page.waitForURL(/\/cases\//);
    await settle(`case from the queue (${texts.join(' ')})`);
  };

  /** The enterprise's project page, from its list. */
  const projectPage = async (project: string) => {
    await page.getByRole('link', { name: '项目进度' }).first().click();
    await settle('项目进度');
    await (await see(page.getByRole('link', { name: project }))).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await settle('the project page');
  };

  /** The enterprise opens its project page, then the link named `name` in the card headed `card`. */
  const fromProject = async (project: string, card: string, name: string | RegExp = /./) => {
    await projectPage(project);
    const scope = page.locator('section', { has: page.getByRole('heading', { name: card, exact: true }) });
    await (await see(scope.getByRole('link', { name }))).click();
    await page.waitForURL(/\/cases\//);
    await settle(`case from the project page (${card})`);
  };

  const offered = async () => page.locator('details.action summary .action-title').allInnerTexts();

  /**
   * Opens the action titled `label`, fills fields by their labels (text, a select's option name, or a checkbox
   * ticked with `true`), submits, and waits for the page to show the outcome.
   */
  const act = async (label: string, fill: Record<string, string | boolean> = {}) => {
    const action = page.locator('details.action', {
      has: page.locator('summary .action-title', { hasText: new RegExp(`^${escape(label)}$`) }),
    });
    // the actions card is drawn once the case has loaded
    if (
      !(await action.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    ) {
      throw new Error(`not offered: ${label}; the page offers: ${JSON.stringify(await offered())}`);
    }
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
    const form = action.locator('form');
    for (const [field, value] of Object.entries(fill)) {
      // a required field's label ends in ' *'
      const input = form.getByLabel(new RegExp(`^${escape(field)}( \\*)?$`));
      if ((await input.count()) === 0) {
        const labels = await form.locator('.field-label').allInnerTexts();
        throw new Error(`${label}: no field ${field}; the form has: ${JSON.stringify(labels)}`);
      }
      const tag = await input.evaluate((e: any) => e.tagName);
      if (value === true) await input.check();
      else if (tag === 'SELECT') await input.selectOption({ label: String(value) });
      else await input.fill(String(value));
    }
    await scan(`the form ${label}`);
    const answered = page.waitForResponse(
      (r) => r.request().method() === 'POST' && /\/api\/cases\/[^/]+\/events/.test(r.url()),
      { timeout: 15_000 },
    );
    await form.getByRole('button', { name: `提交：${label}` }).click();
    const answer = await answered;
    if (answer.status() >= 300) {
      const shown = await form.locator('.form-message').innerText();
      throw new Error(`${label} refused: ${answer.status()} ${shown}`);
    }
    await see(page.locator('.alert'), `已提交「${label}」`);
    await settle(`after ${label}`);
  };

  const opinion = (item: string) => ({ 验收事项: item, 结论: '合格', 意见: '合格' });

  /** The project as its enterprise sees it over the API: the test's own check, not the page's wording. */
  const projectState = async (enterprise: string, name: string) => {
    const token = (
      await t.http().post('/api/auth/login').send({ username: enterprise, password: DEMO_PASSWORD }).expect(200)
    ).body.accessToken as string;
    const list = await t.http().get('/api/projects').set('Authorization', `Bearer ${token}`).expect(200);
    const id = list.body.items.find((p: { name: string }) => p.name === name).id as string;
    return (await t.http().get(`/api/projects/${id}`).set('Authorization', `Bearer ${token}`).expect(200)).body;
  };

  /** The project page shows the project completed, in words. */
  const seeCompleted = async (enterprise: string, project: string) => {
    await as(enterprise);
    await projectPage(project);
    await see(page.locator('.stage', { has: page.getByRole('heading', { name: '竣工验收', exact: true }) }), '已完成');
  };

  describe('斯诺新材料 (容缺, 分段竣工验收)', () => {
    it('the enterprise uploads and supplies the 容缺 material, planning accepts it', async () => {
      await as('enterprise-snow');
      await fromProject(SNOW, '容缺受理 · 待补材料');
      const files = page.locator('section', { has: page.getByRole('heading', { name: '材料文件', exact: true }) });
      await files.getByLabel('材料').selectOption({ label: '节能专篇' });
      await files.getByLabel(/文件/).setInputFiles({
        name: '节能专篇.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n节能专篇\n%%EOF\n'),
      });
      const uploaded = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/materials'));
      await files.getByRole('button', { name: '上传' }).click();
      expect((await uploaded).status()).toBe(201);
      await settle('after the upload');
      await act('补交容缺材料', { 容缺材料: '节能专篇' });
      await as('clerk-planning');
      await fromQueue(SNOW, '容缺');
      await act('审核补交材料', { 容缺材料: '节能专篇', 是否符合要求: true, 审核意见: '符合要求' });
    });

    it('石墨化车间: the remaining opinions', async () => {
      await as('clerk-planning');
      await fromQueue(SNOW, '石墨化车间');
      await act('出具验收意见', opinion('土地核验'));
      await as('clerk-housing');
      await fromQueue(SNOW, '石墨化车间');
      await act('出具验收意见', opinion('特殊建设工程消防验收'));
      await act('出具验收意见', opinion('竣工验收监督'));
      await act('出具验收意见', opinion('竣工验收备案'));
      await as('clerk-archives');
      await fromQueue(SNOW, '石墨化车间');
      await act('出具验收意见', opinion('城建档案验收'));
    });

    it('前驱体预处理车间, the last section: inspection, opinions, site-wide checks', async () => {
      await as('clerk-housing');
      await fromQueue(SNOW, '前驱体预处理车间');
      await act('组织联合现场验收');
      await act('出具验收意见', opinion('特殊建设工程消防验收'));
      await act('出具验收意见', opinion('竣工验收监督'));
      await act('出具验收意见', opinion('竣工验收备案'));
      await as('clerk-archives');
      await fromQueue(SNOW, '前驱体预处理车间');
      await act('出具验收意见', opinion('城建档案验收'));
      await as('clerk-planning');
      await fromQueue(SNOW, '前驱体预处理车间');
      await act('出具验收意见', opinion('规划核实'));
      await act('出具验收意见', opinion('土地核验'));
      await act('全场核验（总建筑面积、绿地率）', { '实测总建筑面积（㎡）': '53000', 实测绿地率: '0.16' });

      const p = await projectState('enterprise-snow', SNOW);
      expect(p.currentStage.key).toBe('complete');
      expect(p.commitments.tolerance[0]).toMatchObject({ state: 'fulfilled' });
      await seeCompleted('enterprise-snow', SNOW);
    });
  });

  describe('铜箔 (桩基先行, 告知承诺)', () => {
    it('planning: the 建设工程规划许可证 on commitment, then verified on site', async () => {
      await as('clerk-planning');
      await fromQueue(COPPER, '告知承诺');
      await act('按告知承诺审批', { 审批意见: '按告知承诺核发' });
      await act('核查承诺（现场核查 / 对标验收）', { 核查方式: '现场核查', 是否符合承诺: true, 核查发现: '符合承诺' });
      expect((await page.locator('#case-status').innerText()).trim()).toBe('核查通过');
    });

    it('window and housing: the joint drawing review', async () => {
      await as('clerk-window');
      await fromQueue(COPPER, '施工图');
      await act('窗口受理', { 备注: '材料齐全，受理' });
      await as('clerk-housing');
      await fromQueue(COPPER, '施工图');
      await act('部门受理');
      await act('办结（通过）', { 审批意见: '联合审图合格' });
    });

    it('enterprise and housing: work started under the foundation permit, the ±0.000以上 permit', async () => {
      await as('enterprise-copper');
      await fromProject(COPPER, '桩基先行');
      await act('报告开工');
      await act('申请±0.000以上施工许可');
      await as('clerk-housing');
      await fromQueue(COPPER, '±0.000');
      await act('核发±0.000以上施工许可', { 意见: '准予' });
    });

    it('admin: the demo clock moves on through the building work (斯诺 has nothing left that time could breach)', async () => {
      await as('admin');
      await page.getByRole('link', { name: '系统管理' }).first().click();
      await settle('系统管理');
      await page.getByRole('tab', { name: '演示时钟' }).first().click();
      await settle('演示时钟');
      await page.getByLabel('前进天数').fill('20');
      const advanced = page.waitForResponse((r) => r.url().endsWith('/api/admin/clock/advance'));
      await page.getByRole('button', { name: '时钟前进' }).click();
      expect((await advanced).status()).toBe(200);
      await see(page.locator('#clock-offset'), '20 天');
      await settle('after the clock moved');
    });

    it('acceptance: applied by the enterprise, every opinion recorded, the site-wide checks close it', async () => {
      await as('enterprise-copper');
      await fromProject(COPPER, '竣工验收');
      await act('申请联合验收');
      await as('clerk-housing');
      await fromQueue(COPPER, '竣工验收');
      await act('组织联合现场验收');
      await as('clerk-planning');
      await fromQueue(COPPER, '竣工验收');
      await act('出具验收意见', opinion('规划核实'));
      await act('出具验收意见', opinion('土地核验'));
      await as('clerk-housing');
      await fromQueue(COPPER, '竣工验收');
      await act('出具验收意见', opinion('消防验收备案'));
      await as('clerk-archives');
      await fromQueue(COPPER, '竣工验收');
      await act('出具验收意见', opinion('城建档案验收'));
      await as('clerk-housing');
      await fromQueue(COPPER, '竣工验收');
      await act('出具验收意见', opinion('竣工验收监督'));
      await act('出具验收意见', opinion('竣工验收备案'));
      await as('clerk-planning');
      await fromQueue(COPPER, '竣工验收');
      await act('全场核验（总建筑面积、绿地率）', { '实测总建筑面积（㎡）': '48500', 实测绿地率: '0.2' });

      const p = await projectState('enterprise-copper', COPPER);
      expect(p.currentStage.key).toBe('complete');
      expect(p.commitments.notifyCommitments[0]).toMatchObject({ statusLabel: '核查通过' });
      await seeCompleted('enterprise-copper', COPPER);
    });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

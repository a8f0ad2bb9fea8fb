import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/users/demo-accounts';
import { launchBrowser, login, openPage, see, serve } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Issue #18's "done when": the demo projects driven from where the seed leaves them to 已竣工验收 through the
 * browser, by the demo accounts, clicking only what the UI shows in Chinese (links, action titles, field labels,
 * option names). Each clerk finds the work in the 办件工作台; the enterprise goes through its project page. A
 * refused submit, a missing action or a script error fails the run with what the page offered instead.
 * test/demo-completion.e2e-spec.ts drives the same steps over HTTP.
 */

jest.setTimeout(240_000);

const COPPER = '年产2万吨高端铜箔项目';

describe('browser: the 铜箔 demo project to completion by the demo accounts', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const refused: string[] = [];

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
    expect(errors).toEqual([]);
    expect(refused).toEqual([]);
  });

  const settle = async () => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page
      .waitForFunction(() => !(globalThis as any).document.querySelector('[aria-busy="true"], .loading'), undefined, {
        timeout: 10_000,
      })
      .catch(() => undefined);
  };

  const as = async (username: string) => {
    await login(page, base, username, DEMO_PASSWORD);
    await settle();
  };

  /** A clerk opens the case from the 办件工作台: the row naming the project and every one of `texts`. */
  const fromQueue = async (...texts: (string | RegExp)[]) => {
    await page.getByRole('link', { name: '办件工作台' }).first().click();
    await settle();
    let rows = page.locator('tr', { hasText: COPPER });
    for (const text of texts) rows = rows.filter({ hasText: text });
    await see(rows.first(), undefined, 10_000).catch(async () => {
      const shown = await page.locator('tr').allInnerTexts();
      throw new Error(`not in the queue: ${texts.join(' ')}; the queue shows: ${shown.join(' | ').slice(0, 1500)}`);
    });
    await rows.first().getByRole('link', { name: '办理' }).click();
    await page.waitForURL(/\/cases\//);
    await settle();
  };

  /** The enterprise opens its project page, then the link named `name` there. */
  const fromProject = async (name: string | RegExp, inSection?: string) => {
    await page.getByRole('link', { name: '项目进度' }).first().click();
    await settle();
    await (await see(page.getByRole('link', { name: COPPER }))).click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await settle();
    const scope = inSection
      ? page.locator('section', { has: page.getByRole('heading', { name: inSection, exact: true }) })
      : page;
    await (await see(scope.getByRole('link', { name }))).click();
    await page.waitForURL(/\/cases\//);
    await settle();
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
      await page.screenshot({ path: `/tmp/demo-not-offered.png`, fullPage: true });
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
    await settle();
  };

  const status = async () => (await page.locator('#case-status').innerText()).trim();

  it('planning: the 建设工程规划许可证 on commitment, then verified on site', async () => {
    await as('clerk-planning');
    await fromQueue('告知承诺');
    await act('按告知承诺审批', { 审批意见: '按告知承诺核发' });
    await act('核查承诺（现场核查 / 对标验收）', { 核查方式: '现场核查', 是否符合承诺: true, 核查发现: '符合承诺' });
    expect(await status()).toBe('核查通过');
  });

  it('window and housing: the joint drawing review', async () => {
    await as('clerk-window');
    await fromQueue('施工图');
    await act('窗口受理', { 备注: '材料齐全，受理' });
    await as('clerk-housing');
    await fromQueue('施工图');
    await act('部门受理');
    await act('办结（通过）', { 审批意见: '联合审图合格' });
  });

  it('enterprise and housing: work started under the foundation permit, the ±0.000以上 permit', async () => {
    await as('enterprise-copper');
    await fromProject(/./, '桩基先行');
    await act('报告开工');
    await act('申请±0.000以上施工许可');
    await as('clerk-housing');
    await fromQueue('±0.000');
    await act('核发±0.000以上施工许可', { 意见: '准予' });
  });

  it('acceptance: applied by the enterprise, every opinion recorded, the site-wide checks close it', async () => {
    await as('enterprise-copper');
    await fromProject(/./, '竣工验收');
    await act('申请联合验收');
    await as('clerk-housing');
    await fromQueue('竣工验收');
    await act('组织联合现场验收');
    const opinion = (item: string) => ({ 验收事项: item, 结论: '合格', 意见: '合格' });
    await as('clerk-planning');
    await fromQueue('竣工验收');
    await act('出具验收意见', opinion('规划核实'));
    await act('出具验收意见', opinion('土地核验'));
    await as('clerk-housing');
    await fromQueue('竣工验收');
    await act('出具验收意见', opinion('消防验收备案'));
    await as('clerk-archives');
    await fromQueue('竣工验收');
    await act('出具验收意见', opinion('城建档案验收'));
    await as('clerk-housing');
    await fromQueue('竣工验收');
    await act('出具验收意见', opinion('竣工验收监督'));
    await act('出具验收意见', opinion('竣工验收备案'));
    await as('clerk-planning');
    await fromQueue('竣工验收');
    await act('全场核验（总建筑面积、绿地率）', { '实测总建筑面积（㎡）': '48500', 实测绿地率: '0.2' });

    await as('enterprise-copper');
    await page.getByRole('link', { name: '项目进度' }).first().click();
    await settle();
    await (await see(page.getByRole('link', { name: COPPER }))).click();
    await settle();
    await see(page.locator('body'), '已竣工验收');
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

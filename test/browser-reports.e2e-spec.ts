import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { launchBrowser, login as loginAs, openPage, serve } from './support/browser';
import { DEMO_PASSWORD } from '../src/users/demo-accounts';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * The savings page and the zone dashboard in Chromium on a phone (390×844) and on a desktop, on the demo data:
 * the ECharts charts are drawn (from the app's own /vendor/echarts.min.js), the figures are non-zero and
 * explained, and nothing overflows the phone's width. Screenshots go to /tmp/browser-reports-*.png.
 */

jest.setTimeout(180_000);

describe('browser: savings page and zone dashboard (Chromium, real PostgreSQL, demo mode)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const pageErrors: string[] = [];
  let projects: { snow: string; copper: string };

  async function open(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }> {
    const page = await openPage(browser, pageErrors, { viewport, timezoneId: 'Asia/Shanghai' });
    return { context: page.context(), page };
  }

  const login = (page: Page, username: string) => loginAs(page, base, username, DEMO_PASSWORD);

  /** The chart in `selector` was drawn by ECharts: an instance on the element, a canvas with a size. */
  async function drawn(page: Page, selector: string) {
    await page.waitForSelector(`${selector} canvas`, { timeout: 15_000 });
    return page.evaluate((sel) => {
      const el = (globalThis as any).document.querySelector(sel);
      const chart = (globalThis as any).echarts?.getInstanceByDom(el);
      const canvas = el.querySelector('canvas');
      return { instance: !!chart, width: canvas.clientWidth, height: canvas.clientHeight, option: chart?.getOption() };
    }, selector);
  }

  /** The page is no wider than the viewport (no sideways scrolling on a phone). */
  const overflow = (page: Page) =>
    page.evaluate(() => (globalThis as any).document.documentElement.scrollWidth - (globalThis as any).innerWidth);

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    base = await serve(t);
    const rows: { id: string; demo: string }[] = await t.dataSource.query(
      `SELECT id, details->>'demo' AS demo FROM project WHERE details ? 'demo'`,
    );
    projects = {
      snow: rows.find((r) => r.demo === 'snow')!.id,
      copper: rows.find((r) => r.demo === 'copper')!.id,
    };
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    expect(pageErrors).toEqual([]);
  });

  it('serves Apache ECharts from the app itself', async () => {
    const res = await t.http().get('/vendor/echarts.min.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    await t
      .http()
      .get('/vendor/../package.json')
      .expect((r) => expect(r.text).not.toContain('"dependencies"'));
  });

  it('铜箔 on a phone: from the project to its savings page — two timelines, 桩基先行 marked and explained', async () => {
    const { context, page } = await open({ width: 390, height: 844 });
    await login(page, 'enterprise-copper');
    await page.goto(`${base}/projects/${projects.copper}`);
    await page.click('a:has-text("节省分析")');
    await page.waitForURL(`**/projects/${projects.copper}/savings`);
    const baseline = await drawn(page, '#savings-baseline');
    const fast = await drawn(page, '#savings-fasttrack');
    await drawn(page, '#savings-practices');
    expect(baseline.instance && fast.instance).toBe(true);
    expect(fast.width).toBeGreaterThan(300);
    expect(fast.width).toBeLessThanOrEqual(390);
    // The fast-track chart has the foundation permit bar; the traditional one has none.
    const names = (o: any) => o.yAxis[0].data as string[];
    expect(names(fast.option)).toContain('建筑工程施工许可证（桩基阶段）');
    expect(names(baseline.option)).not.toContain('建筑工程施工许可证（桩基阶段）');
    // An industrial plant exempt from 人防 and not a 特殊建设工程: neither review is drawn in either timeline.
    for (const chart of [fast, baseline]) {
      expect(names(chart.option).some((n) => n.includes('人防') || n.includes('消防'))).toBe(false);
    }
    expect(await page.textContent('#savings-assumptions')).toContain('传统方式按法定时限计算');
    const saved = Number(await page.getAttribute('#savings-summary', 'data-saved-working-days'));
    expect(saved).toBeGreaterThan(0);
    expect(await page.textContent('#kpi-first-in-use')).toContain(`${saved} 个工作日`);
    const foundation = await page.textContent('#savings-explanations li[data-practice="foundationFirst"]');
    expect(foundation).toMatch(/桩基先行：[1-9]\d* 个工作日/);
    expect(await page.textContent('#savings-assumptions')).toContain('传统方式');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/browser-reports-savings-phone.png', fullPage: true });
    await context.close();
  });

  it('斯诺 on a desktop: 容缺 and 分段验收 bars marked, the figures explained', async () => {
    const { context, page } = await open({ width: 1366, height: 900 });
    await login(page, 'steward');
    await page.goto(`${base}/projects/${projects.snow}/savings`);
    const fast = await drawn(page, '#savings-fasttrack');
    const colours = (fast.option.series[0].data as { itemStyle: { color: string } }[]).map((d) => d.itemStyle.color);
    expect(colours).toContain('#059669'); // 容缺受理
    expect(colours).toContain('#0891b2'); // 分段竣工验收
    expect(await page.textContent('#savings-explanations li[data-practice="tolerance"]')).toMatch(/容缺受理：[1-9]/);
    await page.screenshot({ path: '/tmp/browser-reports-savings-desktop.png', fullPage: true });
    await context.close();
  });

  it('another enterprise sees the project not found, in Chinese', async () => {
    const { context, page } = await open({ width: 390, height: 844 });
    await login(page, 'enterprise-snow');
    await page.goto(`${base}/projects/${projects.copper}/savings`);
    await page.waitForSelector('.alert');
    expect(await page.textContent('.alert')).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.$('#savings-baseline canvas')).toBeNull();
    await context.close();
  });

  it('the filing form asks for the investment (万元) and the project shows it', async () => {
    const { context, page } = await open({ width: 390, height: 844 });
    await login(page, 'enterprise-snow');
    await page.goto(`${base}/projects/new`);
    await page.waitForSelector('[name="investmentAmount"]');
    await page.fill('[name="name"]', '浏览器申报投资额项目');
    await page.selectOption('[name="category"]', 'socialInvestment');
    await page.selectOption('[name="investorType"]', 'socialCapital');
    await page.selectOption('[name="landSupplyMode"]', 'tenderAuctionListing');
    await page.click('form.schema-form button[type=submit]');
    await page.waitForSelector('.form-message .alert');
    expect(await page.textContent('.form-message')).toContain('总投资');
    await page.fill('[name="investmentAmount"]', '8000');
    await page.click('form.schema-form button[type=submit]');
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}$/);
    await page.waitForSelector('.summary');
    expect(await page.textContent('.summary')).toContain('8,000 万元');
    await context.close();
  });

  it('the zone dashboard on a phone: figures and four charts, no sideways scrolling', async () => {
    const { context, page } = await open({ width: 390, height: 844 });
    await login(page, 'auditor');
    await page.click('a.nav-link:has-text("园区概览")');
    await page.waitForURL('**/dashboard');
    for (const id of ['#zone-stages', '#zone-departments', '#zone-certificates', '#zone-targets']) {
      const c = await drawn(page, id);
      expect(c.instance).toBe(true);
      expect(c.width).toBeGreaterThan(250);
    }
    expect(await page.textContent('#kpi-projects')).toMatch(/^项目总数\d+/);
    expect(await page.textContent('#kpi-investment')).toMatch(/4[56]\.?\d* 亿元/);
    expect(await page.textContent('#kpi-saved')).toMatch(/[1-9]\d* 个工作日/);
    expect(await page.textContent('#zone-breaches')).toContain('违诺记录 0 条');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#zone-csv')]);
    expect(download.suggestedFilename()).toBe('园区概览.csv');
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: '/tmp/browser-reports-zone-phone.png', fullPage: true });
    await context.close();
  });
});

import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../src/users/demo-accounts';
import { launchBrowser } from './support/browser';
import { startTestApp, type TestApp } from './support/test-app';
import { type Finding, scanTexts } from './browser-journeys.scan';

/**
 * Each role's main journey through the browser UI on the demo seed, on a desktop and on a 390×844 phone. On
 * every page the journey reaches, the visible text and every <select> option are scanned for what people must
 * not read (identifiers, state paths, ids, event codes, English: browser-journeys.scan.ts), and on the phone the
 * page must not scroll sideways. A journey fails on any finding, listing them all with the page they were on.
 * The pages are found through links, labels and button names people see, not through the UI's internals.
 */

jest.setTimeout(300_000);

const VIEWPORTS = [
  { name: 'desktop', viewport: { width: 1366, height: 900 }, phone: false },
  { name: 'phone', viewport: { width: 390, height: 844 }, phone: true },
] as const;

const UUID_PATH = /\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?=$|[/?#])/gi;

describe.each(VIEWPORTS)('browser journeys per role ($name)', ({ name: viewportName, viewport, phone }) => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  /** A project filed for this run, so the window and a department have work of it in their queues. */
  const projectName = `浏览器巡检项目（${viewportName === 'phone' ? '手机' : '桌面'}）`;
  let projectId: string;

  beforeAll(async () => {
    t = await startTestApp({ DEMO_MODE: 'true' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ username: 'enterprise-copper', password: DEMO_PASSWORD });
    const filed = await t
      .http()
      .post('/api/projects')
      .set('Authorization', `Bearer ${login.body.accessToken}`)
      .send({
        name: projectName,
        category: 'socialInvestment',
        investorType: 'socialCapital',
        landSupplyMode: 'tenderAuctionListing',
        investmentAmount: 5000,
        industrial: true,
        practices: {
          foundationFirst: false,
          tolerance: false,
          notifyCommit: false,
          jointIssuance: true,
          stagedAcceptance: false,
        },
      });
    if (filed.status !== 201) throw new Error(`filing: ${filed.status} ${JSON.stringify(filed.body)}`);
    projectId = filed.body.id;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** One journey: a fresh browser context, the findings of every page it reaches, script errors. */
  class Journey {
    readonly findings: string[] = [];
    private readonly seen = new Set<string>();
    private constructor(
      readonly context: BrowserContext,
      readonly page: Page,
    ) {
      page.on('pageerror', (e) => this.findings.push(`script error on ${this.where()}: ${e.message}`));
    }

    static async start(username: string): Promise<Journey> {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const j = new Journey(context, await context.newPage());
      await j.page.goto(`${base}/login`);
      await j.page
        .locator('input[autocomplete=username], input[name=username], #login-username')
        .first()
        .fill(username);
      await j.page.locator('input[type=password]').first().fill(DEMO_PASSWORD);
      await j.page.locator('form button[type=submit]').first().click();
      await j.page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
      await j.settle();
      await j.scan('home');
      return j;
    }

    where(): string {
      return new URL(this.page.url()).pathname.replace(UUID_PATH, '/:id');
    }

    /** Waits until the page has loaded what it asked for (no request in flight, nothing marked busy). */
    async settle(): Promise<void> {
      await this.page.waitForLoadState('networkidle').catch(() => undefined);
      await this.page.waitForTimeout(200); // let a view that just started its requests mark itself busy
      await this.page
        .waitForFunction(
          () => {
            const doc = (globalThis as any).document;
            return !doc.querySelector('[aria-busy="true"], .loading');
          },
          undefined,
          { timeout: 15_000 },
        )
        .catch(() => undefined);
    }

    /** Scans the page as it is now: the visible text, every select option and placeholder; on a phone, the width. */
    async scan(step: string): Promise<void> {
      const texts: string[] = await this.page.evaluate(() => {
        const doc = (globalThis as any).document;
        const options = [...doc.querySelectorAll('select option')].map((o: any) => o.textContent ?? '');
        const placeholders = [...doc.querySelectorAll('[placeholder]')]
          .filter((e: any) => e.offsetParent !== null)
          .map((e: any) => e.getAttribute('placeholder') ?? '');
        // A login name is what a person types to sign in, not a code to translate: the UI marks it translate="no"
        // (HTML's own marker for such text), and only such text is left out of the scan.
        let text: string = doc.body.innerText ?? '';
        for (const e of doc.querySelectorAll('[translate="no"]')) {
          const own: string = e.innerText ?? '';
          if (own.trim()) text = text.split(own).join(' ');
        }
        return [text, ...options, ...placeholders];
      });
      const at = `${step} (${this.where()})`;
      // A leak is reported once per page of the journey, at the first step that showed it.
      for (const f of scanTexts(texts)) {
        const key = `${this.where()} ${f.kind} ${f.token}`;
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        this.findings.push(describeFinding(at, f));
      }
      if (phone) {
        const wide = await this.page.evaluate(() => {
          const doc = (globalThis as any).document;
          const width = (globalThis as any).innerWidth as number;
          const over = doc.documentElement.scrollWidth - width;
          if (over <= 0) return null;
          const culprits = [...doc.body.querySelectorAll('*')]
            .filter((e: any) => e.getBoundingClientRect().right > width + 1)
            .slice(0, 3)
            .map((e: any) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ')[0]}` : ''}`);
          return `${over}px too wide (${culprits.join(', ')})`;
        });
        if (wide) this.findings.push(`${at}: scrolls sideways on the phone: ${wide}`);
      }
    }

    /** Follows a link or button people see, then scans where it led. */
    async follow(target: Locator, step: string): Promise<void> {
      await see(target, step);
      const before = this.page.url();
      await target.click();
      await this.page.waitForURL((url) => url.toString() !== before, { timeout: 5_000 }).catch(() => undefined);
      await this.settle();
      await this.scan(step);
    }

    async goto(path: string, step: string): Promise<void> {
      await this.page.goto(`${base}${path}`);
      await this.settle();
      await this.scan(step);
    }

    /** Opens the action labelled `label` on a case page, fills `fill` by field name, submits it and scans. */
    async act(label: string, fill: Record<string, string> = {}): Promise<void> {
      const page = this.page;
      const folded = page.locator('details', { has: page.locator('summary', { hasText: label }) }).first();
      let form: Locator;
      if ((await folded.count()) > 0) {
        if ((await folded.getAttribute('open')) === null) await folded.locator('summary').first().click();
        form = folded.locator('form').first();
      } else {
        await see(page.getByRole('button', { name: label }).first(), `the action ${label}`);
        await page.getByRole('button', { name: label }).first().click();
        form = page.locator('form:visible').last();
      }
      await this.scan(`the ${label} form`);
      for (const [field, value] of Object.entries(fill)) await form.locator(`[name="${field}"]`).fill(value);
      // The command's answer, not the page's load state (already idle before the click).
      const answered = page.waitForResponse(
        (r) => r.request().method() === 'POST' && /\/api\/cases\/[^/]+\/events/.test(r.url()),
        { timeout: 15_000 },
      );
      await form.locator('button[type=submit]').first().click();
      const answer = await answered;
      if (answer.status() >= 300) this.findings.push(`${label} refused: ${answer.status()} ${await answer.text()}`);
      await this.settle();
      await this.scan(`after ${label}`);
    }

    async end(): Promise<void> {
      await this.page.screenshot({
        path: `/tmp/browser-journey-${viewportName}-${this.where().replace(/\W+/g, '_')}.png`,
        fullPage: true,
      });
      await this.context.close();
      expect(this.findings).toEqual([]);
    }
  }

  function describeFinding(at: string, f: Finding): string {
    return `${at}: ${f.kind} «${f.token}» in «${f.context}»`;
  }

  async function see(locator: Locator, what: string): Promise<void> {
    try {
      await locator.first().waitFor({ timeout: 15_000 });
    } catch {
      throw new Error(`not found on the page: ${what}`);
    }
  }

  /** A row or card of a list: the innermost element of these kinds (a card holding rows is not a row). */
  const ROW = ':is(tr, li, article, .card, .task):not(:has(tr, li, article, .card, .task))';

  /** A link to a project page (/projects/<uuid>), in the row or card that mentions `text` when given. */
  const projectLink = (page: Page, text?: string | RegExp) => {
    const links = 'a[href*="/projects/"]:not([href$="/new"])';
    return (text ? page.locator(ROW, { hasText: text }).locator(links) : page.locator(links)).first();
  };

  /** A link to a case page (/cases/<uuid>) in the row or card that mentions every one of `texts`. */
  const caseLink = (page: Page, ...texts: (string | RegExp)[]) => {
    let rows = page.locator(ROW);
    for (const text of texts) rows = rows.filter({ hasText: text });
    return rows.locator('a[href*="/cases/"]').first();
  };

  /** The state of this run's 企业投资项目备案 item, from the database (what the journeys' steps did). */
  const filingItemState = async (): Promise<string> => {
    const rows: { state: string }[] = await t.dataSource.query(
      `SELECT state FROM workflow_instance WHERE parent_id = $1 AND child_key = 'item:projectFiling'`,
      [projectId],
    );
    return rows[0]?.state ?? 'none';
  };

  it('enterprise: follows the status of its project', async () => {
    const j = await Journey.start('enterprise-snow');
    await j.follow(projectLink(j.page, /斯诺/), 'the project page');
    await j.follow(j.page.locator('a[href*="/cases/"]').first(), 'a case of the project');
    await j.end();
  });

  it('steward: files a project for an enterprise picked by name', async () => {
    const j = await Journey.start('steward');
    await j.follow(j.page.getByRole('link', { name: '申报项目' }).first(), 'the filing form');
    const page = j.page;
    await page.locator('[name="name"]').fill('项目管家代办巡检项目');
    for (const [field, value] of [
      ['category', 'socialInvestment'],
      ['investorType', 'socialCapital'],
      ['landSupplyMode', 'tenderAuctionListing'],
    ]) {
      const select = page.locator(`select[name="${field}"]`);
      if ((await select.count()) > 0) await select.selectOption(value);
    }
    await page.locator('[name="investmentAmount"]').fill('3000');
    // The enterprise by its name: a picker (type part of the name, choose the match) or a select of names.
    const enterprise = page.getByLabel(/建设单位|企业/).first();
    await see(enterprise, 'the enterprise field');
    if ((await enterprise.evaluate((e: any) => e.tagName)) === 'SELECT') {
      await enterprise.selectOption({ label: '湖北斯诺新材料科技有限公司' });
    } else {
      await enterprise.fill('斯诺');
      const choice = page
        .getByRole('option', { name: /湖北斯诺新材料科技有限公司/ })
        .or(page.getByText('湖北斯诺新材料科技有限公司'));
      await see(choice, 'the enterprise 湖北斯诺新材料科技有限公司 offered by name');
      await choice.first().click();
    }
    await j.scan('the filled filing form');
    await page.locator('form button[type=submit]').first().click();
    await page.waitForURL(/\/projects\/[0-9a-f-]{36}/, { timeout: 15_000 });
    await j.settle();
    await j.scan('the filed project');
    await j.end();
  });

  it('window clerk: works the queue and accepts an item at the window', async () => {
    const j = await Journey.start('clerk-window');
    await j.follow(caseLink(j.page, projectName, '企业投资项目备案'), 'the item from the queue');
    await j.act('窗口受理');
    expect(await filingItemState()).toBe('windowAccepted');
    await j.end();
  });

  it('department clerk: finds the item in its queue and accepts it for review', async () => {
    // the window's step of this run (the window journey may have run in the other order)
    const j = await Journey.start('clerk-development');
    const inQueue = caseLink(j.page, projectName);
    if ((await inQueue.count()) === 0) {
      await j.context.close();
      throw new Error('the item of this run is not in the development queue (the window journey must pass first)');
    }
    await j.follow(inQueue, 'the item from the queue');
    await j.act('部门受理');
    expect(await filingItemState()).toBe('departmentAccepted.reviewing');
    await j.end();
  });

  it('auditor: finds a project by its code, reads its history, replays it and verifies it', async () => {
    const [{ code }] = await t.dataSource.query(`SELECT code FROM project WHERE id = $1`, [projectId]);
    const j = await Journey.start('auditor');
    const search = j.page.getByRole('searchbox').or(j.page.locator('input[type=search], input[name=q]')).first();
    await see(search, 'a search field for the project');
    await search.fill(code);
    await search.press('Enter');
    await j.settle();
    await j.scan('the search by project code');
    await see(j.page.getByText(projectName), `the project found by its code ${code}`);
    await j.goto(`/cases/${projectId}/audit`, 'the history');
    await j.follow(j.page.getByRole('button', { name: /校验/ }).first(), 'the verification');
    const replay = j.page.getByRole('button', { name: /回放/ });
    if ((await replay.count()) > 0) await j.follow(replay.first(), 'the state as of an event');
    await j.end();
  });

  it('leader: the zone view and a project from it', async () => {
    const j = await Journey.start('leader');
    await j.follow(projectLink(j.page, /斯诺/), 'a project from the zone view');
    await j.end();
  });

  it('admin: the users', async () => {
    const j = await Journey.start('admin');
    await j.follow(j.page.getByRole('link', { name: /系统管理/ }).first(), 'the users');
    await j.end();
  });
});

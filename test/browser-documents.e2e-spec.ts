import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import { CommandService } from '../src/cases/command.service';
import { UsersService } from '../src/users/users.service';
import { actors, ENTERPRISE_ID } from './support/engine-fixtures';
import { clerk, ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Documents in the browser (issue #23): on the project page the enterprise finds its notices in one list,
 * downloads the 容缺受理通知书, and uploads and supplies a 容缺 material in one step; the planning clerk downloads
 * the same bytes on the commitment's page and accepts the material (REVIEW_MATERIAL).
 */
const PASSWORD = 'browser-test-password-1';

jest.setTimeout(180_000);

describe('documents in the browser (Chromium, real PostgreSQL)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let dir: string;
  let projectId: string;
  let toleranceId: string;
  let d: ProjectDriver;
  const pageErrors: string[] = [];

  async function login(username: string) {
    await page.goto(`${base}/login`);
    await page.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear());
    await page.goto(`${base}/login`);
    await page.fill('#login-username', username);
    await page.fill('#login-password', PASSWORD);
    await page.click('form.login-form button[type=submit]');
    await page.waitForSelector('#user-name');
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'browser-documents-'));
    t = await startTestApp({ BLOB_DIR: join(dir, 'blobs') });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    // 建设用地规划许可证 filed without 项目备案证明 (on the 容缺清单), accepted and approved under 容缺.
    projectId = await d.create(
      1,
      { tolerance: true },
      { submittedMaterials: { landUsePlanningPermit: ['applicationForm', 'landGrantContract', 'siteRedLine'] } },
    );
    const itemId = await d.accept(projectId, 'item:landUsePlanningPermit', 'planning');
    await d.send(itemId, 'REQUEST_TOLERANCE', actors.enterprise, { commitmentLetterSigned: true });
    toleranceId = await d.child(itemId, 'tolerance:1');
    await d.send(toleranceId, 'ACCEPT_TOLERANCE', clerk('planning'));
    // Decided under 容缺 (approval-item v1 refuses a commitment fulfilled before the decision).
    await d.send(itemId, 'APPROVE_WITH_TOLERANCE', clerk('planning'), { opinion: '容缺通过' });
    const users = t.app.get(UsersService);
    await users.create({
      username: 'bd-ent',
      displayName: '测试企业',
      role: 'enterprise',
      enterpriseId: ENTERPRISE_ID,
      password: PASSWORD,
    });
    await users.create({
      username: 'bd-planning',
      displayName: '规划审批员',
      role: 'clerk',
      department: 'planning',
      password: PASSWORD,
    });
    browser = await launchBrowser();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the enterprise uploads and supplies a 容缺 material on the project page; the clerk downloads and accepts it', async () => {
    await login('bd-ent');
    // In the work queue the supply is not listed as possible before a file is there: its reason is.
    await page.goto(`${base}/tasks`);
    const task = page.locator('tr', { hasText: '请先上传补交材料的文件：项目备案证明' });
    await task.waitFor();
    expect(await task.locator('.chip').count()).toBe(0);
    await page.goto(`${base}/projects/${projectId}`);
    const section = page.locator('section[aria-label="文书与证照"]');
    // The notices of the project in one list, each downloadable as its stored PDF.
    const noticeRow = section.locator('tr', { hasText: '容缺受理通知书' });
    await noticeRow.waitFor();
    await section.locator('tr', { hasText: '准予行政许可决定书' }).waitFor();
    // …and the certificate issued on the approval, in the same list.
    await section.locator('tr', { has: page.locator('td', { hasText: /^证照$/ }) }).waitFor();
    const [notice] = await Promise.all([
      page.waitForEvent('download'),
      noticeRow.locator('button', { hasText: '下载' }).click(),
    ]);
    const noticeFile = join(dir, 'notice.pdf');
    await notice.saveAs(noticeFile);
    expect(readFileSync(noticeFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(notice.suggestedFilename()).toMatch(/^随高新规容〔\d{4}〕\d{5}号\.pdf$/);

    // Upload and supply in one step. The offer's reason (no file yet) is shown, not a code.
    await section.locator('.supply-reason', { hasText: '请先上传补交材料的文件：项目备案证明' }).waitFor();
    const content = Buffer.from('%PDF-1.4\n项目备案证明\n%%EOF\n');
    const proof = join(dir, '项目备案证明.pdf');
    writeFileSync(proof, content);
    const supply = section.locator('form.supply-form[data-material=projectFilingProof]');
    const supplies: Record<string, string>[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/api/cases/${toleranceId}/events`)) supplies.push(r.headers());
    });
    // The department moves the case while the page is open: the supply is not sent over it; the user reads
    // why in Chinese and gets the fresh list.
    await d.send(toleranceId, 'EXTEND_FOR_FORCE_MAJEURE', clerk('planning'), { reason: '暴雨停工', extraDays: 5 });
    await supply.locator('input[type=file]').setInputFiles(proof);
    await supply.locator('button[type=submit]').click();
    await section.locator('.documents-message', { hasText: '案件已被他人更新' }).waitFor();
    expect((await d.context(toleranceId)).missing.projectFilingProof.status).toBe('missing');
    expect(supplies).toEqual([]);
    // On the reloaded form the file is there already: supplied without another upload, with the version seen
    // and a key.
    await section.locator('.supply-reason').waitFor({ state: 'detached' });
    await supply.locator('button[type=submit]', { hasText: /^补交$/ }).click();
    await section.locator('.documents-message', { hasText: '已补交：项目备案证明' }).waitFor();
    expect((await d.context(toleranceId)).missing.projectFilingProof.status).toBe('supplied');
    expect(supplies).toHaveLength(1);
    expect(supplies[0]['if-match']).toMatch(/^"\d+"$/);
    expect(supplies[0]['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);

    // The planning clerk downloads the file on the commitment's page, byte for byte, and accepts it.
    await login('bd-planning');
    await page.goto(`${base}/cases/${toleranceId}`);
    const row = page.locator('tr', { hasText: '项目备案证明.pdf' });
    await row.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('button', { hasText: '下载' }).click(),
    ]);
    const saved = join(dir, 'downloaded.pdf');
    await download.saveAs(saved);
    expect(Buffer.compare(readFileSync(saved), content)).toBe(0);

    const action = page.locator('details:has(form[data-event=REVIEW_MATERIAL])');
    if ((await action.getAttribute('open')) === null) await action.locator('summary').click();
    const form = action.locator('form');
    await form.locator('select[name=material]').selectOption('projectFilingProof');
    await form.locator('input[type=checkbox][name=compliant]').check();
    await form.locator('button[type=submit]').click();
    await page.locator('main .alert-success', { hasText: '审核补交材料' }).waitFor();
    expect((await d.context(toleranceId)).missing.projectFilingProof.status).toBe('accepted');
    expect(pageErrors).toEqual([]);
  });

  it('上传材料 offers only the items that take a file now: not a finished (refused) one', async () => {
    const other = await d.create(1, {});
    const refused = await d.accept(other, 'item:landTitleRegistration', 'planning');
    await d.send(refused, 'REFUSE', clerk('planning'), { reason: '不符' });
    await login('bd-ent');
    await page.goto(`${base}/projects/${other}`);
    const form = page.locator('section[aria-label="文书与证照"] form.documents-upload');
    await form.waitFor();
    const offered = await form.locator('select[name=instanceId] option').allInnerTexts();
    // 国有建设用地使用权首次登记 (refused) is not among them.
    expect(offered).toEqual(['企业投资项目备案', '建设用地规划许可证核发']);
    expect(pageErrors).toEqual([]);
  });
});

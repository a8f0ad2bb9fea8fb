import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { launchBrowser, login as loginAs, openPage, serve } from './support/browser';
import { CommandService } from '../src/cases/command.service';
import { UsersService } from '../src/users/users.service';
import { ENTERPRISE_ID } from './support/engine-fixtures';
import { clerk, ProjectDriver, STAGES } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Materials in the browser: the enterprise uploads a file on the item's page and sees it listed; a wrong file
 * is refused in Chinese; the window clerk downloads it byte for byte.
 */
const PASSWORD = 'browser-test-password-1';

jest.setTimeout(180_000);

describe('materials in the browser (Chromium, real PostgreSQL)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let itemId: string;
  let dir: string;
  let d: ProjectDriver;
  const pageErrors: string[] = [];

  const login = (username: string) => loginAs(page, base, username, PASSWORD);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'browser-materials-'));
    t = await startTestApp({ BLOB_DIR: join(dir, 'blobs') });
    base = await serve(t);
    d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
    itemId = await d.child(await d.create(1, {}), 'item:landUsePlanningPermit');
    const users = t.app.get(UsersService);
    await users.create({
      username: 'mb-ent',
      displayName: '测试企业',
      role: 'enterprise',
      enterpriseId: ENTERPRISE_ID,
      password: PASSWORD,
    });
    await users.create({
      username: 'mb-window',
      displayName: '综合窗口',
      role: 'clerk',
      department: 'window',
      password: PASSWORD,
    });
    browser = await launchBrowser();
    page = await openPage(browser, pageErrors, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the enterprise uploads, a wrong file is refused in Chinese, the clerk downloads the same bytes', async () => {
    const content = Buffer.from('%PDF-1.4\n宗地红线图\n%%EOF\n');
    const good = join(dir, '宗地红线图.pdf');
    const bad = join(dir, 'setup.pdf');
    writeFileSync(good, content);
    writeFileSync(bad, Buffer.from('MZ\x90\x00 not a pdf'));

    await login('mb-ent');
    await page.goto(`${base}/cases/${itemId}`);
    const form = page.locator('form.upload-form');
    await form.waitFor();
    await form.locator('select[name=materialCode]').selectOption('siteRedLine');
    await form.locator('input[type=file]').setInputFiles(bad);
    await form.locator('button[type=submit]').click();
    await page.locator('.alert', { hasText: '只接受 PDF' }).first().waitFor();

    await form.locator('input[type=file]').setInputFiles(good);
    await form.locator('button[type=submit]').click();
    await page.locator('td', { hasText: '宗地红线图.pdf' }).first().waitFor();

    await login('mb-window');
    await page.goto(`${base}/cases/${itemId}`);
    const row = page.locator('tr', { hasText: '宗地红线图.pdf' });
    await row.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.locator('button', { hasText: '下载' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('宗地红线图.pdf');
    const saved = join(dir, 'downloaded.pdf');
    await download.saveAs(saved);
    expect(Buffer.compare(readFileSync(saved), content)).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('a finished item offers no upload form, only why', async () => {
    const projectId = await d.create(1, {});
    const doneId = await d.accept(projectId, 'item:landTitleRegistration', 'planning');
    await d.send(doneId, 'REFUSE', clerk('planning'), { reason: '不符' });
    await login('mb-ent');
    await page.goto(`${base}/cases/${doneId}`);
    await page.locator('.upload-refused', { hasText: '该事项已办结，不能再上传材料' }).waitFor();
    expect(await page.locator('form.upload-form').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('the public verification page works on a phone, without login, and shows 已撤销 after a revocation', async () => {
    const projectId = await d.create(1, {});
    await d.passStage(projectId, STAGES.landPlanning);
    const [cert] = await t.dataSource.query(
      "SELECT verification_code, number FROM certificate WHERE project_id = $1 AND type = 'landUsePlanningPermit'",
      [projectId],
    );
    const p = await openPage(browser, pageErrors, { viewport: { width: 375, height: 740 }, isMobile: true });
    const phone = p.context();
    await p.goto(`${base}/verify.html?code=${cert.verification_code}`);
    await p.locator('#verify-status', { hasText: '有效' }).waitFor();
    const text = await p.locator('#result').innerText();
    expect(text).toContain(cert.number);
    expect(text).toContain('建设用地规划许可证');
    // Nothing wider than the phone's screen.
    expect(await p.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

    await d.send(await d.child(projectId, 'item:landUsePlanningPermit'), 'REVOKE', clerk('planning'), {
      reason: '申请材料不实',
    });
    await p.reload();
    await p.locator('#verify-status', { hasText: '已撤销' }).waitFor();
    // Why it fails, as the server words it: Chinese, not a code or the hash alone.
    expect(await p.locator('#verify-note').innerText()).toMatch(/^核验未通过：[^A-Za-z]*撤销/);
    await p.goto(`${base}/verify.html?code=${'0'.repeat(32)}`);
    await p.locator('#verify-error', { hasText: '未找到该证照或文书' }).waitFor();
    await phone.close();
    expect(pageErrors).toEqual([]);
  });
});

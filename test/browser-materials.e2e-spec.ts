import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CommandService } from '../src/cases/command.service';
import { UsersService } from '../src/users/users.service';
import { ENTERPRISE_ID } from './support/engine-fixtures';
import { ProjectDriver } from './support/project-driver';
import { startTestApp, type TestApp } from './support/test-app';

/**
 * Materials in the browser: the enterprise uploads a file on the item's page and sees it listed; a wrong file
 * is refused in Chinese; the window clerk downloads it byte for byte.
 */
const CHROMIUM = '/usr/bin/chromium';
const PASSWORD = 'browser-test-password-1';

jest.setTimeout(180_000);

describe('materials in the browser (Chromium, real PostgreSQL)', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let page: Page;
  let itemId: string;
  let dir: string;
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
    dir = mkdtempSync(join(tmpdir(), 'browser-materials-'));
    t = await startTestApp({ BLOB_DIR: join(dir, 'blobs') });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const d = new ProjectDriver(t.dataSource, t.app.get(CommandService));
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
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu'],
    });
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
});

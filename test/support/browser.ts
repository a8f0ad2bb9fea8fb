import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { type Browser, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import type { TestApp } from './test-app';

/**
 * The Chromium every browser spec launches. `npm ci` alone must be enough, so the default is the binary that
 * ships inside the @sparticuz/chromium npm package (brotli-packed; unpacked into the temp folder on first use).
 * Debian's /usr/bin/chromium is used when it is there, because it renders CJK text with the system's fonts.
 *
 * TEST_CHROMIUM chooses explicitly:
 * - unset:   /usr/bin/chromium when present, else the npm binary
 * - 'npm':   always the npm binary (CI proves with it that the tests need no system browser)
 * - a path:  that executable
 */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

interface Executable {
  path: string;
  source: 'npm' | 'system' | 'env';
  /** Extra environment for the browser process (the npm binary's own shared libraries). */
  env: Record<string, string>;
}

/**
 * @sparticuz/chromium is an ES module and Jest runs specs as CommonJS, so a child Node process unpacks it and
 * prints where. Besides the browser it unpacks the few shared libraries (NSS, expat) a bare Linux may lack,
 * the way the package does by itself on Amazon Linux.
 */
function npmChromium(): Executable {
  const script = `
    import chromium, { inflate } from '@sparticuz/chromium';
    import { createRequire } from 'node:module';
    import { dirname, join } from 'node:path';
    const bin = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', 'bin');
    const path = await chromium.executablePath(bin);
    const libs = await inflate(join(bin, 'al2023.tar.br'));
    process.stdout.write(JSON.stringify({ path, libs: join(libs, 'lib') }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: __dirname,
    encoding: 'utf8',
  });
  const { path, libs } = JSON.parse(out) as { path: string; libs: string };
  const ldPath = [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
  return { path, source: 'npm', env: { LD_LIBRARY_PATH: ldPath } };
}

export function chromiumExecutable(choice = process.env.TEST_CHROMIUM): Executable {
  if (choice === 'npm') return npmChromium();
  if (choice) {
    if (!existsSync(choice)) throw new Error(`TEST_CHROMIUM=${choice}: no such file`);
    return { path: choice, source: 'env', env: {} };
  }
  return existsSync(SYSTEM_CHROMIUM) ? { path: SYSTEM_CHROMIUM, source: 'system', env: {} } : npmChromium();
}

/** Launches headless Chromium for a spec; close it in afterAll. */
export async function launchBrowser(): Promise<Browser> {
  const exe = chromiumExecutable();
  return chromium.launch({
    executablePath: exe.path,
    headless: true,
    env: { ...process.env, ...exe.env },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** Starts the test app's HTTP server on a free local port; returns its base URL for the browser. */
export async function serve(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}

/** A page in a context of its own (zh-CN unless the options say otherwise); its uncaught errors go to `errors`. */
export async function openPage(browser: Browser, errors: string[], options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', ...options });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  return page;
}

/** Logs in through the login page, after clearing the tab's session (the previous user's token). */
export async function login(page: Page, base: string, username: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.evaluate(() => (globalThis as unknown as { sessionStorage: { clear(): void } }).sessionStorage.clear());
  await page.goto(`${base}/login`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('form.login-form button[type=submit]');
  await page.waitForSelector('#user-name');
}

/**
 * Waits until the locator (narrowed by text) is there; playwright-core has no expect of its own. A failure says
 * what the locator shows instead.
 */
export async function see(locator: Locator, text?: string | RegExp, timeoutMs = 10_000): Promise<Locator> {
  const target = (text === undefined ? locator : locator.filter({ hasText: text })).first();
  try {
    await target.waitFor({ timeout: timeoutMs });
  } catch {
    const actual = await locator.allTextContents().catch(() => []);
    throw new Error(`not shown: ${String(text ?? locator)}; the page shows: ${JSON.stringify(actual).slice(0, 500)}`);
  }
  return target;
}

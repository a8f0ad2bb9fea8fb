import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

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

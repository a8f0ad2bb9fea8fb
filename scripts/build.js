#!/usr/bin/env node
/* Builds TypeScript to dist/ with swc when any source is newer than the last build ("builds if needed").
 * Type checking is a separate step (npm run typecheck), so a start stays fast. */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dirs = ['src', 'workflows', 'scripts', 'bench'].filter((d) => fs.existsSync(path.join(root, d)));
const stamp = path.join(root, 'dist', '.build-stamp');

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (/\.(ts|json|js|html|css|svg|png|ico)$/.test(entry.name))
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (process.argv.includes('--force') || !fs.existsSync(stamp)) return true;
  const built = fs.statSync(stamp).mtimeMs;
  const sources = Math.max(
    ...dirs.map((d) => newestSource(path.join(root, d))),
    fs.statSync(path.join(root, '.swcrc')).mtimeMs,
    fs.statSync(path.join(root, 'package.json')).mtimeMs,
  );
  return sources > built;
}

if (needsBuild()) {
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  const swc = path.join(root, 'node_modules', '.bin', 'swc');
  execFileSync(
    swc,
    [
      ...dirs,
      '-d',
      'dist',
      '--config-file',
      '.swcrc',
      '--ignore',
      '**/*.spec.ts',
      '--ignore',
      'src/web/public/**',
      '--copy-files',
      '--quiet',
    ],
    { cwd: root, stdio: 'inherit' },
  );
  // The browser UI is shipped as written (no compilation: browsers load it as is).
  const ui = path.join(root, 'src', 'web', 'public');
  if (fs.existsSync(ui)) fs.cpSync(ui, path.join(root, 'dist', 'src', 'web', 'public'), { recursive: true });
  fs.writeFileSync(stamp, new Date().toISOString());
}

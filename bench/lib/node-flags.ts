import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The command line of an npm script in the package.json at `root` (undefined when there is none). */
export function npmScript(root: string, name: string): string | undefined {
  const pkg: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  if (typeof pkg !== 'object' || !pkg || !('scripts' in pkg) || typeof pkg.scripts !== 'object' || !pkg.scripts)
    return undefined;
  const script: unknown = Object.entries(pkg.scripts).find(([n]) => n === name)?.[1];
  return typeof script === 'string' ? script : undefined;
}

/**
 * The Node.js flags production starts the server with: those of `npm run start:prod` in the build's own
 * package.json (`npm start` and the Dockerfile use the same; node-flags.spec.ts keeps them in step). The
 * benchmark's servers start with them, so that what it measures (peak RSS above all) is what runs.
 */
export function productionNodeFlags(root: string): string[] {
  const words = (npmScript(root, 'start:prod') ?? '').split(/\s+/);
  return words.slice(words.indexOf('node') + 1).filter((w) => w.startsWith('--'));
}

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { npmScript, productionNodeFlags } from './node-flags';

describe('production Node.js flags', () => {
  const root = resolve(__dirname, '..', '..');
  const flags = productionNodeFlags(root);

  it('start:prod bounds the heap growth (peak RSS, docs/benchmarks.md)', () => {
    expect(flags).toContain('--heap-growing-percent=100');
  });

  it('npm start and the Docker image start the server with the same flags', () => {
    expect(npmScript(root, 'start')).toBe(['node', ...flags, 'scripts/start.js'].join(' '));
    const cmd = ['node', ...flags, 'dist/src/main.js'].map((w) => JSON.stringify(w)).join(', ');
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toContain(`CMD [${cmd}]`);
  });
});

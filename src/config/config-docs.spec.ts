import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CONFIG_DESCRIPTIONS } from './app-config';

describe('configuration is documented', () => {
  const root = resolve(__dirname, '..', '..');
  const readme = readFileSync(resolve(root, 'README.md'), 'utf8');
  const example = readFileSync(resolve(root, '.env.example'), 'utf8');

  it.each(Object.keys(CONFIG_DESCRIPTIONS))('%s is in README.md and .env.example', (key) => {
    expect(readme).toContain(`\`${key}\``);
    expect(example).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
  });
});

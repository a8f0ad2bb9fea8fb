import * as fs from 'node:fs';
import * as path from 'node:path';
import { definitions } from '../workflows/registry';
import { renderDefinition } from './diagrams';

describe('workflow diagrams', () => {
  it.each(definitions.map((d) => [d.id, d.version] as const))(
    'docs/workflows/%s-v%s.md is up to date',
    (id, version) => {
      const definition = definitions.find((d) => d.id === id && d.version === version)!;
      const file = path.resolve(__dirname, '..', 'docs', 'workflows', `${id}-v${version}.md`);
      expect(fs.readFileSync(file, 'utf8')).toBe(renderDefinition(definition));
    },
  );
});

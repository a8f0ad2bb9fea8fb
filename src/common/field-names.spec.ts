import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { getMetadataStorage } from 'class-validator';
import { FIELD_NAMES, fieldProblem } from './field-names';

/** Every request class under src/ (DTOs and queries); app-config is the server's environment, not a form. */
function requestModules(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return requestModules(path);
    if (!name.endsWith('.ts') || name.endsWith('.spec.ts') || name === 'app-config.ts') return [];
    if (!/\.(dto|query)\.ts$/.test(name)) return [];
    return readFileSync(path, 'utf8').includes("from 'class-validator'") ? [path] : [];
  });
}

describe('field names in validation messages', () => {
  it('every validated request field has a zh-CN name (else people read 「字段」)', () => {
    const modules = requestModules(join(__dirname, '..'));
    expect(modules.length).toBeGreaterThan(10);
    const unnamed = new Set<string>();
    for (const path of modules) {
      for (const exported of Object.values(require(path) as Record<string, unknown>)) {
        if (typeof exported !== 'function') continue;
        for (const m of getMetadataStorage().getTargetValidationMetadatas(exported, '', true, false)) {
          if (!FIELD_NAMES[m.propertyName]) unnamed.add(`${exported.name}.${m.propertyName}`);
        }
      }
    }
    expect([...unnamed]).toEqual([]);
  });

  it('names the field and its place in a list', () => {
    expect(fieldProblem('investmentAmount', ['maxDecimalPlaces'])).toBe('「总投资（万元）」小数位数过多');
    expect(fieldProblem('sections.1.name', ['isNotEmpty'])).toBe('「名称（第 2 项）」必须填写');
  });
});

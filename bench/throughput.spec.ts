import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pgbenchScript } from './throughput';

/** The columns an `UPDATE workflow_instance … SET a = …, b = … FROM|WHERE` statement sets, in `sql`. */
function setColumns(sql: string, table: string): string[] {
  const set = new RegExp(`UPDATE ${table}(?: i)?\\s+SET ([\\s\\S]*?)\\s(?:FROM|WHERE)\\s`).exec(sql)?.[1] ?? '';
  return [...set.matchAll(/(?:^|,)\s*([a-z_]+)\s*=/g)].map((m) => m[1]).sort();
}

describe('throughput: the pgbench mimic of a command', () => {
  it('updates every column of the instance row the engine’s step updates (the same write cost)', () => {
    const engine = readFileSync(join(__dirname, '..', 'src', 'cases', 'engine.repository.ts'), 'utf8');
    const step = setColumns(engine.slice(engine.indexOf("'engine_write_steps'")), 'workflow_instance');
    expect(step).toEqual(expect.arrayContaining(['acting_departments', 'snapshot', 'department_queue']));
    expect(setColumns(pgbenchScript(100, 10), 'pgb_workflow_instance')).toEqual(step);
  });

  it('writes acting_departments as the engine does, with no pgbench variable in it', () => {
    const script = pgbenchScript(100, 10);
    expect(script).toContain(`acting_departments = ARRAY(SELECT jsonb_array_elements_text('["planning"]'::jsonb))`);
    // Every ':name' in the script is one of its own variables.
    expect([...new Set(script.match(/(?<!:):[a-z_]+/g))].sort()).toEqual([':client_id', ':cur_seq', ':n']);
  });
});

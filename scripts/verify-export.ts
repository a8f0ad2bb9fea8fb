/* Offline verification of a case export: `npm run verify-export -- case.json`. Needs neither the server nor the
 * database: the hash chain is recomputed and the history replayed through the project's own workflow definitions.
 * Exit code 0 when every instance verifies, 1 when one does not, 2 when the file cannot be read. */
import { readFileSync } from 'node:fs';
import { registry } from '../workflows/registry';
import { type CaseExport, verifyExport } from '../src/audit/verify';

function main(): number {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: npm run verify-export -- <export.json>');
    return 2;
  }
  let data: CaseExport;
  try {
    data = JSON.parse(readFileSync(file, 'utf8')) as CaseExport;
  } catch (e) {
    console.error(`cannot read ${file}: ${(e as Error).message}`);
    return 2;
  }
  const source = {
    get: (id: string, version: number) => registry.getDefinition(id, version),
    migration: (id: string, from: number, to: number) => registry.getMigration(id, from, to),
  };
  const report = verifyExport(source, data);
  for (const i of report.instances) {
    const where = i.firstMismatch ? ` — first mismatch at event ${i.firstMismatch.seq}: ${i.firstMismatch.reason}` : '';
    console.log(
      `${i.ok ? 'OK  ' : 'FAIL'} ${i.definitionId} ${i.id} (${i.events} events, head ${i.head.hash.slice(0, 12)}…)${where}`,
    );
  }
  console.log(report.ok ? 'verified: every chain and replay matches' : 'NOT VERIFIED');
  return report.ok ? 0 : 1;
}

process.exitCode = main();

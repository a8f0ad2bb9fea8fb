/* Offline verification of a case export:
 *   npm run verify-export -- case.json [--public-key key.pem …] [--head-log heads.json …]
 * Needs neither the server nor the database: the hash chain is recomputed and the history replayed through the
 * project's own workflow definitions. With --public-key (the PEM from GET /api/audit/public-keys; repeat it for
 * retired keys) every signed head in the file is checked and each instance's head must be signed, so a history
 * rewritten with database rights but without the signing key fails. With --head-log (a saved
 * GET /api/audit/heads response, or an array of them) the file must also agree with every head the auditor kept,
 * so even the key holder cannot quietly rewrite what was already published.
 * Exit code 0 when every instance verifies, 1 when one does not, 2 when an input cannot be read. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { registry } from '../workflows/registry';
import type { SignedHead } from '../src/audit/signed-head';
import { KeyRing, parsePublicKey } from '../src/audit/signing-keys';
import { type CaseExport, verifyExport } from '../src/audit/verify';

const USAGE = 'usage: npm run verify-export -- <export.json> [--public-key <key.pem>]… [--head-log <heads.json>]…';

/** The heads of a saved head log: one response ({ heads }), an array of responses, or an array of heads. */
export function headsOf(log: unknown): SignedHead[] {
  const pages = Array.isArray(log) ? log : [log];
  return pages.flatMap((p: unknown): SignedHead[] => {
    if (p && typeof p === 'object' && 'heads' in p && Array.isArray(p.heads)) return p.heads;
    if (p && typeof p === 'object' && 'signature' in p) return [p as SignedHead];
    throw new Error('not a head log (GET /api/audit/heads)');
  });
}

function main(argv: string[]): number {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { 'public-key': { type: 'string', multiple: true }, 'head-log': { type: 'string', multiple: true } },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    return 2;
  }
  const [file] = args.positionals;
  const keyFiles = args.values['public-key'] ?? [];
  const logFiles = args.values['head-log'] ?? [];
  if (!file || args.positionals.length > 1) {
    console.error(USAGE);
    return 2;
  }
  if (logFiles.length && !keyFiles.length) {
    console.error('--head-log needs --public-key: a head is only evidence once its signature is checked');
    return 2;
  }
  const read = <T>(path: string, parse: (text: string) => T): T | undefined => {
    try {
      return parse(readFileSync(path, 'utf8'));
    } catch (e) {
      console.error(`cannot read ${path}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const data = read(file, (t) => JSON.parse(t) as CaseExport);
  const keys = keyFiles.map((k) => read(k, parsePublicKey));
  const logs = logFiles.map((l) => read(l, (t) => headsOf(JSON.parse(t))));
  if (data === undefined || keys.includes(undefined) || logs.includes(undefined)) return 2;
  const ring = keys.length ? new KeyRing(keys.flatMap((k) => (k ? [k] : []))) : undefined;
  const headLog = logFiles.length ? logs.flatMap((l) => l ?? []) : undefined;

  const source = {
    get: (id: string, version: number) => registry.getDefinition(id, version),
    migration: (id: string, from: number, to: number) => registry.getMigration(id, from, to),
  };
  const report = verifyExport(source, data, { ring, headLog });
  for (const i of report.instances) {
    const m = i.firstMismatch;
    const where = m ? ` — first mismatch at event ${m.seq} (${m.code}): ${m.reason}` : '';
    const signed = i.signatures ? `, signed through ${i.signatures.signedThrough}` : '';
    const logged = i.headLogChecked !== undefined ? `, ${i.headLogChecked} logged heads agree` : '';
    console.log(
      `${i.ok ? 'OK  ' : 'FAIL'} ${i.definitionId} ${i.id} (${i.events} events, head ${i.head.hash.slice(0, 12)}…${signed}${logged})${where}`,
    );
  }
  if (!ring) console.log('signatures not checked: give --public-key to check them');
  else console.log(`trusted keys: ${ring.ids.join(', ')}${headLog ? `; head log: ${headLog.length} heads` : ''}`);
  console.log(report.ok ? 'verified: every chain and replay matches' : 'NOT VERIFIED');
  return report.ok ? 0 : 1;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

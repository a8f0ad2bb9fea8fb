import 'reflect-metadata';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { runClerkLoop } from './clerk-loop';
import { runReplay } from './replay';
import { renderMarkdown, renderSummary, verdicts, writeReport, type BenchResults } from './report';
import { buildTemplates, runScale } from './scale';
import { runStartup } from './startup';
import { runThroughput } from './throughput';
import type { BenchContext } from './lib/context';
import { openBenchDatabase } from './lib/db';
import { InProcessEngine } from './lib/engine';
import { ROOT } from './lib/server';

/**
 * npm run bench [-- --quick] [-- --only=clerk,throughput,replay,scale,startup] [-- --profile] [-- --no-write] [-- --write]
 * Full mode writes docs/benchmarks.md; quick mode (CI) checks that every benchmark runs and never fails on numbers.
 */
async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const only = args
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',');
  const wants = (name: string) => !only || only.includes(name);
  const logDir = mkdtempSync(join(tmpdir(), 'permits-bench-'));
  const log = (m: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${m}\n`);
  const deadline = setTimeout(
    () => {
      process.stderr.write('benchmark run exceeded its time limit\n');
      process.exit(2);
    },
    (quick ? 5 : 40) * 60000,
  );
  deadline.unref();
  log(`mode ${quick ? 'quick' : 'full'}; logs in ${logDir}`);
  const results: BenchResults = {
    mode: quick ? 'quick' : 'full',
    startedAt: new Date().toISOString(),
    finishedAt: '',
    loadBefore: loadavg(),
    loadAfter: [],
    serverVersion: '',
    pgbenchVersion: '',
  };
  const db = await openBenchDatabase(log);
  results.serverVersion = db.serverVersion;
  const engine = await InProcessEngine.start(db.url);
  const ctx: BenchContext = { quick, profile: args.includes('--profile') || !quick, db, engine, logDir, log };
  try {
    await engine.ensureEnterprise();
    await engine.ensureUsers();
    // the headline: the clerk loop against pgbench (issue #24); the write-only loop after it
    if (wants('clerk')) results.clerkLoop = await runClerkLoop(ctx);
    if (wants('throughput')) {
      results.throughput = await runThroughput(ctx);
      results.pgbenchVersion = results.throughput.pgbenchVersion;
    }
    let templates: Awaited<ReturnType<typeof buildTemplates>> = [];
    if (wants('replay') || wants('scale')) {
      log('building template projects through the engine');
      templates = await buildTemplates(ctx);
      log(
        `templates: ${templates.map((t) => `${t.commands} commands → ${t.instances} instances/${t.events} events`).join('; ')}`,
      );
    }
    if (wants('replay')) {
      const root = templates[templates.length - 1].projectId;
      const tree = await engine.dataSource.query(
        'SELECT id, definition_id AS "definitionId" FROM workflow_instance WHERE project_id = $1 ORDER BY created_at',
        [root],
      );
      results.replay = await runReplay(ctx, tree);
    }
    if (wants('scale')) results.scale = await runScale(ctx, templates);
    if (wants('startup')) results.startup = await runStartup(ctx);
  } finally {
    await engine.close();
    await db.close();
  }
  results.finishedAt = new Date().toISOString();
  results.loadAfter = loadavg();
  const markdown = renderMarkdown(results);
  writeFileSync(join(logDir, 'results.json'), JSON.stringify(results, null, 2));
  writeFileSync(join(logDir, 'results.md'), markdown);
  process.stdout.write(`\n${markdown}\n\n`);
  for (const [what, target, got, ok] of verdicts(results)) {
    process.stdout.write(`${ok ? 'met   ' : 'MISSED'}  ${what}: ${got} (target ${target})\n`);
  }
  // the doc keeps the summary; --write records a run of a subset too (e.g. --only=clerk,throughput)
  if (!quick && !args.includes('--no-write') && (!only || args.includes('--write'))) {
    writeReport(join(ROOT, 'docs', 'benchmarks.md'), renderSummary(results));
    log('wrote docs/benchmarks.md');
  }
  log(`raw results: ${join(logDir, 'results.json')}`);
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});

import { performance } from 'node:perf_hooks';
import { AuditRepository } from '../src/audit/audit.repository';
import { eventHash, GENESIS_HASH } from '../src/audit/hash-chain';
import { replay, type StoredEvent } from '../src/audit/replay';
import type { BenchContext } from './lib/context';
import { PASSWORD, systemActors, uuidFrom } from './lib/engine';
import { HttpClient } from './lib/http';
import { startServer } from './lib/server';
import { median, summarize, type Summary } from './lib/stats';

export interface FoldFigure {
  label: string;
  events: number;
  /** events per second of each repeat, and their median */
  runs: number[];
  perSecond: number;
}

export interface ReplayResult {
  historyEvents: number;
  fold: FoldFigure[];
  baseline: FoldFigure;
  asOf: {
    randomSeq: Summary;
    worstSeq: { seq: number; latency: Summary };
    baselineCaseView: Summary;
  };
}

/** Folds `events` again and again for about `ms`; events per second. */
function foldRate(fn: () => number, ms: number): number {
  let events = 0;
  const start = performance.now();
  let now = start;
  let loops = 0;
  while (now - start < ms && loops < 1_000_000) {
    events += fn();
    loops++;
    now = performance.now();
  }
  return events / ((now - start) / 1000);
}

const planning = systemActors.clerk('planning');

/** A case with `total` events: accepted, then special procedures started and ended, then approved. */
export async function buildLongHistory(ctx: BenchContext, id: string, total: number): Promise<void> {
  const { engine } = ctx;
  await engine.createItems([id]);
  await engine.send(id, 'WINDOW_ACCEPT', systemActors.clerk('window'));
  await engine.send(id, 'DEPARTMENT_ACCEPT', planning);
  let seq = 3;
  while (seq < total - 1) {
    await engine.send(id, 'START_SPECIAL_PROCEDURE', planning, {
      procedure: 'expertReview',
      reason: `第${seq}轮专家评审`,
    });
    await engine.send(id, 'END_SPECIAL_PROCEDURE', planning);
    seq += 2;
  }
  if (seq < total) {
    await engine.send(id, 'APPROVE', planning, { opinion: '同意' });
    seq++;
  }
}

export async function runReplay(
  ctx: BenchContext,
  projectTreeIds: { id: string; definitionId: string }[],
): Promise<ReplayResult> {
  const { engine, quick, log } = ctx;
  const total = quick ? 200 : 1000;
  const id = uuidFrom(`asof-${total}`);
  log(`replay: building a case with ${total} events through the engine`);
  await buildLongHistory(ctx, id, total);
  const repo = engine.app.get(AuditRepository);
  const events = await repo.events(id);
  const source = engine.registry.source;
  const repeats = quick ? 1 : 5;
  const ms = quick ? 300 : 1500;

  const fold = (label: string, histories: { definitionId: string; events: StoredEvent[] }[]): FoldFigure => {
    const n = histories.reduce((a, h) => a + h.events.length, 0);
    const once = () => {
      for (const h of histories) {
        const r = replay(source, h.definitionId, h.events);
        if (!r.ok) throw new Error(`replay failed at ${r.seq}: ${r.reason}`);
      }
      return n;
    };
    const runs = Array.from({ length: repeats }, () => foldRate(once, ms));
    return { label, events: n, runs, perSecond: median(runs) };
  };
  const tree = [];
  for (const t of projectTreeIds) tree.push({ definitionId: t.definitionId, events: await repo.events(t.id) });
  const figures = [
    fold(`approval item, ${events.length} events (START/END_SPECIAL_PROCEDURE), from INSTANCE_CREATED`, [
      { definitionId: 'approval-item', events },
    ]),
    fold(
      `a whole project (project-case + ${tree.length - 1} child instances, ${tree.reduce((a, h) => a + h.events.length, 0)} events)`,
      tree,
    ),
  ];
  // Baseline: recomputing the hash chain of the same events (the other half of verify).
  const chain = () => {
    let prev = GENESIS_HASH;
    for (const e of events) {
      prev = eventHash(prev, { instanceId: id, ...e });
    }
    return events.length;
  };
  const baseRuns = Array.from({ length: repeats }, () => foldRate(chain, ms));
  const baseline = {
    label: `hash chain of the same ${events.length} events (SHA-256 over canonical JSON)`,
    events: events.length,
    runs: baseRuns,
    perSecond: median(baseRuns),
  };

  log('replay: as-of route through HTTP');
  const server = await startServer({
    logDir: ctx.logDir,
    name: 'replay',
    databaseUrl: ctx.db.url,
    env: { LOG_LEVEL: 'info' },
  });
  const http = new HttpClient(server.baseUrl, 4);
  try {
    const token = (
      await http.json<{ accessToken: string }>('POST', '/api/auth/login', {
        body: { username: 'bench-auditor', password: PASSWORD },
      })
    ).accessToken;
    const n = quick ? 30 : 300;
    const get = async (path: string) => {
      const r = await http.send('GET', path, { token });
      if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      return r.ms;
    };
    // warm-up
    for (let i = 0; i < 20; i++) await get(`/api/cases/${id}/state?seq=${1 + ((i * 37) % total)}`);
    const random: number[] = [];
    const base: number[] = [];
    let x = 12345;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      random.push(await get(`/api/cases/${id}/state?seq=${1 + (x % total)}`));
      base.push(await get(`/api/cases/${id}`));
    }
    // the longest fold after a checkpoint: 49 events
    const worst = total - (total % 50 === 0 ? 1 : 0);
    const worstLat: number[] = [];
    for (let i = 0; i < Math.ceil(n / 3); i++) worstLat.push(await get(`/api/cases/${id}/state?seq=${worst}`));
    return {
      historyEvents: events.length,
      fold: figures,
      baseline,
      asOf: {
        randomSeq: summarize(random),
        worstSeq: { seq: worst, latency: summarize(worstLat) },
        baselineCaseView: summarize(base),
      },
    };
  } finally {
    http.close();
    await server.stop();
  }
}

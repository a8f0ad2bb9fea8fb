import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { eventHash } from '../src/audit/hash-chain';
import {
  bigramWindowPageSql,
  listProjects,
  matchesPageSql,
  PROJECT_INSTANCES_SQL,
  PROJECT_SQL,
  newestFirstWindows,
  inBitmapScansTransaction,
  projectCountSql,
  projectRowsSql,
  readBigramStatistics,
  type BigramStatistics,
  windowPageSql,
} from '../src/projects/projects.repository';
import { taskQueueSql } from '../src/tasks/tasks.repository';
import type { BenchContext } from './lib/context';
import { withClient } from './lib/db';
import { PASSWORD, systemActors } from './lib/engine';
import { HttpClient } from './lib/http';
import { METRICS_TOKEN, startServer } from './lib/server';
import { medianSummary, summarize, type Summary } from './lib/stats';

/** Template projects driven through the real engine to different points; the load clones them. */
export interface Template {
  projectId: string;
  commands: number;
  instances: number;
  events: number;
}

const BASE = Date.parse('2026-03-02T01:00:00.000Z');
const DAY = 86400000;

/** Commands sent to each template project (one per step: window accept, department accept, approve …). */
const TEMPLATE_STEPS = [0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 7, 9, 12, 14];

/** Drives a project: each step sends the next command to the first child that can take one. */
async function driveProject(ctx: BenchContext, projectId: string, steps: number, start: number): Promise<number> {
  const { engine } = ctx;
  let sent = 0;
  for (let s = 0; s < steps; s++) {
    const rows: { id: string; state: string; department: string }[] = await engine.dataSource.query(
      `SELECT id, state, snapshot->'context'->'item'->>'department' AS department FROM workflow_instance
        WHERE parent_id = $1 AND status = 'active' AND definition_id = 'approval-item'
          AND state IN ('received', 'windowAccepted', 'departmentAccepted.reviewing')
        ORDER BY created_at, child_key`,
      [projectId],
    );
    const next = rows[0];
    if (!next) break;
    const at = new Date(start + (s + 1) * 3600000).toISOString();
    const [type, actor, payload] =
      next.state === 'received'
        ? ['WINDOW_ACCEPT', systemActors.clerk('window'), { note: '材料齐全' }]
        : next.state === 'windowAccepted'
          ? ['DEPARTMENT_ACCEPT', systemActors.clerk(next.department), {}]
          : ['APPROVE', systemActors.clerk(next.department), { opinion: '同意' }];
    await engine.send(next.id, type as string, actor as typeof systemActors.enterprise, payload, at);
    sent++;
  }
  return sent;
}

export async function buildTemplates(ctx: BenchContext): Promise<Template[]> {
  const templates: Template[] = [];
  // Each step count three times, started on different days: the clones' due dates spread over 48 days.
  for (let k = 0; k < TEMPLATE_STEPS.length * 3; k++) {
    const projectId = randomUUID();
    const start = BASE + k * DAY;
    await ctx.engine.createProjectCase(
      projectId,
      `模板项目 ${k}`,
      `TPL-${k}-${projectId.slice(0, 6)}`,
      new Date(start).toISOString(),
    );
    const commands = await driveProject(ctx, projectId, TEMPLATE_STEPS[k % TEMPLATE_STEPS.length], start);
    const [c] = await ctx.engine.dataSource.query(
      `SELECT count(DISTINCT i.id)::int AS instances, count(e.*)::int AS events
         FROM workflow_instance i JOIN workflow_event e ON e.instance_id = i.id WHERE i.project_id = $1`,
      [projectId],
    );
    templates.push({ projectId, commands, instances: c.instances, events: c.events });
  }
  return templates;
}

// Project names for the search: 随州高新区-like places, industries and building kinds.
const PLACES = ['随州高新区', '曾都', '广水', '淅河', '何店', '十岗', '万店', '洛阳镇', '府河', '殷店'];
const INDUSTRIES = [
  '铜箔',
  '专用车',
  '汽车零部件',
  '食品加工',
  '香菇深加工',
  '电子信息',
  '生物医药',
  '新能源电池',
  '光电显示',
  '智能装备',
  '纺织服装',
  '冷链物流',
];
const KINDS = ['厂房', '仓储中心', '研发中心', '综合楼', '产业园', '生产线技改', '标准化厂房', '配套宿舍'];
const PHASES = ['', '一期', '二期', '三期'];

export function projectName(n: number): string {
  return `${PLACES[n % 10]}${INDUSTRIES[Math.floor(n / 10) % 12]}${KINDS[Math.floor(n / 120) % 8]}${PHASES[Math.floor(n / 960) % 4]}项目（第${n}号）`;
}

type Row = Record<string, any>;
interface TemplateRows {
  project: Row;
  instances: Row[];
  events: Row[];
  timers: Row[];
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

async function readTemplate(c: Client, projectId: string): Promise<TemplateRows> {
  const project = (await c.query('SELECT * FROM project WHERE id = $1', [projectId])).rows[0];
  const instances = (
    await c.query('SELECT * FROM workflow_instance WHERE project_id = $1 ORDER BY created_at, child_key NULLS FIRST', [
      projectId,
    ])
  ).rows;
  const ids = instances.map((i) => i.id);
  const events = (
    await c.query('SELECT * FROM workflow_event WHERE instance_id = ANY($1::uuid[]) ORDER BY instance_id, seq', [ids])
  ).rows;
  const timers = (
    await c.query(`SELECT * FROM workflow_timer WHERE instance_id = ANY($1::uuid[]) AND status = 'pending'`, [ids])
  ).rows;
  for (const e of events) {
    e.payloadText = json(e.payload);
    e.factsText = json(e.facts);
    e.causationText = json(e.causation);
    e.actorText = json(e.actor);
    e.occurredAt = new Date(e.occurred_at).toISOString();
  }
  for (const i of instances) i.snapshotText = json(i.snapshot);
  for (const t of timers) t.eventText = json(t.event);
  return { project, instances, events, timers };
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * Clones template projects with new ids: every id inside snapshots, payloads and causations is replaced, and
 * every hash chain is recomputed with src/audit/hash-chain.ts, so each clone is exactly what the engine would
 * have written for that project (verify passes on it).
 */
export async function loadProjects(
  url: string,
  templates: Template[],
  count: number,
  log: (m: string) => void,
): Promise<{ projects: number; instances: number; events: number; seconds: number; sampleIds: string[] }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const started = performance.now();
  let instances = 0;
  let events = 0;
  let buildMs = 0;
  let dbMs = 0;
  const stmtMs = [0, 0, 0, 0];
  const sampleIds: string[] = [];
  try {
    await c.query('SET statement_timeout = 0');
    await c.query('SET synchronous_commit = off');
    // Bulk load: secondary indexes are dropped and rebuilt afterwards with their own definitions.
    const indexes = (
      await c.query(
        `SELECT i.indexname, i.indexdef FROM pg_indexes i
          WHERE i.schemaname = 'public' AND i.tablename IN ('workflow_instance', 'workflow_event')
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname)`,
      )
    ).rows as { indexname: string; indexdef: string }[];
    for (const ix of indexes) await c.query(`DROP INDEX "${ix.indexname}"`);
    const rows = [];
    for (const t of templates) rows.push(await readTemplate(c, t.projectId));
    const batch = 1000;
    for (let from = 1; from <= count; from += batch) {
      const batchStart = performance.now();
      const P: unknown[][] = [[], [], [], [], []];
      const I: string[] = [];
      const E: string[] = [];
      const T: unknown[][] = Array.from({ length: 7 }, () => []);
      for (let n = from; n < Math.min(from + batch, count + 1); n++) {
        const t = rows[n % rows.length];
        const map = new Map<string, string>();
        for (const i of t.instances) map.set(i.id as string, randomUUID());
        const projectId = map.get(t.project.id as string) as string;
        if (sampleIds.length < 2000 && n % 37 === 0) sampleIds.push(projectId);
        const swapText = (text: string | null) =>
          text === null ? null : text.replace(UUID_RE, (m) => map.get(m) ?? m);
        const swap = (text: string | null) => {
          const t2 = swapText(text);
          return t2 === null ? null : JSON.parse(t2);
        };
        const created = new Date(
          Date.parse(String(new Date(t.project.created_at as string).toISOString())) + (n % 500) * 60000,
        );
        P[0].push(projectId);
        P[1].push(`SZGX-B-${String(n).padStart(7, '0')}`);
        P[2].push(projectName(n));
        P[3].push(t.project.enterprise_id);
        const createdIso = created.toISOString();
        P[4].push(createdIso);
        const heads = new Map<string, string>();
        let prevInstance = '';
        let prev = '';
        for (const e of t.events) {
          const instanceId = map.get(e.instance_id as string) as string;
          if (instanceId !== prevInstance) {
            prevInstance = instanceId;
            prev = e.prev_hash as string; // the genesis hash
          }
          const payload = swap(e.payloadText) ?? {};
          const facts = swap(e.factsText);
          const causation = swap(e.causationText);
          const occurredAt = e.occurredAt;
          const hash = eventHash(prev, {
            instanceId,
            seq: e.seq as number,
            type: e.type as string,
            payload,
            actor: e.actor,
            facts,
            occurredAt,
            definitionVersion: e.definition_version as number,
            causation,
          });
          E.push(
            `{"instance_id":"${instanceId}","seq":${e.seq},"type":${JSON.stringify(e.type)},"payload":${swapText(e.payloadText)},` +
              `"actor":${e.actorText},"actor_id":${JSON.stringify(e.actor_id)},"actor_role":${JSON.stringify(e.actor_role)},` +
              `"on_behalf_of":${JSON.stringify(e.on_behalf_of)},"facts":${swapText(e.factsText)},"definition_version":${e.definition_version},` +
              `"occurred_at":"${occurredAt}","causation":${swapText(e.causationText)},"idempotency_key":null,` +
              `"state_after":${JSON.stringify(e.state_after)},"prev_hash":"${prev}","hash":"${hash}","recorded_at":"${createdIso}"}`,
          );
          prev = hash;
          heads.set(instanceId, hash);
          events++;
        }
        for (const i of t.instances) {
          const id = map.get(i.id as string) as string;
          const parent = i.parent_id ? `"${map.get(i.parent_id)}"` : 'null';
          const iso = (d: Date | null) => (d ? `"${d.toISOString()}"` : 'null');
          I.push(
            `{"id":"${id}","definition_id":${JSON.stringify(i.definition_id)},"definition_version":${i.definition_version},` +
              `"parent_id":${parent},"child_key":${JSON.stringify(i.child_key)},"project_id":"${projectId}",` +
              `"snapshot":${swapText(i.snapshotText)},"seq":${i.seq},"status":${JSON.stringify(i.status)},"state":${JSON.stringify(i.state)},` +
              `"status_label":${JSON.stringify(i.status_label)},"stage":${JSON.stringify(i.stage)},` +
              `"department_queue":${JSON.stringify(i.department_queue)},"waiting_on":${JSON.stringify(i.waiting_on)},` +
              `"deadline":${json(i.deadline)},"due_at":${iso(i.due_at)},"warn_at":${iso(i.warn_at)},` +
              `"timer_state":${JSON.stringify(i.timer_state)},"head_hash":"${heads.get(id)}",` +
              `"created_at":${iso(i.created_at)},"updated_at":${iso(i.updated_at)},` +
              `"acting_departments":${JSON.stringify(i.acting_departments)}}`,
          );
          instances++;
        }
        for (const tm of t.timers) {
          const vals = [
            map.get(tm.instance_id as string),
            tm.timer_key,
            tm.due_at,
            swapText(tm.eventText),
            json(tm.deadline),
            json(tm.at),
            'pending',
          ];
          vals.forEach((v, k) => T[k].push(v));
        }
      }
      buildMs += performance.now() - batchStart;
      const dbStart = performance.now();
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO project (id, code, name, enterprise_id, category, details, created_at)
         SELECT id, code, name, ent, 'socialInvestment', '{}', created FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[]) AS t(id, code, name, ent, created)`,
        P,
      );
      stmtMs[0] += performance.now() - dbStart;
      await c.query(
        `INSERT INTO workflow_instance SELECT * FROM json_populate_recordset(NULL::workflow_instance, $1::json)`,
        [`[${I.join(',')}]`],
      );
      stmtMs[1] += performance.now() - dbStart;
      await c.query(
        `INSERT INTO workflow_event SELECT * FROM json_populate_recordset(NULL::workflow_event, $1::json)`,
        [`[${E.join(',')}]`],
      );
      stmtMs[2] += performance.now() - dbStart;
      if (T[0].length) {
        await c.query(
          `INSERT INTO workflow_timer (instance_id, timer_key, due_at, event, deadline, at, status)
           SELECT a, b, c, d::jsonb, e::jsonb, g::jsonb, f
             FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[])
                  AS x(a, b, c, d, e, g, f)`,
          T,
        );
      }
      await c.query('COMMIT');
      dbMs += performance.now() - dbStart;
      if ((from - 1) % 20000 === 0)
        log(
          `scale: ${from - 1 + batch} / ${count} projects (building rows ${(buildMs / 1000).toFixed(1)} s, inserting ${(dbMs / 1000).toFixed(1)} s: projects+instances ${(stmtMs[1] / 1000).toFixed(1)} s)`,
        );
    }
    const rebuild = performance.now();
    for (const ix of indexes) await c.query(ix.indexdef);
    log(
      `scale: rebuilt ${indexes.map((i) => i.indexname).join(', ')} in ${((performance.now() - rebuild) / 1000).toFixed(1)} s`,
    );
    await c.query('VACUUM ANALYZE');
  } finally {
    await c.end();
  }
  return { projects: count, instances, events, seconds: (performance.now() - started) / 1000, sampleIds };
}

export interface QueryFigure {
  name: string;
  sql: string;
  latency: Summary;
  plan: string;
  /** Sequential scans of the big tables in the plan (a hot query should have none). */
  seqScans: string[];
  /** Latency per parameter value (the search terms), to tell which one makes the tail. */
  byParam?: { param: string; latency: Summary }[];
}

export interface ScaleResult {
  templates: Template[];
  load: { projects: number; instances: number; events: number; seconds: number };
  tables: { table: string; rows: number; size: string }[];
  verified: { checked: number; ok: number };
  sql: QueryFigure[];
  http: { route: string; status: string; latency: Summary | null }[];
  /** Loading a year's holiday arrangement over HTTP; absent in results recorded before it was measured. */
  calendarLoad?: CalendarLoadFigure;
}

/**
 * `PUT /api/calendar/years/{year}` at scale, one request each, then the server's run that brings the stored
 * deadline instants the new days can move to the new calendar (CalendarService, in the background; timed by its
 * own metrics, workflow_deadline_recompute_seconds and workflow_deadline_instants_{read,moved}_total). The first is the baseline: the shipped 2026 again, whose
 * days are already in force (no run).
 */
export type CalendarLoadFigure = {
  request: string;
  /** The request. */
  ms: number;
  /** The run after it, seconds; null for the baseline. */
  runSeconds: number | null;
  /** Rows the run read: pending timers and active instances due from 60 days before the changed year. */
  read: { timers: number; instances: number };
  /** Rows whose stored instants the run moved. */
  moved: { timers: number; instances: number };
}[];

interface CalendarYearBody {
  year: number;
  holidays: { date: string; name: string }[];
  workdays: { date: string; name: string }[];
  source: string;
}

/**
 * An illustrative 2027 (the State Council publishes the real one late in 2026): 元旦, 春节 and 清明 days off and
 * two make-up working days.
 */
const YEAR_2027: CalendarYearBody = {
  year: 2027,
  holidays: ['2027-01-01', '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-04-05'].map(
    (date) => ({ date, name: 'bench' }),
  ),
  workdays: ['2027-02-06', '2027-02-13'].map((date) => ({ date, name: 'bench' })),
  source: 'bench/scale.ts (illustrative)',
};

// GET /api/projects/{id}: the route's own statements (src/projects/projects.repository.ts): the project, then its
// instances (the credit facts it reads after them are not measured here).
const STATUS_SQL = [PROJECT_SQL, PROJECT_INSTANCES_SQL];
// GET /api/tasks for a clerk (src/tasks/tasks.service.ts, the same statements): the queue's count over its first
// 1,001 entries in queue order, with how many are overdue or in warning, and its first page of 20.
const clerkQueue = (department: string) =>
  taskQueueSql({ role: 'clerk', department, assignedProjectIds: [], enterpriseId: null }, {}, new Date().toISOString());
const QUEUE_SQL = clerkQueue('planning').page;
const QUEUE_COUNT_SQL = clerkQueue('planning').count;
// An auditor's search, first page: src/projects/projects.repository.ts `listProjects`, the route's own function (the
// count capped at 1,000 through the name index; no match: no page; up to 1,000: all the matches, the newest 20 of
// them; more: windows of the newest-first list of the term's rarest bigram (all projects for one character), and
// where they hold fewer than 20, all the matches). The text shown with the figure:
const SEARCH_SQL_TEXT = [
  '-- the route reads the page while counting where the bigram statistics tell a broad term from a rare one (here,',
  '-- on one connection, one after the other)',
  '-- the count, planned with bitmap scans only (queryWithBitmapScans: in a transaction that turns off sequential,',
  '-- plain index and index-only scans)',
  `${projectCountSql(['<name index condition>'])};`,
  "-- more than 1,000 matches: the windows of the rarest bigram's newest-first list in turn, until one holds the page",
  ...newestFirstWindows(0, 20).map(
    (w) => `${projectRowsSql(bigramWindowPageSql(w, '<bigram>', '<term>', ['<name filter>'], 'LIMIT 20'), '<now>')};`,
  ),
  '-- (a term of one character: the same windows over all projects, newest first)',
  `${projectRowsSql(windowPageSql(newestFirstWindows(0, 20)[0], ['<name filter>'], 'LIMIT 20'), '<now>')};`,
  '-- 1 to 1,000 matches, or fewer than 20 of them in the windows:',
  `${projectRowsSql(matchesPageSql(['<name index condition>'], 'LIMIT 20'), '<now>')};`,
].join('\n');
const PK_SQL = 'SELECT id FROM project WHERE id = $1';

/** Time cap per measured query or route. */
const MAX_MS = 45000;
/** Rounds of the HTTP routes in the full run (see below). */
const HTTP_ROUNDS = 3;

/** The statements of one measured request: fixed SQL, or (search) a second statement that depends on the first. */
type Statements = string[] | ((c: Client, params: unknown[], explain: string) => Promise<string[]>);

async function run(c: Client, sqls: Statements, p: unknown[], explain = ''): Promise<string[]> {
  if (typeof sqls === 'function') return sqls(c, p, explain);
  const plans: string[] = [];
  for (const s of sqls) plans.push(planText((await c.query(`${explain}${s}`, p)).rows));
  return plans;
}

function planText(rows: Record<string, string>[]): string {
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/**
 * The search as the route runs it: listProjects itself, on this connection (with each statement's plan if asked). The
 * statements the route runs at the same time on two pooled connections run here one after the other.
 */
const search =
  (bigrams: BigramStatistics): Statements =>
  async (c, p, explain) => {
    const plans: string[] = [];
    // The statements the route sends at once run here one after the other, each with its plan: the next waits for
    // the one before, lest it run inside the count's transaction (and with its planner settings).
    let previous: Promise<unknown> = Promise.resolve();
    await listProjects(
      (sql, params, options) => {
        const statement = async () => {
          const { rows } = await c.query(sql, params);
          if (explain) plans.push(planText((await c.query(`${explain}${sql}`, params)).rows));
          return rows;
        };
        // the count as the route runs it (queryWithBitmapScans), its plan in the same transaction
        const run = () => (options?.bitmapScans ? inBitmapScansTransaction((s) => c.query(s), statement) : statement());
        const next = previous.then(run, run);
        previous = next.catch(() => undefined);
        return next;
      },
      {
        access: { sql: 'TRUE', params: [] },
        clerkDepartment: null,
        q: String(p[0]),
        now: new Date().toISOString(),
        limit: 20,
        offset: 0,
      },
      bigrams,
    );
    return plans;
  };

async function measure(
  c: Client,
  name: string,
  sqls: Statements,
  params: (i: number) => unknown[],
  n: number,
  /** The parameters to show plans for (one set by default). */
  planParams: unknown[][] = [params(7)],
): Promise<QueryFigure> {
  for (let i = 0; i < 10; i++) await run(c, sqls, params(i));
  const lat: number[] = [];
  const byParam = new Map<string, number[]>();
  // n samples, or as many as fit in MAX_MS (a slow query must not stretch the run)
  const until = performance.now() + MAX_MS;
  for (let i = 0; i < n && (i < 20 || performance.now() < until); i++) {
    const p = params(i + 10);
    const t0 = performance.now();
    await run(c, sqls, p);
    const ms = performance.now() - t0;
    lat.push(ms);
    const key = String(p[0]);
    byParam.set(key, [...(byParam.get(key) ?? []), ms]);
  }
  const plans: string[] = [];
  for (const p of planParams) {
    const plan = (await run(c, sqls, p, 'EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, SUMMARY ON) ')).join('\n\n');
    plans.push(planParams.length > 1 ? `-- ${String(p[0])}\n${plan}` : plan);
  }
  const plan = plans.join('\n\n');
  const seqScans = [...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]).filter((t) => t !== 'enterprise');
  return {
    name,
    sql: typeof sqls === 'function' ? SEARCH_SQL_TEXT : sqls.join(';\n'),
    latency: summarize(lat),
    plan,
    seqScans,
    ...(typeof sqls === 'function'
      ? { byParam: [...byParam].map(([param, l]) => ({ param, latency: summarize(l) })) }
      : {}),
  };
}

const DEPARTMENTS = ['planning', 'housing', 'window', 'development', 'fire', 'civilDefense'];
// broad (thousands of matches), medium (hundreds), rare (one or none); of one, two and more characters
const TERMS = [
  '专用车',
  '铜箔',
  '香菇深加工',
  '第4242号',
  '研发中心',
  '第424',
  '研发中心三期项目（第9',
  '不存在的名字',
  '厂',
  '镇铜',
];

async function measureAll(c: Client, ids: string[], n: number): Promise<QueryFigure[]> {
  return [
    await measure(c, 'baseline: primary-key lookup of a project', [PK_SQL], (i) => [ids[i % ids.length]], n),
    await measure(c, 'project status (project + its instances)', STATUS_SQL, (i) => [ids[i % ids.length]], n),
    await measure(
      c,
      'department queue (first page by due time)',
      [QUEUE_SQL],
      (i) => [...clerkQueue(DEPARTMENTS[i % DEPARTMENTS.length]).params, 20, 0],
      n,
    ),
    await measure(
      c,
      'department queue count (capped at 1,000)',
      [QUEUE_COUNT_SQL],
      (i) => clerkQueue(DEPARTMENTS[i % DEPARTMENTS.length]).params,
      n,
    ),
    await measure(
      c,
      'search by name (count capped at 1,000, then the first page)',
      search(await readBigramStatistics(async (sql, params) => (await c.query(sql, params)).rows)),
      (i) => [TERMS[i % TERMS.length]],
      n,
      [['铜箔'], ['专用车'], ['研发中心'], ['厂'], ['镇铜'], ['第4242号']],
    ),
  ];
}

export async function runScale(ctx: BenchContext, templates: Template[]): Promise<ScaleResult> {
  const { quick, log, db } = ctx;
  const count = quick ? 1000 : 100000;
  log(`scale: loading ${count} projects cloned from ${templates.length} templates`);
  const load = await loadProjects(db.url, templates, count, log);
  log(`scale: loaded ${load.instances} instances, ${load.events} events in ${load.seconds.toFixed(0)} s`);
  const ids = load.sampleIds;
  // every clone must be what the engine writes: replay and hash chain verify
  let ok = 0;
  const check = ids.slice(0, quick ? 5 : 20);
  for (const p of check) {
    const r = await ctx.engine.audit.verifyTree(p);
    if (r.ok) ok++;
    else throw new Error(`scale: cloned project ${p} does not verify: ${JSON.stringify(r).slice(0, 400)}`);
  }
  const tables = await withClient(db.url, async (c) =>
    (
      await c.query(
        `SELECT relname AS table, n_live_tup::bigint AS rows, pg_size_pretty(pg_total_relation_size(relid)) AS size
           FROM pg_stat_user_tables WHERE relname IN ('project', 'workflow_instance', 'workflow_event', 'workflow_timer') ORDER BY relname`,
      )
    ).rows.map((r) => ({ table: r.table as string, rows: Number(r.rows), size: r.size as string })),
  );
  const n = quick ? 50 : 500;
  const c = new Client({ connectionString: db.url });
  await c.connect();
  let sql: QueryFigure[];
  try {
    sql = await measureAll(c, ids, n);
  } finally {
    await c.end();
  }

  // The HTTP routes. With --profile (always in the full run), the server's CPU profile is kept in the log folder
  // (scale-cpu-prof/) for a look at where a route's time goes in the process.
  const http: ScaleResult['http'] = [];
  const calendarLoad: CalendarLoadFigure = [];
  const server = await startServer({
    logDir: ctx.logDir,
    name: 'scale',
    databaseUrl: db.url,
    env: { LOG_LEVEL: 'info' },
    ...(ctx.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${join(ctx.logDir, 'scale-cpu-prof')}`] } : {}),
  });
  const client = new HttpClient(server.baseUrl, 4);
  try {
    const login = async (u: string) =>
      (
        await client.json<{ accessToken: string }>('POST', '/api/auth/login', {
          body: { username: u, password: PASSWORD },
        })
      ).accessToken;
    const auditor = await login('bench-auditor');
    const planning = await login('bench-planning');
    const routes: { route: string; token: string; path: (i: number) => string }[] = [
      { route: 'GET /api/auth/me (baseline: auth, no database)', token: auditor, path: () => '/api/auth/me' },
      { route: 'GET /api/projects/:id', token: auditor, path: (i) => `/api/projects/${ids[i % ids.length]}` },
      { route: 'GET /api/tasks (planning clerk)', token: planning, path: () => '/api/tasks' },
      {
        route: 'GET /api/projects?q=',
        token: auditor,
        path: (i) => `/api/projects?q=${encodeURIComponent(TERMS[i % TERMS.length])}`,
      },
      {
        route: 'GET /api/cases/:id (project case view)',
        token: auditor,
        path: (i) => `/api/cases/${ids[i % ids.length]}`,
      },
    ];
    const available: typeof routes = [];
    for (const r of routes) {
      const probe = await client.send('GET', r.path(0), { token: r.token });
      if (probe.status !== 200) {
        http.push({ route: r.route, status: `not available yet (${probe.status})`, latency: null });
        continue;
      }
      for (let i = 0; i < 10; i++) await client.send('GET', r.path(i), { token: r.token });
      available.push(r);
    }
    // The routes interleaved request by request, so that a burst of the shared machine's noise falls on all of them
    // (the baseline included) rather than on whichever route was being measured then; HTTP_ROUNDS rounds of n each,
    // and each percentile the median of the rounds' (as the throughput rounds).
    const rounds = quick ? 1 : HTTP_ROUNDS;
    const summaries = new Map(available.map((r) => [r.route, [] as Summary[]]));
    for (let round = 0; round < rounds; round++) {
      const lat = new Map(available.map((r) => [r.route, [] as number[]]));
      const until = performance.now() + MAX_MS;
      for (let i = 0; i < n && (i < 20 || performance.now() < until); i++) {
        for (const r of available) {
          const res = await client.send('GET', r.path(10 + round * n + i), { token: r.token });
          if (res.status !== 200) throw new Error(`${r.route} → ${res.status}`);
          lat.get(r.route)!.push(res.ms);
        }
      }
      for (const r of available) summaries.get(r.route)!.push(summarize(lat.get(r.route)!));
    }
    for (const r of available) {
      const s = summaries.get(r.route)!;
      http.push({ route: r.route, status: 'measured', latency: s.length > 1 ? medianSummary(s) : s[0] });
    }

    // Last, as it moves stored instants: an admin loads a year.
    log('scale: loading calendar years over HTTP');
    const admin = await login('bench-admin');
    const put = async (year: CalendarYearBody) => {
      const res = await client.send('PUT', `/api/calendar/years/${year.year}`, { token: admin, body: year });
      if (res.status !== 200) throw new Error(`PUT /api/calendar/years/${year.year} → ${res.status}`);
      return res.ms;
    };
    // The GET serves the year's edit version too (If-Match); the PUT body is the arrangement alone.
    const { version: _version, ...shipped2026 } = await client.json<CalendarYearBody & { version: number }>(
      'GET',
      '/api/calendar/years/2026',
      { token: admin },
    );
    const loads: { request: string; year: CalendarYearBody; run: boolean }[] = [
      { request: 'baseline: the shipped 2026 again (its days already in force)', year: shipped2026, run: false },
      { request: 'an illustrative 2027 (the yearly load)', year: YEAR_2027, run: true },
      {
        request: '2026 corrected: one more day off (Mon 2026-06-01)',
        year: { ...shipped2026, holidays: [...shipped2026.holidays, { date: '2026-06-01', name: 'bench' }] },
        run: true,
      },
    ];
    // the server's own figures of its runs (CalendarService): how many, their seconds, the rows read and moved
    const runs = async () => {
      const text = (await client.send('GET', '/metrics', { token: METRICS_TOKEN })).body as unknown as string;
      const metric = (series: string) =>
        Number(new RegExp(`^${series.replace(/[{}]/g, '\\$&')} ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? 0);
      const kinds = (name: string) => ({
        timers: metric(`workflow_deadline_instants_${name}_total{kind="timer"}`),
        instances: metric(`workflow_deadline_instants_${name}_total{kind="instance"}`),
      });
      return {
        count: metric('workflow_deadline_recompute_seconds_count'),
        sum: metric('workflow_deadline_recompute_seconds_sum'),
        read: kinds('read'),
        moved: kinds('moved'),
      };
    };
    const delta = (a: { timers: number; instances: number }, b: { timers: number; instances: number }) => ({
      timers: b.timers - a.timers,
      instances: b.instances - a.instances,
    });
    for (const l of loads) {
      const r0 = await runs();
      const ms = await put(l.year);
      let r1 = r0;
      if (l.run) {
        const until = performance.now() + 600_000;
        for (r1 = await runs(); r1.count === r0.count; r1 = await runs()) {
          if (performance.now() > until) throw new Error(`no deadline run after ${l.request} within 10 minutes`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      const figure = {
        request: l.request,
        ms,
        runSeconds: l.run ? r1.sum - r0.sum : null,
        read: delta(r0.read, r1.read),
        moved: delta(r0.moved, r1.moved),
      };
      calendarLoad.push(figure);
      log(
        `scale: ${l.request}: ${ms.toFixed(0)} ms, run ${figure.runSeconds === null ? '–' : `${figure.runSeconds.toFixed(2)} s`}, read ${figure.read.timers} timers and ${figure.read.instances} instances, moved ${figure.moved.timers} and ${figure.moved.instances}`,
      );
    }
  } finally {
    client.close();
    await server.stop();
  }
  return {
    templates,
    load: { projects: load.projects, instances: load.instances, events: load.events, seconds: load.seconds },
    tables,
    verified: { checked: check.length, ok },
    sql,
    http,
    calendarLoad,
  };
}

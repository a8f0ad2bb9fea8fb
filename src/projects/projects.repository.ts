import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SqlFilter } from '../auth/access-policy';
import type { ProjectFlags } from '../../workflows/catalog';
import type { DeadlineSpec, InstanceSummary } from '../../workflows/contract';
import { reachedDepartmentSql } from '../auth/access-policy';
import { stageFilterSql, type StageFilter } from './stage-filter';

export interface ProjectRow {
  id: string;
  code: string;
  name: string;
  enterpriseId: string;
  enterpriseName: string | null;
  category: string;
  /** 万元; null for projects filed before it was asked. */
  investmentAmount: number | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface InstanceRow {
  id: string;
  definitionId: string;
  definitionVersion: number;
  parentId: string | null;
  childKey: string | null;
  snapshot: { value: unknown; context: Record<string, unknown> };
  seq: number;
  status: 'active' | 'done';
  state: string;
  statusLabel: string;
  stage: string | null;
  departmentQueue: string | null;
  /** The departments that can act on it now (the definition's actingDepartments), department_queue's among them. */
  actingDepartments: string[];
  waitingOn: InstanceSummary['waitingOn'];
  deadline: DeadlineSpec | null;
  dueAt: string | null;
  warnAt: string | null;
  timerState: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ProjectListRow {
  id: string;
  code: string;
  name: string;
  enterpriseId: string;
  enterpriseName: string | null;
  category: string;
  details: Record<string, unknown>;
  createdAt: string;
  stage: string | null;
  status: 'active' | 'done' | null;
  statusLabel: string | null;
  timerState: string | null;
  overdue: boolean;
}

export interface ProjectListFilter {
  access: SqlFilter;
  /** A clerk sees the projects that reached their department (queue or history). */
  clerkDepartment: string | null;
  q?: string;
  /** A project code (项目编号): that project only (unique index). */
  code?: string;
  stage?: StageFilter;
  status?: 'active' | 'done';
  overdue?: boolean;
  now: string;
  limit: number;
  offset: number;
}

const iso = (d: unknown) => (d ? new Date(d as string).toISOString() : null);

/**
 * The name condition of a search as an index condition: how the capped count finds the matches. A term of three
 * characters or more goes to the trigram index (ix_project_name_trgm, rows rechecked); a shorter one (two Chinese
 * characters are a common search: 铜箔, 食品), for which trigrams would hand back every row, is one key of the
 * gram index (ix_project_name_grams, exact: the expression must be the index's, project_name_grams(p.name)).
 * Only in a bitmap scan of its index: evaluated per row, project_name_grams costs microseconds (nameFilterSql).
 */
export function nameMatchSql(q: string, add: (value: unknown) => string): string {
  return [...q].length >= 3
    ? `p.name ILIKE ${add(likePattern(q))} ESCAPE '\\'`
    : `project_name_grams(p.name) @> ARRAY[lower(${add(q)})]`;
}

/**
 * The same condition as a filter on rows a scan reads anyway (the newest-first window of a broad search): no gram
 * array built per row. `strpos(lower(…))` > 0 is what ILIKE '%…%' does in a UTF-8 database.
 */
export function nameFilterSql(q: string, add: (value: unknown) => string): string {
  return [...q].length >= 3 ? nameMatchSql(q, add) : `strpos(lower(p.name), lower(${add(q)})) > 0`;
}

/**
 * A search with more than PROJECT_COUNT_CAP matches looks for its page in a newest-first list — its rarest
 * bigram's (bigramWindowPageSql), or all projects' for a one-character term (windowPageSql) — in windows of these
 * sizes: the first is enough when at least 1 in 25 of the list's newest entries match, the second, 8 times larger,
 * when 1 in 200 of them do. Otherwise it reads all the matches through the name index and sorts them, whose cost
 * grows with their number.
 */
export function newestFirstWindows(offset: number, limit: number): number[] {
  const first = Math.min(20000, Math.max(500, 25 * (offset + limit)));
  const second = Math.min(20000, 8 * first);
  return second > first ? [first, second] : [first];
}

/** `%`, `_` and `\` in a search term are literal (ILIKE … ESCAPE '\'). */
export function likePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// The clerk's visibility rule is AccessPolicy's (src/auth/access-policy.ts); re-exported for existing imports.
export { reachedDepartmentSql };

/** Project list counts stop here: GET /api/projects then answers total = 1000 with totalCapped = true. */
export const PROJECT_COUNT_CAP = 1000;

// The statements of a project list or search, as the route and the scale benchmark run them. `where`: conditions on
// `project p` (and `c`, the project's case row, where caseJoin joins it); `bounds`: the LIMIT/OFFSET of a page.

/** The matches counted up to PROJECT_COUNT_CAP + 1: a broad search or list costs no more than that. */
export function projectCountSql(where: string[]): string {
  return `SELECT count(*)::int AS total
            FROM (SELECT 1 FROM project p LEFT JOIN enterprise e ON e.id = p.enterprise_id
                    LEFT JOIN workflow_instance c ON c.id = p.id
                   WHERE ${where.join(' AND ')} LIMIT ${PROJECT_COUNT_CAP + 1}) AS counted`;
}

const NEWEST_FIRST = 'ORDER BY p.created_at DESC, p.id DESC';

/** A page of ids, newest first, walking ix_project_created_cover (or the enterprise's index). */
export function newestPageSql(where: string[], bounds: string, caseJoin = ''): string {
  return `SELECT p.id FROM project p ${caseJoin} WHERE ${where.join(' AND ')} ${NEWEST_FIRST} ${bounds}`;
}

/**
 * A page of ids among all the rows matching `where`, fetched the cheapest way (a bitmap scan of the name index),
 * then the newest of them. The OFFSET 0 fence keeps the planner from walking the newest-first index instead, on
 * the assumption that the matches are spread evenly over time, and evaluating the conditions on every row it
 * passes (project_name_grams costs microseconds a row).
 */
export function matchesPageSql(where: string[], bounds: string, caseJoin = ''): string {
  return `SELECT p.id FROM (SELECT p.id, p.created_at FROM project p ${caseJoin}
                             WHERE ${where.join(' AND ')} OFFSET 0) AS p ${NEWEST_FIRST} ${bounds}`;
}

/** Whether some instance of the project `p` is past its due time at `now` (a parameter). */
function projectOverdueSql(now: string): string {
  return `EXISTS (SELECT 1 FROM workflow_instance oi WHERE oi.project_id = p.id AND oi.status = 'active' AND oi.due_at < ${now})`;
}

/**
 * The rows of a page of ids (one of the *PageSql statements): the page is chosen on project rows alone (the case
 * row only where a filter needs it), then joined, so the case and enterprise rows are read for the page only.
 */
export function projectRowsSql(pageSql: string, now: string): string {
  return `SELECT p.id, p.code, p.name, p.enterprise_id, e.name AS enterprise_name, p.category, p.details, p.created_at,
                 c.stage, c.status, c.status_label, c.timer_state, ${projectOverdueSql(now)} AS overdue
            FROM (${pageSql}) AS page
            JOIN project p ON p.id = page.id
            LEFT JOIN enterprise e ON e.id = p.enterprise_id
            LEFT JOIN workflow_instance c ON c.id = p.id
           ${NEWEST_FIRST}`;
}

/** A page of ids among the `window` newest projects only (see newestFirstWindows). */
export function windowPageSql(window: number, where: string[], bounds: string, caseJoin = ''): string {
  return `SELECT p.id FROM (SELECT id, created_at, name, enterprise_id FROM project
                             ORDER BY created_at DESC, id DESC LIMIT ${window}) AS p
            ${caseJoin} WHERE ${where.join(' AND ')} ${NEWEST_FIRST} ${bounds}`;
}

/**
 * A page of ids among the matches listed under one bigram of the term (project_name_bigram, newest first), within
 * the `window` newest entries of that list. Every match of the term is in the list of each of its bigrams, so a
 * window holding the whole page holds the newest offset + limit matches: the page is exact. `gram` must be a
 * bigram of lower(term) as PostgreSQL lowers it; if not, the window is empty (and the caller falls back). Each
 * entry's project row is read by its key (the OFFSET 0 fence): left to itself the planner would rather find all
 * the matches through the name index and hash-join them with the window, far slower at scale (git log of docs/benchmarks.md).
 * The page is ordered as the list is (the same created_at, kept by the triggers): the walk stops at the page.
 */
export function bigramWindowPageSql(
  window: number,
  gram: string,
  term: string,
  where: string[],
  bounds: string,
  caseJoin = '',
): string {
  return `SELECT p.id FROM (SELECT b.created_at, b.project_id FROM project_name_bigram b
                             WHERE b.gram = ${gram} AND strpos(lower(${term}), ${gram}) > 0
                             ORDER BY b.created_at DESC, b.project_id DESC LIMIT ${window}) AS w
            CROSS JOIN LATERAL (SELECT id, created_at, name, enterprise_id FROM project WHERE id = w.project_id
                                OFFSET 0) AS p
            ${caseJoin} WHERE ${where.join(' AND ')} ORDER BY w.created_at DESC, w.project_id DESC ${bounds}`;
}

/**
 * The bigram whose list a broad search walks: the term's rarest by the posting table's statistics (a bigram absent
 * from its most common values is rarer than all of them), the first of equals. null for a term of one character.
 * Lower-cased as JavaScript does; where PostgreSQL would lower differently, bigramWindowPageSql finds nothing.
 */
export function walkBigram(term: string, frequency: ReadonlyMap<string, number>): string | null {
  const chars = [...term.toLowerCase()];
  let best: string | null = null;
  let least = Infinity;
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i] + chars[i + 1];
    const f = frequency.get(gram) ?? 0;
    if (f < least) {
      best = gram;
      least = f;
    }
  }
  return best;
}

/** How long the bigram statistics are kept (ANALYZE, run by autovacuum, refreshes them). */
export const BIGRAM_STATISTICS_TTL_MS = 10 * 60 * 1000;

/**
 * A statement run on the caller's connection or transaction. `bitmapScans`: the statement must find its rows
 * through bitmap scans of indexes (queryWithBitmapScans), whatever the planner estimates.
 */
export type Query = (
  sql: string,
  params: unknown[],
  options?: { bitmapScans?: boolean },
) => Promise<Record<string, unknown>[]>;

/**
 * The planner settings that leave bitmap scans as the only way to read a table. For a search's capped count: with a
 * term that matches many projects, PostgreSQL expects a scan in table order — sequential, or along an index that
 * carries the name (ix_project_created_cover) — to meet 1,001 matches early, and prefers it to the name index; but
 * it then checks the name of every row it passes (several times the trigram index's cost for a broad term), and
 * where the matches lie late in the table it reads far more of them. The name indexes are built for bitmap scans (nameMatchSql).
 * Index-only scans must go too: with them allowed, PostgreSQL took a bitmap of the whole newest-first index for a
 * broad trigram term (test/projects.e2e-spec.ts, "a broad term on a larger table"). Plain index scans go as well,
 * for a term where a walk along an index with a heap fetch per row would be estimated cheaper (not seen in the
 * tests).
 */
const BITMAP_SCANS_ONLY =
  "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true), " +
  "set_config('enable_indexonlyscan', 'off', true)";

/**
 * `body`'s statements planned with bitmap scans only (BITMAP_SCANS_ONLY), in a transaction that `send` (one
 * statement without parameters, on the connection `body` uses) begins and ends: the transaction begun and the
 * settings made in one simple-protocol message. Whatever failed, no transaction stays open on the connection:
 * COMMIT ends an aborted one as a ROLLBACK (and without one open it only warns). The route (queryWithBitmapScans)
 * and the scale benchmark run a search's count this way.
 */
export async function inBitmapScansTransaction<T>(
  send: (sql: string) => Promise<unknown>,
  body: () => Promise<T>,
): Promise<T> {
  try {
    await send(`BEGIN; ${BITMAP_SCANS_ONLY}`);
    return await body();
  } finally {
    await send('COMMIT');
  }
}

/**
 * A statement planned with bitmap scans only. Without a transaction of the caller's: on a pooled connection of its
 * own (inBitmapScansTransaction), three round trips. In the caller's transaction: the settings are made for the
 * statement and the caller's own put back after it (four round trips); should the statement fail, the transaction
 * is aborted and its end undoes them.
 */
export async function queryWithBitmapScans(
  m: EntityManager,
  sql: string,
  params: unknown[],
): Promise<Record<string, unknown>[]> {
  if (m.queryRunner?.isTransactionActive) {
    const [before] = (await m.query(
      "SELECT current_setting('enable_seqscan') AS seq, current_setting('enable_indexscan') AS idx, " +
        "current_setting('enable_indexonlyscan') AS ido",
    )) as { seq: string; idx: string; ido: string }[];
    await m.query(BITMAP_SCANS_ONLY);
    const rows = await m.query(sql, params);
    await m.query(
      "SELECT set_config('enable_seqscan', $1, true), set_config('enable_indexscan', $2, true), " +
        "set_config('enable_indexonlyscan', $3, true)",
      [before.seq, before.idx, before.ido],
    );
    return rows;
  }
  const runner = m.connection.createQueryRunner();
  await runner.connect();
  try {
    return await inBitmapScansTransaction(
      (statement) => runner.query(statement),
      () => runner.query(sql, params),
    );
  } finally {
    await runner.release();
  }
}

/** What a search knows of the bigram lists before it runs a statement. */
export interface BigramStatistics {
  /** The fraction of all entries each common bigram has (pg_stats of project_name_bigram.gram). */
  frequency: ReadonlyMap<string, number>;
  /** Entries in all the lists (pg_class.reltuples); 0 while unknown (before the first ANALYZE). */
  entries: number;
}

export const NO_BIGRAM_STATISTICS: BigramStatistics = { frequency: new Map(), entries: 0 };

export async function readBigramStatistics(query: Query): Promise<BigramStatistics> {
  const rows = await query(
    `SELECT s.most_common_vals::text::text[] AS grams, s.most_common_freqs AS freqs, c.reltuples::float8 AS entries
       FROM pg_class c LEFT JOIN pg_stats s
         ON s.schemaname = current_schema() AND s.tablename = 'project_name_bigram' AND s.attname = 'gram'
      WHERE c.oid = to_regclass('project_name_bigram')`,
    [],
  );
  const row = rows[0] as { grams: string[] | null; freqs: number[] | null; entries: number } | undefined;
  const frequency = new Map<string, number>();
  row?.grams?.forEach((g, i) => frequency.set(g, Number(row.freqs?.[i] ?? 0)));
  return { frequency, entries: Math.max(0, Number(row?.entries ?? 0)) };
}

/**
 * An upper estimate of a term's matches among all projects: the length of the list of its rarest bigram (walkBigram;
 * for a bigram absent from the statistics, the least common one's). null when unknown: no bigram (one character),
 * or no statistics yet.
 */
export function estimatedMatches(gram: string | null, stats: BigramStatistics): number | null {
  if (gram === null || stats.entries <= 0 || stats.frequency.size === 0) return null;
  return (stats.frequency.get(gram) ?? Math.min(...stats.frequency.values())) * stats.entries;
}

/**
 * A project list or search as GET /api/projects runs it (and the scale benchmark, through the same function): the
 * count capped at PROJECT_COUNT_CAP + 1, and the page's rows by the cheapest exact path. Where the path does not
 * depend on the count — a list; a search of all projects (no filter) whose bigram statistics say whether it is
 * broad — the page is read at the same time as the count, on another connection of the pool. Every path gives
 * the exact page, so a wrong estimate costs time, not correctness.
 */
export async function listProjects(
  query: Query,
  f: ProjectListFilter,
  bigrams: BigramStatistics,
): Promise<{ rows: Record<string, unknown>[]; total: number }> {
  // Each statement has its own parameters (one that a statement does not use would be an error): the filters,
  // then what the statement adds (the name condition in one of its two forms, limit, offset).
  const statement = () => {
    const params: unknown[] = [...f.access.params];
    const where: string[] = [f.access.sql];
    const add = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (f.clerkDepartment !== null) where.push(reachedDepartmentSql('p.id', add(f.clerkDepartment)));
    if (f.code) where.push(`p.code = ${add(f.code)}`);
    if (f.stage) where.push(stageFilterSql(f.stage, add));
    if (f.status) where.push(`c.status = ${add(f.status)}`);
    if (f.overdue !== undefined) {
      const now = add(f.now);
      where.push(f.overdue ? projectOverdueSql(now) : `NOT ${projectOverdueSql(now)}`);
    }
    return { params, where, add };
  };
  type Statement = ReturnType<typeof statement>;
  type Rows = Record<string, unknown>[];
  // Counted up to PROJECT_COUNT_CAP + 1 matches (totalCapped). A search finds its matches through the name index
  // (in a bitmap scan, never a scan in table order: queryWithBitmapScans).
  const counting = statement();
  if (f.q) counting.where.push(nameMatchSql(f.q, counting.add));
  const count = query(projectCountSql(counting.where), counting.params, f.q ? { bitmapScans: true } : undefined).then(
    (r) => (r[0] as { total: number }).total,
  );
  const caseJoin = f.stage || f.status ? 'LEFT JOIN workflow_instance c ON c.id = p.id' : '';
  const bounds = (s: Statement) => `LIMIT ${s.add(f.limit)} OFFSET ${s.add(f.offset)}`;
  const readPage = (choose: (s: Statement) => string): Promise<Rows> => {
    const s = statement();
    const page = choose(s);
    return query(projectRowsSql(page, s.add(f.now)), s.params);
  };
  const q = f.q;
  if (!q) {
    // A list: newest first along ix_project_created_cover (or the enterprise's index).
    const [total, rows] = await Promise.all([count, readPage((s) => newestPageSql(s.where, bounds(s), caseJoin))]);
    return { total, rows };
  }
  // All the matches through the name index again, as counted, then the newest of them.
  const allMatches = () => readPage((s) => matchesPageSql([...s.where, nameMatchSql(q, s.add)], bounds(s), caseJoin));
  // More than PROJECT_COUNT_CAP matches: walk a newest-first list in bounded windows until one holds the page — the
  // list of the term's rarest bigram (project_name_bigram), or for a term of one character all projects
  // (ix_project_created_cover). A window holding the whole page holds the newest offset + limit matches.
  const gram = walkBigram(q, bigrams.frequency);
  const windows = newestFirstWindows(f.offset, f.limit);
  const walk = (window: number) =>
    readPage((s) => {
      const where = [...s.where, nameFilterSql(q, s.add)];
      return gram === null
        ? windowPageSql(window, where, bounds(s), caseJoin)
        : bigramWindowPageSql(window, s.add(gram), s.add(q), where, bounds(s), caseJoin);
    });
  const rest = async (from: number): Promise<Rows> => {
    for (const window of windows.slice(from)) {
      const rows = await walk(window);
      if (rows.length === f.limit) return rows;
    }
    // Too few there (the matches sparse in that list, or the last page): all the matches.
    return allMatches();
  };
  const estimate = searchesAllProjects(f) ? estimatedMatches(gram, bigrams) : null;
  if (estimate !== null && estimate <= PROJECT_COUNT_CAP) {
    // Few matches by the statistics: all of them, while counting.
    const [total, rows] = await Promise.all([count, allMatches()]);
    return { total, rows: total === 0 ? [] : rows };
  }
  if (estimate !== null) {
    // Broad by the statistics: the first window while counting.
    const [total, first] = await Promise.all([count, walk(windows[0])]);
    if (total === 0 || first.length === f.limit) return { total, rows: total === 0 ? [] : first };
    return { total, rows: await (total <= PROJECT_COUNT_CAP ? allMatches() : rest(1)) };
  }
  const total = await count;
  // No match: no page to read.
  if (total === 0) return { total, rows: [] };
  // Few matches (a rare name would have a newest-first walk read most of its list): all of them.
  if (total <= PROJECT_COUNT_CAP) return { total, rows: await allMatches() };
  return { total, rows: await rest(0) };
}

/** No condition but the name: the search runs over all projects, as the bigram statistics describe them. */
function searchesAllProjects(f: ProjectListFilter): boolean {
  return f.access.sql === 'TRUE' && f.clerkDepartment === null && !f.stage && !f.status && f.overdue === undefined;
}

/** Every SQL statement of the projects feature; all take a manager (the caller's transaction, or the default). */
/** A project with its enterprise's name ($1: the project id). Exported for the benchmark (bench/scale.ts). */
export const PROJECT_SQL = `SELECT p.id, p.code, p.name, p.enterprise_id, e.name AS enterprise_name, p.category,
              p.investment_amount, p.details, p.created_at
         FROM project p LEFT JOIN enterprise e ON e.id = p.enterprise_id WHERE p.id = $1`;

/** A project's instances in tree order ($1: the project id). Exported for the benchmark (bench/scale.ts). */
export const PROJECT_INSTANCES_SQL = `SELECT id, definition_id, definition_version, parent_id, child_key, snapshot, seq,
              status, state, status_label, stage, department_queue, acting_departments, waiting_on, deadline, due_at,
              warn_at, timer_state, created_at, updated_at
         FROM workflow_instance WHERE project_id = $1 ORDER BY created_at, child_key NULLS FIRST, id`;

@Injectable()
export class ProjectsRepository {
  async nextCodeNumber(m: EntityManager): Promise<number> {
    const rows = await m.query(`SELECT nextval('project_code_seq')::bigint AS n`);
    return Number(rows[0].n);
  }

  async enterpriseExists(m: EntityManager, id: string): Promise<boolean> {
    const rows = await m.query('SELECT 1 FROM enterprise WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async insertProject(
    m: EntityManager,
    p: {
      id: string;
      code: string;
      name: string;
      enterpriseId: string;
      category: string;
      flags: ProjectFlags;
      investmentAmount: number;
      details: unknown;
      createdAt: string;
    },
  ): Promise<void> {
    await m.query(
      `INSERT INTO project (id, code, name, enterprise_id, category, industrial, special_construction, civil_defense,
                            investment_amount, details, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        p.id,
        p.code,
        p.name,
        p.enterpriseId,
        p.category,
        p.flags.industrial,
        p.flags.specialConstruction,
        p.flags.civilDefense,
        p.investmentAmount,
        JSON.stringify(p.details),
        p.createdAt,
      ],
    );
  }

  /** A steward who files a project on an enterprise's behalf is assigned to it (1+1+N). */
  async assignSteward(m: EntityManager, userId: string, projectId: string): Promise<void> {
    await m.query(
      `UPDATE app_user SET assigned_project_ids = array_append(assigned_project_ids, $2::uuid)
        WHERE id = $1 AND role = 'steward' AND NOT ($2::uuid = ANY(assigned_project_ids))`,
      [userId, projectId],
    );
  }

  async findProject(m: EntityManager, id: string): Promise<ProjectRow | null> {
    const rows = await m.query(PROJECT_SQL, [id]);
    const r = rows[0];
    return r
      ? {
          id: r.id,
          code: r.code,
          name: r.name,
          enterpriseId: r.enterprise_id,
          enterpriseName: r.enterprise_name,
          category: r.category,
          investmentAmount: r.investment_amount === null ? null : Number(r.investment_amount),
          details: r.details,
          createdAt: iso(r.created_at)!,
        }
      : null;
  }

  async projectReachedDepartment(m: EntityManager, projectId: string, department: string): Promise<boolean> {
    const rows = await m.query(`SELECT ${reachedDepartmentSql('$1::uuid', '$2')} AS ok`, [projectId, department]);
    return rows[0].ok === true;
  }

  async instancesOf(m: EntityManager, projectId: string): Promise<InstanceRow[]> {
    const rows = await m.query(PROJECT_INSTANCES_SQL, [projectId]);
    return rows.map((r: Record<string, unknown>): InstanceRow => ({
      id: r.id as string,
      definitionId: r.definition_id as string,
      definitionVersion: r.definition_version as number,
      parentId: (r.parent_id as string | null) ?? null,
      childKey: (r.child_key as string | null) ?? null,
      snapshot: r.snapshot as InstanceRow['snapshot'],
      seq: r.seq as number,
      status: r.status as 'active' | 'done',
      state: r.state as string,
      statusLabel: r.status_label as string,
      stage: (r.stage as string | null) ?? null,
      departmentQueue: (r.department_queue as string | null) ?? null,
      actingDepartments: (r.acting_departments as string[] | null) ?? [],
      waitingOn: r.waiting_on as InstanceSummary['waitingOn'],
      deadline: (r.deadline as DeadlineSpec | null) ?? null,
      dueAt: iso(r.due_at),
      warnAt: iso(r.warn_at),
      timerState: (r.timer_state as string | null) ?? null,
      createdAt: iso(r.created_at)!,
      updatedAt: iso(r.updated_at)!,
    }));
  }

  /** The bigram statistics (readBigramStatistics), read at most every BIGRAM_STATISTICS_TTL_MS. */
  private bigrams: { read: number; statistics: Promise<BigramStatistics> } | null = null;

  bigramStatistics(m: EntityManager): Promise<BigramStatistics> {
    const now = Date.now();
    if (!this.bigrams || now - this.bigrams.read > BIGRAM_STATISTICS_TTL_MS) {
      const statistics = readBigramStatistics((sql, params) => m.query(sql, params));
      // a failed read is not kept: the next search tries again
      statistics.catch(() => {
        if (this.bigrams?.statistics === statistics) this.bigrams = null;
      });
      this.bigrams = { read: now, statistics };
    }
    return this.bigrams.statistics;
  }

  async list(
    m: EntityManager,
    f: ProjectListFilter,
  ): Promise<{ rows: ProjectListRow[]; total: number; totalCapped: boolean }> {
    const query: Query = (sql, params, options) =>
      options?.bitmapScans ? queryWithBitmapScans(m, sql, params) : m.query(sql, params);
    const { rows, total } = await listProjects(query, f, f.q ? await this.bigramStatistics(m) : NO_BIGRAM_STATISTICS);
    return {
      total: Math.min(total, PROJECT_COUNT_CAP),
      totalCapped: total > PROJECT_COUNT_CAP,
      rows: rows.map((r: Record<string, unknown>): ProjectListRow => ({
        id: r.id as string,
        code: r.code as string,
        name: r.name as string,
        enterpriseId: r.enterprise_id as string,
        enterpriseName: (r.enterprise_name as string | null) ?? null,
        category: r.category as string,
        details: r.details as Record<string, unknown>,
        createdAt: iso(r.created_at)!,
        stage: (r.stage as string | null) ?? null,
        status: (r.status as 'active' | 'done' | null) ?? null,
        statusLabel: (r.status_label as string | null) ?? null,
        timerState: (r.timer_state as string | null) ?? null,
        overdue: r.overdue === true,
      })),
    };
  }
}

import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { EngineEvent, InstanceSummary, PersistedSnapshot } from '../../workflows/contract';
import type { Causation } from './command.types';
import { reachedDepartmentSql } from '../auth/access-policy';
import { creditBarsSql } from '../credit/credit.repository';
import type { CreditBar } from '../../workflows/core/credit';
import { idempotencyLockKey, recordKey } from './idempotency';
import { prepared, type Row } from './prepared';

/** What access to a case depends on (EngineRepository.caseAccess). */
export interface CaseAccess {
  projectId: string;
  enterpriseId: string | null;
  reachedDepartment: boolean;
}

/** The case's project and enterprise; for a clerk ($2: the department) whether the project reached it. */
const caseAccessSql = (department: string | null) =>
  `SELECT p.id, p.enterprise_id, ${department === null ? 'TRUE' : reachedDepartmentSql('p.id', '$2')} AS reached
     FROM workflow_instance i JOIN project p ON p.id = i.project_id WHERE i.id = $1`;

const accessOf = (r: Row): CaseAccess => ({
  projectId: r.id,
  enterpriseId: r.enterprise_id,
  reachedDepartment: r.reached === true,
});

/** A case's row and its children's ($1: the case), the case first. */
const CASE_VIEW_SQL = `SELECT id, project_id, parent_id, child_key, definition_id, definition_version, seq,
              CASE WHEN id = $1 THEN snapshot END AS snapshot, status, state, status_label, stage, department_queue,
              waiting_on, CASE WHEN id = $1 THEN deadline END AS deadline, due_at, timer_state, created_at, updated_at,
              -- The enterprise's credit records, as the engine reads them (LOCK_SELECT), so the actions offered
              -- are the ones the engine accepts.
              CASE WHEN id = $1 THEN ${creditBarsSql(
                '(SELECT p.enterprise_id FROM project p WHERE p.id = workflow_instance.project_id)',
              )} END AS credit_bars
         FROM workflow_instance WHERE id = $1 OR parent_id = $1
        ORDER BY (id = $1) DESC, created_at, child_key`;

/** The instance row as the write path needs it, locked, with the facts of its project's enterprise. */
export interface LockedInstance {
  id: string;
  definitionId: string;
  definitionVersion: number;
  snapshot: PersistedSnapshot;
  seq: number;
  headHash: string;
  parentId: string | null;
  childKey: string | null;
  projectId: string;
  status: 'active' | 'done';
  enterpriseId: string | null;
  /** The enterprise's unrepaired credit records: the credit rule (workflows/core/credit.ts) judges them at the event's time. */
  creditBars: CreditBar[];
}

/** One instance's step as EngineRepository.writeSteps writes it. */
export interface StepWrite {
  event: EventRow;
  snapshot: PersistedSnapshot;
  columns: SummaryColumns;
  checkpoint: boolean;
  cancelAll: boolean;
  cancel: string[];
  schedule: TimerWrite[];
}

/** A pending timer as written: its due instant, the event it sends, and the deadline and point it was computed from. */
export interface TimerWrite {
  timerKey: string;
  dueAt: string;
  event: unknown;
  deadline: unknown;
  at: unknown;
}

/** The stored answer of a command sent with an Idempotency-Key (per caller scope). */
export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/** A child instance as the case view lists it. */
export interface CaseChild {
  id: string;
  childKey: string;
  definitionId: string;
  state: string;
  statusLabel: string;
  status: string;
  departmentQueue: string | null;
  dueAt: string | null;
  timerState: string | null;
}

/** The command's own instance, locked, with its access facts and children (EngineRepository.lockForCommand). */
export interface CommandTarget extends LockedInstance {
  createdAt: Date;
  /** For a clerk: whether the project reached their department; always true for other callers. */
  reachedDepartment: boolean;
  children: CaseChild[];
}

const LOCK_SELECT = `SELECT i.id, i.definition_id, i.definition_version, i.snapshot, i.seq, i.head_hash, i.parent_id, i.child_key,
              i.project_id, i.status, p.enterprise_id, ${creditBarsSql('p.enterprise_id')} AS credit_bars`;
const LOCK_FROM = 'workflow_instance i LEFT JOIN project p ON p.id = i.project_id';

function lockedInstance(r: Row): LockedInstance {
  return {
    id: r.id,
    definitionId: r.definition_id,
    definitionVersion: r.definition_version,
    snapshot: r.snapshot,
    seq: r.seq,
    headHash: r.head_hash,
    parentId: r.parent_id,
    childKey: r.child_key,
    projectId: r.project_id,
    status: r.status,
    enterpriseId: r.enterprise_id,
    creditBars: r.credit_bars ?? [],
  };
}

export interface EventRow {
  instanceId: string;
  seq: number;
  event: EngineEvent;
  definitionVersion: number;
  causation: Causation | null;
  idempotencyKey: string | null;
  stateAfter: string;
  prevHash: string;
  hash: string;
}

export interface SummaryColumns {
  summary: InstanceSummary;
  dueAt: string | null;
  warnAt: string | null;
  /** The definition's actingDepartments: the departments whose work queues list the instance. */
  actingDepartments: string[];
}

// Column values of a row, in its statements' order. Documents (the jsonb columns, at the positions of *_DOCS) stay
// values here: a one-row statement sends each as JSON text (rowParams), writeSteps a column of them as one JSON
// array (columnParams). An absent document is null, stored as SQL NULL either way.

/** The query columns, in the order both the insert and the update list them (status … timer_state). */
const SUMMARY_DOCS: ReadonlySet<number> = new Set([6]);
function summaryValues({ summary, dueAt, warnAt }: SummaryColumns): unknown[] {
  return [
    summary.done ? 'done' : 'active',
    summary.state,
    summary.statusLabel,
    summary.stage ?? null,
    summary.departmentQueue ?? null,
    summary.waitingOn,
    summary.deadline || null,
    dueAt,
    warnAt,
    summary.timerState ?? null,
  ];
}

/** The 16 columns of a workflow_event row, in the order of the INSERT statements. */
const EVENT_DOCS: ReadonlySet<number> = new Set([3, 4, 8, 11]);
function eventValues(e: EventRow): unknown[] {
  return [
    e.instanceId,
    e.seq,
    e.event.type,
    e.event.payload ?? {},
    e.event.actor,
    e.event.actor.userId,
    e.event.actor.role,
    e.event.actor.onBehalfOf ?? null,
    e.event.facts || null,
    e.definitionVersion,
    e.event.occurredAt,
    e.causation || null,
    e.idempotencyKey,
    e.stateAfter,
    e.prevHash,
    e.hash,
  ];
}

/** One row's parameters: each document as JSON text. */
function rowParams(values: unknown[], docs: ReadonlySet<number>): unknown[] {
  return values.map((v, k) => (docs.has(k) && v !== null ? JSON.stringify(v) : v));
}

/**
 * Several rows' parameters, a column each: scalars as an array, documents as one JSON array (read with
 * jsonb_array_elements; a JSON null element is stored as SQL NULL by the statement).
 */
function columnParams(rows: unknown[][], docs: ReadonlySet<number>): unknown[] {
  const width = rows[0]?.length ?? 0;
  return Array.from({ length: width }, (_, k) => {
    const column = rows.map((r) => r[k]);
    return docs.has(k) ? JSON.stringify(column) : column;
  });
}

/** The advisory lock class of project locks (lockProjects). */
const PROJECT_LOCK_CLASS = 24;

/** Every SQL statement of the write path; all take the transaction's manager. */
@Injectable()
export class EngineRepository {
  async lock(m: EntityManager, id: string): Promise<LockedInstance | null> {
    const rows = await prepared(m, 'engine_lock', `${LOCK_SELECT} FROM ${LOCK_FROM} WHERE i.id = $1 FOR UPDATE OF i`, [
      id,
    ]);
    return rows[0] ? lockedInstance(rows[0]) : null;
  }

  /**
   * Commands' own instances, with `lock` their row locks (in id order, so concurrent batches queue instead of
   * deadlocking), and what the access check and the response need in the same round trip: whether the project
   * reached the caller's department (a clerk's; null for other callers), the creation time, the children as they
   * are now, and the transaction's time (every row this transaction writes gets it as updated_at).
   */
  async readForCommands(
    m: EntityManager,
    targets: { id: string; department: string | null }[],
  ): Promise<Map<string, CommandTarget>> {
    const rows = await prepared(
      m,
      'engine_lock_commands',
      `${LOCK_SELECT}, i.created_at,
              CASE WHEN q.dept IS NULL THEN TRUE ELSE ${reachedDepartmentSql('i.project_id', 'q.dept')} END AS reached,
              (SELECT coalesce(json_agg(json_build_object(
                        'id', c.id, 'childKey', c.child_key, 'definitionId', c.definition_id, 'state', c.state,
                        'statusLabel', c.status_label, 'status', c.status, 'departmentQueue', c.department_queue,
                        'dueAt', c.due_at, 'timerState', c.timer_state) ORDER BY c.created_at, c.child_key), '[]'::json)
                 FROM workflow_instance c WHERE c.parent_id = i.id) AS children
         FROM unnest($1::uuid[], $2::text[]) AS q(id, dept)
         JOIN ${LOCK_FROM} ON i.id = q.id
        ORDER BY i.id
        FOR UPDATE OF i`,
      [targets.map((t) => t.id), targets.map((t) => t.department)],
    );
    const locked = new Map<string, CommandTarget>();
    for (const r of rows) {
      locked.set(r.id, {
        ...lockedInstance(r),
        createdAt: r.created_at as Date,
        reachedDepartment: r.reached === true,
        children: (r.children as CommandTarget['children']).map((c) => ({
          ...c,
          // json_build_object writes timestamps without the ISO 'Z' form the API uses elsewhere
          dueAt: c.dueAt ? new Date(c.dueAt).toISOString() : null,
        })),
      });
    }
    return locked;
  }

  /**
   * What access to a case depends on, in one round trip: its project, the project's enterprise, and for a clerk
   * (`department` not null) whether the project reached the department (AccessPolicy's rule). null: no such case.
   */
  async caseAccess(m: EntityManager, instanceId: string, department: string | null): Promise<CaseAccess | null> {
    const rows = await m.query(
      caseAccessSql(department),
      department === null ? [instanceId] : [instanceId, department],
    );
    return rows[0] ? accessOf(rows[0]) : null;
  }

  /** A case's row and its children's, the case first, in one round trip (the case view, GET /api/cases/{id}). */
  caseWithChildren(m: EntityManager, instanceId: string): Promise<Row[]> {
    return prepared(m, 'case_view', CASE_VIEW_SQL, [instanceId]);
  }

  /**
   * caseAccess and caseWithChildren in one round trip (GET /api/cases/{id} reads both for every view): the access
   * columns ride on every row. null when there is no such case.
   */
  async caseWithAccess(
    m: EntityManager,
    instanceId: string,
    department: string | null,
  ): Promise<{ access: CaseAccess; rows: Row[] } | null> {
    const rows = await m.query(
      `SELECT v.*, a.id AS access_project_id, a.enterprise_id AS access_enterprise_id, a.reached AS access_reached
         FROM (${CASE_VIEW_SQL}) AS v CROSS JOIN (${caseAccessSql(department)}) AS a
        ORDER BY (v.id = $1) DESC, v.created_at, v.child_key`,
      department === null ? [instanceId] : [instanceId, department],
    );
    if (!rows[0]) return null;
    const r = rows[0];
    return {
      access: accessOf({ id: r.access_project_id, enterprise_id: r.access_enterprise_id, reached: r.access_reached }),
      rows,
    };
  }

  async lockForCommand(m: EntityManager, id: string, department: string | null): Promise<CommandTarget | null> {
    return (await this.readForCommands(m, [{ id, department }])).get(id) ?? null;
  }

  async enterpriseFacts(m: EntityManager, projectId: string) {
    const rows = await prepared(
      m,
      'engine_enterprise_facts',
      `SELECT p.enterprise_id, ${creditBarsSql('p.enterprise_id')} AS credit_bars FROM project p WHERE p.id = $1`,
      [projectId],
    );
    const r = rows[0];
    return r
      ? {
          enterpriseId: r.enterprise_id as string,
          creditBars: r.credit_bars as CreditBar[],
        }
      : null;
  }

  async childId(m: EntityManager, parentId: string, childKey: string): Promise<string | null> {
    const rows = await prepared(
      m,
      'engine_child_id',
      'SELECT id FROM workflow_instance WHERE parent_id = $1 AND child_key = $2',
      [parentId, childKey],
    );
    return rows[0]?.id ?? null;
  }

  async insertEvent(m: EntityManager, e: EventRow): Promise<void> {
    await prepared(
      m,
      'engine_insert_event',
      `INSERT INTO workflow_event (instance_id, seq, type, payload, actor, actor_id, actor_role, on_behalf_of, facts,
                                   definition_version, occurred_at, causation, idempotency_key, state_after, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
      rowParams(eventValues(e), EVENT_DOCS),
    );
  }

  async insertInstance(
    m: EntityManager,
    i: {
      id: string;
      definitionId: string;
      definitionVersion: number;
      parentId: string | null;
      childKey: string | null;
      projectId: string;
      snapshot: PersistedSnapshot;
      seq: number;
      headHash: string;
      occurredAt: string;
    } & SummaryColumns,
  ): Promise<void> {
    await prepared(
      m,
      'engine_insert_instance',
      `INSERT INTO workflow_instance (id, definition_id, definition_version, parent_id, child_key, project_id, snapshot, seq,
                                      status, state, status_label, stage, department_queue, waiting_on, deadline, due_at,
                                      warn_at, timer_state, head_hash, created_at, updated_at, acting_departments)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21::text[])`,
      [
        i.id,
        i.definitionId,
        i.definitionVersion,
        i.parentId,
        i.childKey,
        i.projectId,
        JSON.stringify(i.snapshot),
        i.seq,
        ...rowParams(summaryValues(i), SUMMARY_DOCS),
        i.headHash,
        i.occurredAt,
        i.actingDepartments,
      ],
    );
  }

  /**
   * Steps of distinct instances in one statement (one round trip): each event appended, each instance row and
   * its query columns updated (updated_at = `updatedAt`, else the event's occurredAt: the service clock's time,
   * the demo clock's in demo mode, never the database's), a checkpoint every
   * SNAPSHOT_EVERY events, and each instance's pending timers cancelled (by key, or all when it finished) and
   * written (by key). The callers pass disjoint key sets per instance and no timer to write on a finished instance.
   * Each row is updated only if it is still at the step's sequence number less one; if any is not, the statement
   * fails with serialization_failure (40001) and nothing of it is written.
   */
  async writeSteps(m: EntityManager, steps: StepWrite[], updatedAt: Date | null = null): Promise<void> {
    if (!steps.length) return;
    // Scalar columns go as arrays; jsonb columns as one JSON array each (jsonb_array_elements, zipped with the
    // arrays by ROWS FROM): one JSON.stringify per column instead of one per value, and none of the array-literal
    // escaping node-postgres does on every quote of every document.
    const cancels = steps.flatMap((s) => s.cancel.map((key) => [s.event.instanceId, key]));
    const timers = steps.flatMap((s) => s.schedule.map((t) => ({ instanceId: s.event.instanceId, ...t })));
    const written = await prepared<{ n: number }>(
      m,
      'engine_write_steps',
      `WITH ev AS (
         INSERT INTO workflow_event (instance_id, seq, type, payload, actor, actor_id, actor_role, on_behalf_of, facts,
                                     definition_version, occurred_at, causation, idempotency_key, state_after, prev_hash, hash)
         SELECT e.instance_id, e.seq, e.type, e.payload, e.actor, e.actor_id, e.actor_role, e.on_behalf_of,
                NULLIF(e.facts, 'null'::jsonb), e.definition_version, e.occurred_at, NULLIF(e.causation, 'null'::jsonb),
                e.idempotency_key, e.state_after, e.prev_hash, e.hash
           FROM ROWS FROM (unnest($1::uuid[]), unnest($2::int[]), unnest($3::text[]), jsonb_array_elements($4::jsonb),
                           jsonb_array_elements($5::jsonb), unnest($6::text[]), unnest($7::text[]), unnest($8::text[]),
                           jsonb_array_elements($9::jsonb), unnest($10::int[]), unnest($11::timestamptz[]),
                           jsonb_array_elements($12::jsonb), unnest($13::text[]), unnest($14::text[]),
                           unnest($15::text[]), unnest($16::text[]))
                AS e(instance_id, seq, type, payload, actor, actor_id, actor_role, on_behalf_of, facts,
                     definition_version, occurred_at, causation, idempotency_key, state_after, prev_hash, hash)
       ), up AS (
         UPDATE workflow_instance i
            SET snapshot = u.snapshot, seq = u.seq, head_hash = u.hash, definition_version = u.version,
                status = u.status, state = u.state, status_label = u.label, stage = u.stage,
                department_queue = u.queue, waiting_on = u.waiting, deadline = NULLIF(u.deadline, 'null'::jsonb),
                due_at = u.due, warn_at = u.warn, timer_state = u.timer, updated_at = coalesce($37::timestamptz, u.occurred),
                acting_departments = ARRAY(SELECT jsonb_array_elements_text(u.acting))
           FROM ROWS FROM (unnest($1::uuid[]), unnest($2::int[]), unnest($16::text[]), unnest($10::int[]),
                           jsonb_array_elements($17::jsonb), unnest($18::text[]), unnest($19::text[]),
                           unnest($20::text[]), unnest($21::text[]), unnest($22::text[]), unnest($23::text[]),
                           jsonb_array_elements($24::jsonb), unnest($25::timestamptz[]), unnest($26::timestamptz[]),
                           unnest($27::text[]), unnest($11::timestamptz[]), jsonb_array_elements($40::jsonb))
                AS u(id, seq, hash, version, snapshot, status, state, label, stage, queue, waiting, deadline, due, warn, timer,
                     occurred, acting)
          WHERE i.id = u.id AND i.seq = u.seq - 1
         RETURNING i.id
       ), cp AS (
         INSERT INTO workflow_snapshot (instance_id, seq, definition_version, snapshot)
         SELECT c.id, c.seq, c.version, c.snapshot
           FROM ROWS FROM (unnest($1::uuid[]), unnest($2::int[]), unnest($10::int[]), jsonb_array_elements($17::jsonb),
                           unnest($28::boolean[])) AS c(id, seq, version, snapshot, due)
          WHERE c.due
         ON CONFLICT DO NOTHING
       ), cx AS (
         UPDATE workflow_timer t SET status = 'cancelled', outcome = 'instance finished'
          WHERE t.status = 'pending' AND t.instance_id = ANY($29::uuid[])
       ), ck AS (
         -- a join, not an OR of both conditions: each pair is one lookup in ix_timer_instance_key (an OR made
         -- PostgreSQL read every pending timer of every instance on each write)
         UPDATE workflow_timer t SET status = 'cancelled', outcome = 'cancelled'
           FROM unnest($30::uuid[], $31::text[]) AS k(instance_id, timer_key)
          WHERE t.status = 'pending' AND t.instance_id = k.instance_id AND t.timer_key = k.timer_key
            AND k.instance_id <> ALL($29::uuid[])
       ), tm AS (
         INSERT INTO workflow_timer (instance_id, timer_key, due_at, event, deadline, at, status)
         SELECT t.i, t.k, t.d, NULLIF(t.e, 'null'::jsonb), NULLIF(t.l, 'null'::jsonb), NULLIF(t.a, 'null'::jsonb), 'pending'
           FROM ROWS FROM (unnest($32::uuid[]), unnest($33::text[]), unnest($34::timestamptz[]),
                           jsonb_array_elements($35::jsonb), jsonb_array_elements($36::jsonb),
                           jsonb_array_elements($39::jsonb)) AS t(i, k, d, e, l, a)
         ON CONFLICT (instance_id, timer_key) WHERE status = 'pending'
         DO UPDATE SET due_at = EXCLUDED.due_at, event = EXCLUDED.event, deadline = EXCLUDED.deadline, at = EXCLUDED.at,
                       created_at = now(), attempts = 0, outcome = NULL
       )
       -- an instance no longer at the sequence number the command read: the whole statement takes no effect (40001)
       SELECT workflow_write_check($38::int, count(*)::int) AS n FROM up`,
      [
        ...columnParams(
          steps.map((s) => eventValues(s.event)),
          EVENT_DOCS,
        ),
        JSON.stringify(steps.map((s) => s.snapshot)),
        ...columnParams(
          steps.map((s) => summaryValues(s.columns)),
          SUMMARY_DOCS,
        ),
        steps.map((s) => s.checkpoint),
        steps.filter((s) => s.cancelAll).map((s) => s.event.instanceId),
        cancels.map((c) => c[0]),
        cancels.map((c) => c[1]),
        timers.map((t) => t.instanceId),
        timers.map((t) => t.timerKey),
        timers.map((t) => t.dueAt),
        JSON.stringify(timers.map((t) => t.event ?? null)),
        JSON.stringify(timers.map((t) => t.deadline ?? null)),
        updatedAt,
        steps.length,
        JSON.stringify(timers.map((t) => t.at ?? null)),
        // a column of arrays of different lengths: one JSON array of them, as the documents
        JSON.stringify(steps.map((s) => s.columns.actingDepartments)),
      ],
    );
    if (written[0]?.n !== steps.length) throw new Error(`wrote ${written[0]?.n} of ${steps.length} locked instances`);
  }

  /** Writes the pending timer of (instance, key), replacing one already pending: one statement. */
  async scheduleTimer(m: EntityManager, t: TimerWrite & { instanceId: string }): Promise<void> {
    await prepared(
      m,
      'engine_schedule_timer',
      `INSERT INTO workflow_timer (instance_id, timer_key, due_at, event, deadline, at, status)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending')
       ON CONFLICT (instance_id, timer_key) WHERE status = 'pending'
       DO UPDATE SET due_at = EXCLUDED.due_at, event = EXCLUDED.event, deadline = EXCLUDED.deadline, at = EXCLUDED.at,
                     created_at = now(), attempts = 0, outcome = NULL`,
      [t.instanceId, t.timerKey, t.dueAt, JSON.stringify(t.event), JSON.stringify(t.deadline), JSON.stringify(t.at)],
    );
  }

  async cancelTimers(m: EntityManager, instanceId: string, timerKeys: string[]): Promise<void> {
    if (!timerKeys.length) return;
    await prepared(
      m,
      'engine_cancel_timers',
      `UPDATE workflow_timer SET status = 'cancelled', outcome = 'cancelled'
        WHERE instance_id = $1 AND timer_key = ANY($2) AND status = 'pending'`,
      [instanceId, timerKeys],
    );
  }

  async insertCreditRecord(
    m: EntityManager,
    r: {
      enterpriseId: string;
      reason: string;
      barsTolerance: boolean;
      barsCommitmentUntil?: string;
      instanceId: string;
      seq: number;
      /** The breaching event's time: the record's time (the demo clock moves it, the database's now() not). */
      recordedAt: string;
    },
  ): Promise<void> {
    await prepared(
      m,
      'engine_insert_credit_at',
      `INSERT INTO credit_record (enterprise_id, reason, bars_tolerance, bars_commitment_until, instance_id, seq,
                                  created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [r.enterpriseId, r.reason, r.barsTolerance, r.barsCommitmentUntil ?? null, r.instanceId, r.seq, r.recordedAt],
    );
  }

  /**
   * The project locks of commands on these instances, taken before any of their rows, in one order. A command's
   * cascade stays within its project but crosses rows (an item's decision locks the project case, which notifies
   * the stage's other items): two transactions each holding one item of a project locked those rows in opposite
   * orders, and PostgreSQL found the deadlock only after deadlock_timeout (1 s). Under the project lock they queue.
   * Transaction-scoped advisory locks in their own class (the two-key form), apart from the idempotency keys'.
   */
  async lockProjects(m: EntityManager, instanceIds: readonly string[]): Promise<void> {
    if (!instanceIds.length) return;
    await prepared(
      m,
      'engine_lock_projects',
      `SELECT pg_advisory_xact_lock(${PROJECT_LOCK_CLASS}, h)
         FROM (SELECT DISTINCT hashtext(project_id::text) AS h FROM workflow_instance WHERE id = ANY($1::uuid[])
                ORDER BY 1) AS locks`,
      [instanceIds],
    );
  }

  /**
   * Advisory locks on the idempotency keys of a batch of commands, taken in one order so that batches wait for
   * each other instead of deadlocking (the same lock as IdempotentTransaction's, per caller and key).
   */
  async lockIdempotencyKeys(m: EntityManager, keys: { scope: string; key: string }[]): Promise<void> {
    if (!keys.length) return;
    await prepared(
      m,
      'engine_lock_idempotency_keys',
      `SELECT pg_advisory_xact_lock(h)
         FROM (SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS locks`,
      [keys.map((k) => idempotencyLockKey(k.scope, k.key))],
    );
  }

  async findIdempotencyMany(m: EntityManager, keys: { scope: string; key: string }[]) {
    const found = new Map<string, { requestHash: string; statusCode: number; response: Record<string, unknown> }>();
    if (!keys.length) return found;
    const rows = await prepared(
      m,
      'engine_find_idempotency_many',
      `SELECT r.scope, r.key, r.request_hash, r.status_code, r.response
         FROM idempotency_record r JOIN unnest($1::text[], $2::text[]) AS q(scope, key) ON r.scope = q.scope AND r.key = q.key`,
      [keys.map((k) => k.scope), keys.map((k) => k.key)],
    );
    for (const r of rows) {
      found.set(recordKey(r.scope, r.key), {
        requestHash: r.request_hash,
        statusCode: r.status_code,
        response: JSON.parse(r.response),
      });
    }
    return found;
  }

  /** Stores the responses of a batch's keyed commands; the number stored (fewer when a key was taken first). */
  async insertIdempotencyMany(m: EntityManager, records: IdempotencyRecord[]): Promise<number> {
    if (!records.length) return 0;
    const rows = await prepared(
      m,
      'engine_insert_idempotency_many',
      `INSERT INTO idempotency_record (scope, key, request_hash, status_code, response)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[])
       ON CONFLICT DO NOTHING RETURNING 1`,
      [
        records.map((r) => r.scope),
        records.map((r) => r.key),
        records.map((r) => r.requestHash),
        records.map((r) => r.statusCode),
        records.map((r) => JSON.stringify(r.response)),
      ],
    );
    return rows.length;
  }

  async findIdempotency(m: EntityManager, scope: string, key: string) {
    const rows = await prepared(
      m,
      'engine_find_idempotency',
      'SELECT request_hash, status_code, response FROM idempotency_record WHERE scope = $1 AND key = $2',
      [scope, key],
    );
    const r = rows[0];
    return r
      ? {
          requestHash: r.request_hash as string,
          statusCode: r.status_code as number,
          response: JSON.parse(r.response as string) as Record<string, unknown>,
        }
      : null;
  }

  /** False when another transaction stored the same key first (this one must roll back and return that). */
  async insertIdempotency(
    m: EntityManager,
    r: { scope: string; key: string; requestHash: string; statusCode: number; response: unknown },
  ): Promise<boolean> {
    const rows = await prepared(
      m,
      'engine_insert_idempotency',
      `INSERT INTO idempotency_record (scope, key, request_hash, status_code, response) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [r.scope, r.key, r.requestHash, r.statusCode, JSON.stringify(r.response)],
    );
    return rows.length === 1;
  }
}

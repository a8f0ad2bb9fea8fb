import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type Actor,
  type Effect,
  type EngineEvent,
  type EventSpec,
  type Facts,
  INSTANCE_CREATED,
  INSTANCE_MIGRATED,
  type InstanceSummary,
  type Rejection,
} from '../../workflows/contract';
import { eventHash, GENESIS_HASH } from '../audit/hash-chain';
import { CalendarService } from '../calendar/calendar.service';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { MetricsService } from '../metrics/metrics.service';
import type { AppliedEvent, ApplyResult, Causation, CommandAccess, CommandInput, NewInstance } from './command.types';
import { DefinitionRegistry } from './definition-registry';
import {
  EngineRepository,
  type CommandTarget,
  type IdempotencyRecord,
  type LockedInstance,
  type StepWrite,
  type SummaryColumns,
  type TimerWrite,
} from './engine.repository';
import { IdempotentTransaction, type IdempotentResult } from './idempotent-transaction';

/** A checkpoint every N events keeps as-of replay of long histories fast. */
export const SNAPSHOT_EVERY = 50;
/** Parent/child notifications may cascade; more than this in one command is a definition bug. */
const MAX_CASCADE = 200;
const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system' };

export type ExecuteResult<T> = IdempotentResult<T>;

/** At most this many commands share a transaction. */
const MAX_BATCH = 32;
/**
 * One batch is written at a time; commands arriving meanwhile queue up and form the next batch. A second batch
 * may start only once the one in flight has taken STALL_MS, so that a batch waiting for a row lock held elsewhere
 * does not stop the others (test/group-commit.e2e-spec.ts). Two at once made batches half the size: with unlocked
 * batches, waiting for the stall gave × 1.26–1.28 the commands/s and about half PostgreSQL's CPU per command
 * (docs/benchmarks.md); 8 ms instead of 20 was no better than two at once (batches often take longer).
 */
const BATCHES_IN_FLIGHT = 2;
const STALL_MS = 20;

type Respond<T> = (m: EntityManager, result: Extract<ApplyResult, { ok: true }>) => Promise<T>;

interface Pending<T> {
  input: CommandInput;
  requestHash: string;
  respond: Respond<T>;
  resolve(result: ExecuteResult<T>): void;
  reject(error: unknown): void;
}

type Settled = { ok: true; value: ExecuteResult<unknown> } | { ok: false; error: unknown };

type StepPlan =
  | {
      ok: true;
      row: LockedInstance;
      event: EngineEvent;
      seq: number;
      summary: InstanceSummary;
      write: StepWrite;
      rest: Effect[];
      applied: AppliedEvent;
    }
  | ({ ok: false; currentSeq?: number; allowedEvents?: EventSpec[] } & Rejection);

const scopeOf = (input: CommandInput): string => input.actor?.userId ?? (input.access as CommandAccess).userId;
const keyOf = (scope: string, key: string) => `${scope}\u0000${key}`;
const keyReused = () =>
  new AppException(
    'IDEMPOTENCY_KEY_REUSED',
    'This Idempotency-Key was already used for a different request; use a new key for a new request',
  );

/** The answer to store for a command sent with an Idempotency-Key (none without one). */
function recordOf(p: Pending<unknown>, response: unknown): IdempotencyRecord[] {
  const key = p.input.idempotencyKey;
  return key ? [{ scope: scopeOf(p.input), key, requestHash: p.requestHash, statusCode: 200, response }] : [];
}

/** What a write statement fails with when an instance changed since it was read (or a lock order crossed). */
function isWriteConflict(e: unknown): boolean {
  const code = (e as { driverError?: { code?: string } }).driverError?.code;
  return code === '40001' || code === '40P01' || code === '23505';
}

function rejectionToException(r: Rejection & { currentSeq?: number; allowedEvents?: unknown }): AppException {
  switch (r.code) {
    case 'EVENT_NOT_ALLOWED':
      return new AppException('EVENT_NOT_ALLOWED', r.message, {
        allowedEvents: r.allowedEvents ?? [],
        currentSeq: r.currentSeq,
        ...(r.details ? { reason: r.details } : {}),
      });
    case 'FORBIDDEN':
      return new AppException('FORBIDDEN', r.message, r.details);
    case 'INVALID_PAYLOAD':
      return new AppException('INVALID_PAYLOAD', r.message, r.details);
    case 'RULE_VIOLATION':
      return new AppException('RULE_VIOLATION', r.message, r.details);
  }
}

/**
 * The one write path (DESIGN.md): lock, rebuild, check, pure transition, append with hash chain, update the
 * instance and its query columns, apply effects on other instances and timers — all in one transaction.
 * Every entry point (API, timers, seeding, CLI) goes through here.
 */
@Injectable()
export class CommandService {
  private readonly logger = new Logger(CommandService.name);

  constructor(
    private readonly tx: IdempotentTransaction,
    private readonly definitions: DefinitionRegistry,
    private readonly repo: EngineRepository,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {}

  /** A READ COMMITTED transaction, retried as a whole on deadlock or serialization failure. */
  transaction<T>(fn: (m: EntityManager) => Promise<T>): Promise<T> {
    return this.tx.transaction(fn);
  }

  /** Event types any definition knows; anything else is counted as 'unknown' (bounded metric labels). */
  private knownTypes?: Set<string>;

  private metricType(type: string): string {
    this.knownTypes ??= new Set(this.definitions.all().flatMap((d) => Object.keys(d.events)));
    return this.knownTypes.has(type) ? type : 'unknown';
  }

  /** Commands waiting for a batch, in arrival order. */
  private queue: Pending<unknown>[] = [];
  private batchesInFlight = 0;
  /** Cases and Idempotency-Keys of the batches in flight. */
  private readonly inFlight = new Set<string>();

  /**
   * A command from a person (or the CLI): applies it or throws the engine's error; with an Idempotency-Key a
   * retry returns the first response and writes nothing. `respond` builds the response from the command's
   * result, inside its transaction or, for a batch written without one (applyUnlocked), before the write: it must
   * not read what the command writes.
   *
   * Group commit: commands that arrive while earlier ones are being written are applied together, in arrival
   * order — one read, one write statement for all of them (applyUnlocked), or where a command needs row locks
   * one transaction (applyBatch) — and each gets its own answer only after that write took effect. Refusals (409/422/403/404) are decided before anything is
   * written and concern only their own command; if a statement fails, no command of the batch took effect and
   * each is run again on its own, so one command never fails because of another.
   */
  async execute<T>(input: CommandInput, requestHash: string, respond: Respond<T>): Promise<ExecuteResult<T>> {
    if (!input.actor === !input.access) throw new Error('a command needs either an actor or an access check');
    try {
      const result = await new Promise<ExecuteResult<T>>((resolve, reject) => {
        this.queue.push({ input, requestHash, respond, resolve, reject } as Pending<unknown>);
        this.pump();
      });
      this.metrics.commands.inc({
        type: this.metricType(input.type),
        outcome: result.replayed ? 'replayed' : 'applied',
      });
      return result;
    } catch (e) {
      this.metrics.commands.inc({
        type: this.metricType(input.type),
        outcome: e instanceof AppException ? e.code : 'error',
      });
      throw e;
    }
  }

  private pump(): void {
    while (this.batchesInFlight < BATCHES_IN_FLIGHT && this.queue.length) {
      if (this.batchStarts.size) {
        const waited = performance.now() - Math.min(...this.batchStarts.values());
        if (waited < STALL_MS) return this.pumpAfter(STALL_MS - waited);
      }
      const batch = this.takeBatch();
      if (!batch.length) return; // everything queued waits for a case or key of a batch in flight
      this.batchesInFlight++;
      const id = this.nextBatch++;
      this.batchStarts.set(id, performance.now());
      const held = batch.map((p) => this.holdsOf(p));
      for (const h of held.flat()) this.inFlight.add(h);
      this.metrics.commandBatchSize.observe(batch.length);
      void this.runBatch(batch, () => this.nextIssued()).then((answer) => {
        for (const h of held.flat()) this.inFlight.delete(h);
        this.batchesInFlight--;
        this.batchStarts.delete(id);
        // The next batch's first statement goes out before this batch's commands are answered: PostgreSQL works
        // on it while this process sends the responses (which otherwise went first, the pool handing out its
        // connection only after every pending callback). Answered at the latest once this turn of the event loop
        // is done, should the next batch wait for a connection.
        this.unanswered.push(answer);
        const started = this.batchesInFlight;
        this.pump();
        if (this.batchesInFlight === started) this.nextIssued();
        else setImmediate(() => this.nextIssued());
      });
    }
  }

  /** Answers of finished batches, held until the next batch's first statement has been sent. */
  private unanswered: (() => void)[] = [];

  private nextIssued(): void {
    for (const answer of this.unanswered.splice(0)) answer();
  }

  /** When each batch in flight started, by batch number. */
  private readonly batchStarts = new Map<number, number>();
  private nextBatch = 0;
  private pumpTimer: NodeJS.Timeout | null = null;

  private pumpAfter(ms: number): void {
    if (this.pumpTimer) return;
    this.pumpTimer = setTimeout(() => {
      this.pumpTimer = null;
      this.pump();
    }, Math.ceil(ms));
    this.pumpTimer.unref();
  }

  /** What a command holds while its batch runs: its case and its Idempotency-Key. */
  private holdsOf(p: Pending<unknown>): string[] {
    const key = p.input.idempotencyKey;
    return key
      ? [`case\u0000${p.input.instanceId}`, `key\u0000${keyOf(scopeOf(p.input), key)}`]
      : [`case\u0000${p.input.instanceId}`];
  }

  /**
   * The next batch: the oldest commands, at most one per case and per Idempotency-Key, none for a case or key
   * of a batch in flight — a later command on a case runs after the earlier one committed (arrival order per
   * case, and no batch waiting for another's row lock). The others keep their place in the queue.
   */
  private takeBatch(): Pending<unknown>[] {
    const batch: Pending<unknown>[] = [];
    const rest: Pending<unknown>[] = [];
    const taken = new Set<string>();
    for (const p of this.queue) {
      const holds = this.holdsOf(p);
      const free = holds.every((h) => !taken.has(h) && !this.inFlight.has(h));
      // a command that must wait also holds its place: later ones on the same case or key stay behind it
      for (const h of holds) taken.add(h);
      if (batch.length < MAX_BATCH && free) batch.push(p);
      else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  /**
   * Runs a batch and returns the function that answers its commands (never rejects: every command is answered).
   * `issued` is called once the batch's first statement is on its way (or when it will send none).
   */
  private async runBatch(batch: Pending<unknown>[], issued: () => void): Promise<() => void> {
    let settled: Settled[];
    try {
      const unlocked = await this.applyUnlocked(batch, issued);
      if (unlocked) {
        settled = unlocked;
      } else {
        issued();
        this.metrics.commandBatchWrites.inc({ path: 'locked' });
        settled = await this.tx.transaction((m) => this.applyBatch(m, batch));
      }
    } catch (e) {
      issued();
      if (batch.length === 1) return () => batch[0].reject(e);
      // Nothing of this batch was committed: each command runs on its own, so only the faulty one fails.
      this.metrics.commandBatchFallbacks.inc();
      this.logger.warn(`a batch of ${batch.length} commands failed (${(e as Error).message}); running them one by one`);
      for (const p of batch) (await this.runBatch([p], () => undefined))();
      return () => undefined;
    }
    return () => settled.forEach((s, i) => (s.ok ? batch[i].resolve(s.value) : batch[i].reject(s.error)));
  }

  /**
   * The batch's commands whose Idempotency-Key already has a stored answer are settled with it (the same request
   * replays it, another one is refused); returns the others, in arrival order. `lock` takes the keys' advisory
   * locks first (the locked way). `issued` is called once the lookup is on its way, if the batch has keys.
   */
  private async answerStoredKeys(
    m: EntityManager,
    batch: Pending<unknown>[],
    settled: Settled[],
    lock: boolean,
    issued: () => void = () => undefined,
  ): Promise<Set<number>> {
    const open = new Set(batch.keys());
    const keyed = batch
      .map((p, i) => ({ i, scope: scopeOf(p.input), key: p.input.idempotencyKey }))
      .filter((k): k is { i: number; scope: string; key: string } => !!k.key);
    if (!keyed.length) return open;
    if (lock) await this.repo.lockIdempotencyKeys(m, keyed);
    const lookup = this.repo.findIdempotencyMany(m, keyed);
    issued();
    const prior = await lookup;
    for (const k of keyed) {
      const found = prior.get(keyOf(k.scope, k.key));
      if (!found) continue;
      open.delete(k.i);
      settled[k.i] =
        found.requestHash === batch[k.i].requestHash
          ? { ok: true, value: { statusCode: found.statusCode, body: found.response, replayed: true } }
          : { ok: false, error: keyReused() };
    }
    return open;
  }

  /** The instances of the open commands, in one statement (`lock`: FOR UPDATE, in id order). */
  private readTargets(
    m: EntityManager,
    batch: Pending<unknown>[],
    open: Set<number>,
    lock: boolean,
  ): Promise<Map<string, CommandTarget>> {
    if (!open.size) return Promise.resolve(new Map());
    const targets = [...open].map((i) => ({
      id: batch[i].input.instanceId,
      department: batch[i].input.access?.department ?? null,
    }));
    return this.repo.readForCommands(m, targets, lock);
  }

  /** The command's plan, or null with its refusal (404/403/409/422 …) settled; other errors are thrown. */
  private planOrRefuse(
    row: CommandTarget | null,
    input: CommandInput,
    settled: Settled[],
    i: number,
  ): Extract<StepPlan, { ok: true }> | null {
    let plan: StepPlan;
    try {
      plan = this.planCommand(row, input);
    } catch (e) {
      if (!(e instanceof AppException)) throw e;
      settled[i] = { ok: false, error: e };
      return null;
    }
    if (plan.ok) return plan;
    settled[i] = { ok: false, error: rejectionToException(plan) };
    return null;
  }

  /**
   * A batch without a transaction, where none is needed: the stored answers of its Idempotency-Keys looked up,
   * its instances read in one statement (no lock), each command planned (refusals decided as in applyBatch) and
   * answered, then every step and every keyed answer written by one statement, which takes effect only if each
   * instance is still at the sequence number read and no key was stored meanwhile (writeSteps): two round trips
   * (three with keys) instead of four (seven with keys). Null, with nothing written, where the batch must take
   * row locks instead (applyBatch): an effect beyond the instance's own timers (cascades into other instances,
   * credit records), or an instance or key that changed between the read and the write.
   */
  private async applyUnlocked(batch: Pending<unknown>[], issued: () => void): Promise<Settled[] | null> {
    return this.tx.withConnection(async (m) => {
      const settled: Settled[] = new Array(batch.length);
      // A key stored before this read answers here; one stored after it makes the write fail (its primary key),
      // and the locked way then answers with it.
      const open = await this.answerStoredKeys(m, batch, settled, false, issued);
      const read = this.readTargets(m, batch, open, false);
      issued();
      const rows = await read;
      const writes: StepWrite[] = [];
      const answers: { i: number; result: Extract<ApplyResult, { ok: true }> }[] = [];
      for (const i of open) {
        const plan = this.planOrRefuse(rows.get(batch[i].input.instanceId) ?? null, batch[i].input, settled, i);
        if (!plan) continue;
        if (plan.rest.length) return null;
        writes.push(plan.write);
        answers.push({ i, result: this.applyResult(plan, []) });
      }
      // The answers are built before the write (from what it will write), and stored with it for keyed commands:
      // once it has taken effect, nothing may fail any more, or runBatch would apply the commands a second time.
      const bodies = await Promise.all(answers.map(({ i, result }) => batch[i].respond(m, result)));
      const records = answers.flatMap(({ i }, k) => recordOf(batch[i], bodies[k]));
      if (writes.length) {
        try {
          await this.repo.writeSteps(m, writes, (answers[0].result.target.row as CommandTarget).txNow, records);
        } catch (e) {
          if (!isWriteConflict(e)) throw e;
          this.metrics.commandBatchWrites.inc({ path: 'conflict' });
          return null;
        }
      }
      answers.forEach(
        ({ i }, k) => (settled[i] = { ok: true, value: { statusCode: 200, body: bodies[k], replayed: false } }),
      );
      this.metrics.commandBatchWrites.inc({ path: 'unlocked' });
      return settled;
    });
  }

  /**
   * One transaction for a batch. Per command, everything that can refuse it (access, If-Match, the definition's
   * rules) runs on the locked row before anything is written, so a refusal leaves the transaction clean. An
   * exception after that (a statement, a cascade) aborts the whole batch (runBatch then runs them one by one).
   */
  private async applyBatch(m: EntityManager, batch: Pending<unknown>[]): Promise<Settled[]> {
    const settled: Settled[] = new Array(batch.length);
    // Same-key requests racing each other queue at the keys' advisory locks, before any row lock: the first
    // commits its record, the others then find it and answer with it.
    const open = await this.answerStoredKeys(m, batch, settled, true);
    const rows = await this.readTargets(m, batch, open, true);
    const pending: StepWrite[] = [];
    const flush = () => this.repo.writeSteps(m, pending.splice(0));
    const applied: { i: number; result: Extract<ApplyResult, { ok: true }> }[] = [];
    for (const i of open) {
      const { input } = batch[i];
      // A cascade of an earlier command may have changed this row since the batch read it: read it again.
      const row =
        rows.get(input.instanceId) ??
        (await this.repo.lockForCommand(m, input.instanceId, input.access?.department ?? null));
      const plan = this.planOrRefuse(row, input, settled, i);
      if (!plan) continue;
      const cascade: AppliedEvent[] = [];
      pending.push(plan.write);
      if (plan.rest.length) {
        await flush();
        await this.applyEffects(m, plan.row, plan.seq, plan.rest, plan.event, cascade);
        for (const e of cascade) rows.delete(e.instanceId);
      }
      applied.push({ i, result: this.applyResult(plan, cascade) });
    }
    await flush();
    const records: IdempotencyRecord[] = [];
    for (const { i, result } of applied) {
      const body = await batch[i].respond(m, result);
      settled[i] = { ok: true, value: { statusCode: 200, body, replayed: false } };
      records.push(...recordOf(batch[i], body));
    }
    // Under the advisory locks nobody else can store these keys; if it happened anyway, the batch is retried
    // one by one, and each then answers with the stored response.
    if ((await this.repo.insertIdempotencyMany(m, records)) !== records.length) {
      throw new Error('an idempotency key was stored concurrently');
    }
    return settled;
  }

  /** Applies one event inside the caller's transaction; a refusal is returned, not thrown (timers record it). */
  async apply(m: EntityManager, input: CommandInput): Promise<ApplyResult> {
    if (!input.actor === !input.access) throw new Error('a command needs either an actor or an access check');
    const row = await this.repo.lockForCommand(m, input.instanceId, input.access?.department ?? null);
    const plan = this.planCommand(row, input);
    if (!plan.ok) return plan;
    const cascade: AppliedEvent[] = [];
    await this.commitStep(m, plan, cascade);
    return this.applyResult(plan, cascade);
  }

  /** Access, the event as recorded, If-Match, the transition: nothing written yet. Throws 404/403/409. */
  private planCommand(row: CommandTarget | null, input: CommandInput): StepPlan {
    if (!row) throw new AppException('NOT_FOUND', `Case ${input.instanceId} does not exist`);
    const actor =
      input.actor ??
      (input.access as CommandAccess).check({
        projectId: row.projectId,
        enterpriseId: row.enterpriseId,
        reachedDepartment: row.reachedDepartment,
      });
    const event: EngineEvent = {
      type: input.type,
      payload: input.payload ?? {},
      actor,
      occurredAt: input.occurredAt ?? this.clock.now().toISOString(),
    };
    return this.planStep(row, event, {
      expectedSeq: input.expectedSeq,
      idempotencyKey: input.idempotencyKey ?? null,
      causation: input.causation ?? null,
    });
  }

  private applyResult(
    plan: Extract<StepPlan, { ok: true }>,
    cascade: AppliedEvent[],
  ): Extract<ApplyResult, { ok: true }> {
    const row = plan.row as CommandTarget;
    return {
      ok: true,
      applied: plan.applied,
      cascade,
      target: {
        row,
        actor: plan.event.actor,
        snapshot: plan.write.snapshot,
        seq: plan.seq,
        summary: plan.summary,
        updatedAt: row.txNow,
      },
    };
  }

  /** Creates an instance (a project's case; children are created by effects) with its INSTANCE_CREATED event. */
  async create(
    m: EntityManager,
    n: NewInstance,
  ): Promise<{ ok: true; applied: AppliedEvent; cascade: AppliedEvent[] } | ({ ok: false } & Rejection)> {
    const cascade: AppliedEvent[] = [];
    const def = this.definitions.get(n.definitionId, n.definitionVersion);
    const facts = await this.factsForProject(m, n.projectId);
    const event: EngineEvent = { ...n.event, type: INSTANCE_CREATED, ...(facts ? { facts } : {}) };
    const outcome = def.start(event);
    if (!outcome.ok) return outcome;
    const summary = outcome.summary ?? def.describe(outcome.snapshot);
    const hash = eventHash(GENESIS_HASH, this.hashed(n.id, 1, event, n.definitionVersion, n.causation ?? null));
    await this.repo.insertInstance(m, {
      id: n.id,
      definitionId: n.definitionId,
      definitionVersion: n.definitionVersion,
      parentId: n.parentId ?? null,
      childKey: n.childKey ?? null,
      projectId: n.projectId,
      snapshot: outcome.snapshot,
      seq: 1,
      headHash: hash,
      occurredAt: event.occurredAt,
      ...this.columns(summary),
    });
    await this.repo.insertEvent(m, {
      instanceId: n.id,
      seq: 1,
      event,
      definitionVersion: n.definitionVersion,
      causation: n.causation ?? null,
      idempotencyKey: null,
      stateAfter: summary.state,
      prevHash: GENESIS_HASH,
      hash,
    });
    const applied: AppliedEvent = {
      instanceId: n.id,
      seq: 1,
      type: INSTANCE_CREATED,
      hash,
      state: summary.state,
      done: summary.done,
    };
    await this.applyEffects(
      m,
      { id: n.id, parentId: n.parentId ?? null, projectId: n.projectId, definitionVersion: n.definitionVersion },
      1,
      outcome.effects,
      event,
      cascade,
    );
    return { ok: true, applied, cascade };
  }

  /**
   * Moves an instance to a newer version of its definition through the core's migration function, recorded as
   * an INSTANCE_MIGRATED event (who, from, to, why). Refused with the migration's reason where the state does
   * not allow it.
   */
  async migrate(input: {
    instanceId: string;
    toVersion: number;
    actor: Actor;
    reason: string;
    expectedSeq?: number;
  }): Promise<AppliedEvent> {
    return this.transaction(async (m) => {
      const row = await this.repo.lock(m, input.instanceId);
      if (!row) throw new AppException('NOT_FOUND', `Case ${input.instanceId} does not exist`);
      if (input.expectedSeq !== undefined && input.expectedSeq !== row.seq) {
        throw new AppException('VERSION_CONFLICT', `The case changed since you read it (now version ${row.seq})`, {
          currentSeq: row.seq,
        });
      }
      if (input.toVersion <= row.definitionVersion) {
        throw new AppException(
          'RULE_VIOLATION',
          `Case is on v${row.definitionVersion}; it can only move to a newer version`,
        );
      }
      const migration = this.definitions.migration(row.definitionId, row.definitionVersion, input.toVersion);
      if (!migration) {
        throw new AppException(
          'RULE_VIOLATION',
          `No migration from ${row.definitionId} v${row.definitionVersion} to v${input.toVersion}`,
        );
      }
      const target = this.definitions.get(row.definitionId, input.toVersion);
      const out = migration.migrate(row.snapshot);
      if (!out.ok)
        throw new AppException('RULE_VIOLATION', `迁移被拒绝 / migration refused: ${out.reason}`, {
          reason: out.reason,
        });
      const event: EngineEvent = {
        type: INSTANCE_MIGRATED,
        payload: { fromVersion: row.definitionVersion, toVersion: input.toVersion, reason: input.reason },
        actor: input.actor,
        occurredAt: this.clock.now().toISOString(),
      };
      const seq = row.seq + 1;
      const causation: Causation = { kind: 'migration' };
      const hash = eventHash(row.headHash, this.hashed(row.id, seq, event, input.toVersion, causation));
      const summary = target.describe(out.snapshot);
      await this.repo.writeSteps(m, [
        {
          event: {
            instanceId: row.id,
            seq,
            event,
            definitionVersion: input.toVersion,
            causation,
            idempotencyKey: null,
            stateAfter: summary.state,
            prevHash: row.headHash,
            hash,
          },
          snapshot: out.snapshot,
          columns: this.columns(summary),
          checkpoint: seq % SNAPSHOT_EVERY === 0,
          cancelAll: false,
          cancel: [],
          schedule: [],
        },
      ]);
      return { instanceId: row.id, seq, type: INSTANCE_MIGRATED, hash, state: summary.state, done: summary.done };
    });
  }

  /**
   * Appends to a locked instance's history an engine event that changes no state (MATERIAL_UPLOADED), in the
   * caller's transaction: it joins the hash chain and the sequence (If-Match), and replay skips it.
   */
  async record(m: EntityManager, row: LockedInstance, event: EngineEvent): Promise<AppliedEvent> {
    const seq = row.seq + 1;
    // A user's own act, like a command: no causation.
    const causation = null;
    const hash = eventHash(row.headHash, this.hashed(row.id, seq, event, row.definitionVersion, causation));
    const summary = this.definitions.get(row.definitionId, row.definitionVersion).describe(row.snapshot);
    await this.repo.writeSteps(m, [
      {
        event: {
          instanceId: row.id,
          seq,
          event,
          definitionVersion: row.definitionVersion,
          causation,
          idempotencyKey: null,
          stateAfter: summary.state,
          prevHash: row.headHash,
          hash,
        },
        snapshot: row.snapshot,
        columns: this.columns(summary),
        checkpoint: seq % SNAPSHOT_EVERY === 0,
        cancelAll: false,
        cancel: [],
        schedule: [],
      },
    ]);
    return { instanceId: row.id, seq, type: event.type, hash, state: summary.state, done: summary.done };
  }

  private async factsForProject(m: EntityManager, projectId: string): Promise<Facts | undefined> {
    const f = await this.repo.enterpriseFacts(m, projectId);
    return f
      ? { enterprise: { toleranceBarred: f.toleranceBarred, commitmentBarredUntil: f.commitmentBarredUntil } }
      : undefined;
  }

  private hashed(
    instanceId: string,
    seq: number,
    event: EngineEvent,
    definitionVersion: number,
    causation: Causation | null,
  ) {
    return {
      instanceId,
      seq,
      type: event.type,
      payload: event.payload ?? {},
      actor: event.actor,
      facts: event.facts ?? null,
      occurredAt: event.occurredAt,
      definitionVersion,
      causation,
    };
  }

  columns(summary: InstanceSummary): SummaryColumns {
    let dueAt: string | null = null;
    let warnAt: string | null = null;
    if (summary.deadline && !summary.done) {
      const resolved = this.calendar.resolve(summary.deadline);
      dueAt = resolved.dueAt;
      warnAt = resolved.warnAt;
    }
    return { summary, dueAt, warnAt };
  }

  /** One event on a locked row: checked and computed, nothing written yet. */
  private planStep(
    row: LockedInstance,
    event: EngineEvent,
    opts: { expectedSeq?: number; idempotencyKey: string | null; causation: Causation | null },
  ): StepPlan {
    if (opts.expectedSeq !== undefined && opts.expectedSeq !== row.seq) {
      throw new AppException(
        'VERSION_CONFLICT',
        `The case changed since you read it (you sent version ${opts.expectedSeq}, it is now ${row.seq}); reload and retry`,
        { currentSeq: row.seq },
      );
    }
    const def = this.definitions.get(row.definitionId, row.definitionVersion);
    const stamped: EngineEvent = { ...event, ...(row.enterpriseId ? { facts: this.factsOf(row) } : {}) };
    const outcome = def.step(row.snapshot, stamped);
    if (!outcome.ok) {
      return {
        ...outcome,
        currentSeq: row.seq,
        ...(outcome.code === 'EVENT_NOT_ALLOWED'
          ? { allowedEvents: def.allowedEvents(row.snapshot, event.actor) }
          : {}),
      };
    }
    const seq = row.seq + 1;
    const hash = eventHash(row.headHash, this.hashed(row.id, seq, stamped, row.definitionVersion, opts.causation));
    const summary = outcome.summary ?? def.describe(outcome.snapshot);
    // The instance's own timer effects that come first are written with the event; the rest (other instances,
    // credit records) follow in order. A root instance (an item filed on its own) has no parent to notify: that
    // effect would only cut the batch's write in two (applyBatch writes what is pending before other effects).
    const effects = row.parentId ? outcome.effects : outcome.effects.filter((e) => e.kind !== 'notifyParent');
    const { timers, rest } = this.leadingTimers(effects, summary.done);
    return {
      ok: true,
      row,
      event: stamped,
      seq,
      summary,
      rest,
      write: {
        event: {
          instanceId: row.id,
          seq,
          event: stamped,
          definitionVersion: row.definitionVersion,
          causation: opts.causation,
          idempotencyKey: opts.idempotencyKey,
          stateAfter: summary.state,
          prevHash: row.headHash,
          hash,
        },
        snapshot: outcome.snapshot,
        columns: this.columns(summary),
        checkpoint: seq % SNAPSHOT_EVERY === 0,
        cancelAll: summary.done,
        ...timers,
      },
      applied: { instanceId: row.id, seq, type: event.type, hash, state: summary.state, done: summary.done },
    };
  }

  /** Writes a planned step and applies its remaining effects (cascades on other instances, credit records). */
  private async commitStep(m: EntityManager, plan: Extract<StepPlan, { ok: true }>, cascade: AppliedEvent[]) {
    await this.repo.writeSteps(m, [plan.write]);
    await this.applyEffects(m, plan.row, plan.seq, plan.rest, plan.event, cascade);
  }

  /**
   * The timer effects at the head of an effect list, as net cancellations and writes per key, for writeStep.
   * Stops at the first other effect, at a key seen twice (its order matters), and — on a finished instance,
   * whose timers are all cancelled in that statement — at a timer to write.
   */
  private leadingTimers(
    effects: Effect[],
    done: boolean,
  ): {
    timers: { cancel: string[]; schedule: TimerWrite[] };
    rest: Effect[];
  } {
    const cancel: string[] = [];
    const schedule: TimerWrite[] = [];
    const seen = new Set<string>();
    let i = 0;
    for (; i < effects.length; i++) {
      const effect = effects[i];
      if (effect.kind !== 'cancelTimer' && effect.kind !== 'scheduleTimer') break;
      if (seen.has(effect.timerKey)) break;
      if (effect.kind === 'cancelTimer') {
        cancel.push(effect.timerKey);
      } else {
        const dueAt = this.calendar.fireAt(effect.deadline, effect.at);
        if (dueAt && done) break;
        if (dueAt)
          schedule.push({
            timerKey: effect.timerKey,
            dueAt,
            event: effect.event,
            deadline: effect.deadline,
            at: effect.at,
          });
        else cancel.push(effect.timerKey);
      }
      seen.add(effect.timerKey);
    }
    return { timers: { cancel, schedule }, rest: effects.slice(i) };
  }

  private factsOf(row: LockedInstance): Facts {
    return { enterprise: { toleranceBarred: row.toleranceBarred, commitmentBarredUntil: row.commitmentBarredUntil } };
  }

  /** Effects of one applied event, in order; system events they send cascade through applyOne. */
  private async applyEffects(
    m: EntityManager,
    source: { id: string; parentId: string | null; projectId: string; definitionVersion: number },
    seq: number,
    effects: Effect[],
    cause: EngineEvent,
    cascade: AppliedEvent[],
  ): Promise<void> {
    const causation: Causation = { kind: 'event', instanceId: source.id, seq };
    const systemEvent = (type: string, payload: Record<string, unknown>): EngineEvent => ({
      type,
      payload,
      actor: SYSTEM_ACTOR,
      occurredAt: cause.occurredAt,
    });
    // Consecutive timer cancellations go out as one statement.
    let cancels: string[] = [];
    const flushCancels = async () => {
      await this.repo.cancelTimers(m, source.id, cancels);
      cancels = [];
    };
    for (const effect of effects) {
      if (effect.kind === 'cancelTimer') {
        cancels.push(effect.timerKey);
        continue;
      }
      await flushCancels();
      if (cascade.length > MAX_CASCADE)
        throw new Error(`cascade of more than ${MAX_CASCADE} events from ${source.id}#${seq}`);
      switch (effect.kind) {
        case 'createChild': {
          const existing = await this.repo.childId(m, source.id, effect.childKey);
          if (existing) throw new Error(`child ${effect.childKey} of ${source.id} exists already`);
          const created = await this.create(m, {
            id: randomUUID(),
            definitionId: effect.definitionId,
            definitionVersion: effect.definitionVersion,
            projectId: source.projectId,
            parentId: source.id,
            childKey: effect.childKey,
            event: { type: INSTANCE_CREATED, payload: effect.input, actor: SYSTEM_ACTOR, occurredAt: cause.occurredAt },
            causation,
          });
          if (!created.ok)
            throw new Error(`${effect.definitionId} refused to start as ${effect.childKey}: ${created.message}`);
          cascade.push(created.applied, ...created.cascade);
          break;
        }
        case 'notifyParent': {
          // A root instance (e.g. an item filed on its own) has nobody to tell.
          if (!source.parentId) break;
          await this.cascadeTo(
            m,
            source.parentId,
            systemEvent(effect.event.type, effect.event.payload),
            causation,
            cascade,
          );
          break;
        }
        case 'notifyChild': {
          const childId = await this.repo.childId(m, source.id, effect.childKey);
          if (!childId) throw new Error(`${source.id} has no child ${effect.childKey} (${effect.event.type})`);
          await this.cascadeTo(m, childId, systemEvent(effect.event.type, effect.event.payload), causation, cascade);
          break;
        }
        case 'scheduleTimer': {
          const dueAt = this.calendar.fireAt(effect.deadline, effect.at);
          if (dueAt) {
            await this.repo.scheduleTimer(m, {
              instanceId: source.id,
              timerKey: effect.timerKey,
              dueAt,
              event: effect.event,
              deadline: effect.deadline,
              at: effect.at,
            });
          } else {
            await this.repo.cancelTimers(m, source.id, [effect.timerKey]);
          }
          break;
        }
        case 'creditRecord':
          await this.repo.insertCreditRecord(m, { ...effect, instanceId: source.id, seq });
          break;
        default: {
          const unknownEffect: never = effect;
          throw new Error(`unknown effect ${JSON.stringify(unknownEffect)}`);
        }
      }
    }
    await flushCancels();
  }

  private async cascadeTo(
    m: EntityManager,
    instanceId: string,
    event: EngineEvent,
    causation: Causation,
    cascade: AppliedEvent[],
  ) {
    const row = await this.repo.lock(m, instanceId);
    if (!row) throw new Error(`${event.type} to ${instanceId}: no such instance`);
    const r = this.planStep(row, event, { idempotencyKey: null, causation });
    if (r.ok) await this.commitStep(m, r, cascade);
    if (!r.ok) {
      // A system notification the receiving definition refuses is a definition bug: fail the whole command.
      throw new Error(`${event.type} refused by ${instanceId}: ${r.code} ${r.message}`);
    }
    cascade.push(r.applied);
  }
}

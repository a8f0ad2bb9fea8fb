import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Rejection } from '../../workflows/contract';
import { AppException } from '../common/errors/app-exception';
import { MetricsService } from '../metrics/metrics.service';
import type { AppliedEvent, ApplyResult, CommandInput } from './command.types';
import type { Pending } from './command-queue';
import { EffectRunner } from './effect-runner';
import { EngineRepository, type CommandTarget, type IdempotencyRecord, type StepWrite } from './engine.repository';
import { answerFromRecord, recordKey, scopeOf, type IdempotentResult } from './idempotency';
import { IdempotentTransaction } from './idempotent-transaction';
import { applyResult, StepPlanner, type PlannedStep, type StepPlan } from './step-planner';

type Settled = { ok: true; value: IdempotentResult<unknown> } | { ok: false; error: unknown };

/** The answer to store for a command sent with an Idempotency-Key (none without one). */
function recordOf(p: Pending<unknown>, response: unknown): IdempotencyRecord[] {
  const key = p.input.idempotencyKey;
  return key ? [{ scope: scopeOf(p.input), key, requestHash: p.requestHash, statusCode: 200, response }] : [];
}

export function rejectionToException(r: Rejection & { currentSeq?: number; allowedEvents?: unknown }): AppException {
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
 * Writes a batch of queued commands (CommandQueue) and settles each with its own answer. Refusals (409/422/403/404)
 * are decided before anything is written and concern only their own command; if a statement fails, no command of
 * the batch took effect and each is run again on its own, so one command never fails because of another.
 *
 * Every batch takes its project and row locks in one transaction (applyBatch). A way without a transaction for
 * batches without cascades (one read, one guarded write statement) did not pay on the clerk loop and was removed
 * (docs/benchmarks.md).
 */
@Injectable()
export class BatchWriter {
  private readonly logger = new Logger(BatchWriter.name);

  constructor(
    private readonly tx: IdempotentTransaction,
    private readonly repo: EngineRepository,
    private readonly planner: StepPlanner,
    private readonly effects: EffectRunner,
    private readonly metrics: MetricsService,
  ) {}

  /** Runs a batch and returns the function that answers its commands (never rejects: every command is answered). */
  async write(batch: Pending<unknown>[]): Promise<() => void> {
    let settled: Settled[];
    try {
      this.metrics.commandBatchWrites.inc({ path: 'locked' });
      settled = await this.tx.transaction((m) => this.applyBatch(m, batch));
    } catch (e) {
      if (batch.length === 1) return () => batch[0].reject(e);
      // Nothing of this batch was committed: each command runs on its own, so only the faulty one fails.
      this.metrics.commandBatchFallbacks.inc();
      this.logger.warn(`a batch of ${batch.length} commands failed (${(e as Error).message}); running them one by one`);
      for (const p of batch) (await this.write([p]))();
      return () => undefined;
    }
    return () => settled.forEach((s, i) => (s.ok ? batch[i].resolve(s.value) : batch[i].reject(s.error)));
  }

  /**
   * The batch's commands whose Idempotency-Key already has a stored answer are settled with it (the same request
   * replays it, another one is refused); returns the others, in arrival order. The keys' advisory locks are
   * taken first.
   */
  private async answerStoredKeys(
    m: EntityManager,
    batch: Pending<unknown>[],
    settled: Settled[],
  ): Promise<Set<number>> {
    const open = new Set(batch.keys());
    const keyed = batch
      .map((p, i) => ({ i, scope: scopeOf(p.input), key: p.input.idempotencyKey }))
      .filter((k): k is { i: number; scope: string; key: string } => !!k.key);
    if (!keyed.length) return open;
    await this.repo.lockIdempotencyKeys(m, keyed);
    const prior = await this.repo.findIdempotencyMany(m, keyed);
    for (const k of keyed) {
      const found = prior.get(recordKey(k.scope, k.key));
      if (!found) continue;
      open.delete(k.i);
      settled[k.i] = answerFromRecord(found, batch[k.i].requestHash);
    }
    return open;
  }

  /** The instances of the open commands, locked (FOR UPDATE, in id order), in one statement. */
  private readTargets(
    m: EntityManager,
    batch: Pending<unknown>[],
    open: Set<number>,
  ): Promise<Map<string, CommandTarget>> {
    if (!open.size) return Promise.resolve(new Map());
    const targets = [...open].map((i) => ({
      id: batch[i].input.instanceId,
      department: batch[i].input.access?.department ?? null,
    }));
    return this.repo.readForCommands(m, targets);
  }

  /** The command's plan, or null with its refusal (404/403/409/422 …) settled; other errors are thrown. */
  private planOrRefuse(
    row: CommandTarget | null,
    input: CommandInput,
    settled: Settled[],
    i: number,
  ): PlannedStep<CommandTarget> | null {
    let plan: StepPlan<CommandTarget>;
    try {
      plan = this.planner.planCommand(row, input);
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
   * One transaction for a batch. Per command, everything that can refuse it (access, If-Match, the definition's
   * rules) runs on the locked row before anything is written, so a refusal leaves the transaction clean. An
   * exception after that (a statement, a cascade) aborts the whole batch (write() then runs them one by one).
   */
  private async applyBatch(m: EntityManager, batch: Pending<unknown>[]): Promise<Settled[]> {
    const settled: Settled[] = new Array(batch.length);
    // Same-key requests racing each other queue at the keys' advisory locks, before any row lock: the first
    // commits its record, the others then find it and answer with it.
    const open = await this.answerStoredKeys(m, batch, settled);
    // then the projects' locks, before any row lock (EngineRepository.lockProjects)
    await this.repo.lockProjects(
      m,
      [...open].map((i) => batch[i].input.instanceId),
    );
    const rows = await this.readTargets(m, batch, open);
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
        await this.effects.applyEffects(m, plan.row, plan.seq, plan.rest, plan.event, cascade);
        for (const e of cascade) rows.delete(e.instanceId);
      }
      applied.push({ i, result: applyResult(plan, cascade) });
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
}

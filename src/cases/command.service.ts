import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type Actor,
  type EngineEvent,
  INSTANCE_MIGRATED,
  type InstanceSummary,
  type PersistedSnapshot,
  type Rejection,
} from '../../workflows/contract';
import { splitReason } from '../../workflows/core/define';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { MetricsService } from '../metrics/metrics.service';
import { BatchWriter } from './batch-writer';
import { CommandQueue, type Respond } from './command-queue';
import type { AppliedEvent, ApplyResult, Causation, CommandInput, NewInstance } from './command.types';
import { DefinitionRegistry } from './definition-registry';
import { EffectRunner } from './effect-runner';
import { EngineRepository, type LockedInstance } from './engine.repository';
import { eventRow } from './event-row';
import type { IdempotentResult } from './idempotency';
import { IdempotentTransaction } from './idempotent-transaction';
import { applyResult, SNAPSHOT_EVERY, StepPlanner } from './step-planner';

export { SNAPSHOT_EVERY };
export type ExecuteResult<T> = IdempotentResult<T>;

/**
 * The one write path (DESIGN.md): lock, rebuild, check, pure transition, append with hash chain, update the
 * instance and its query columns, apply effects on other instances and timers — all in one transaction.
 * Every entry point (API, timers, seeding, CLI) goes through here. The parts, in the order a command meets them:
 * CommandQueue (group commit) → BatchWriter (the batch's reads, locks and writes) → StepPlanner (the pure step) →
 * EffectRunner (cascades, timers, credit records); event rows are built by eventRow, Idempotency-Keys follow
 * idempotency.ts.
 */
@Injectable()
export class CommandService {
  private readonly queue: CommandQueue;

  constructor(
    private readonly tx: IdempotentTransaction,
    private readonly definitions: DefinitionRegistry,
    private readonly repo: EngineRepository,
    private readonly planner: StepPlanner,
    private readonly effects: EffectRunner,
    writer: BatchWriter,
    private readonly clock: Clock,
    private readonly metrics: MetricsService,
  ) {
    this.queue = new CommandQueue(
      (batch) => writer.write(batch),
      (size) => this.metrics.commandBatchSize.observe(size),
    );
  }

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

  /**
   * A command from a person (or the CLI): applies it or throws the engine's error; with an Idempotency-Key a
   * retry returns the first response and writes nothing. `respond` builds the response from the command's
   * result, inside its transaction or, for a batch written without one, before the write: it must not read what
   * the command writes.
   *
   * Group commit: commands that arrive while earlier ones are being written are applied together, in arrival
   * order (CommandQueue, BatchWriter), and each gets its own answer only after that write took effect.
   */
  async execute<T>(input: CommandInput, requestHash: string, respond: Respond<T>): Promise<ExecuteResult<T>> {
    if (!input.actor === !input.access) throw new Error('a command needs either an actor or an access check');
    try {
      const result = await this.queue.submit(input, requestHash, respond);
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

  /** Applies one event inside the caller's transaction; a refusal is returned, not thrown (timers record it). */
  async apply(m: EntityManager, input: CommandInput): Promise<ApplyResult> {
    if (!input.actor === !input.access) throw new Error('a command needs either an actor or an access check');
    await this.repo.lockProjects(m, [input.instanceId]);
    const row = await this.repo.lockForCommand(m, input.instanceId, input.access?.department ?? null);
    const plan = this.planner.planCommand(row, input);
    if (!plan.ok) return plan;
    const cascade: AppliedEvent[] = [];
    await this.effects.commitStep(m, plan, cascade);
    return applyResult(plan, cascade);
  }

  /** Creates an instance (a project's case; children are created by effects) with its INSTANCE_CREATED event. */
  create(
    m: EntityManager,
    n: NewInstance,
  ): Promise<{ ok: true; applied: AppliedEvent; cascade: AppliedEvent[] } | ({ ok: false } & Rejection)> {
    return this.effects.create(m, n);
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
      if (!row) throw new AppException('NOT_FOUND', `办件不存在 / Case ${input.instanceId} does not exist`);
      if (input.expectedSeq !== undefined && input.expectedSeq !== row.seq) {
        throw new AppException(
          'VERSION_CONFLICT',
          `办件已被他人更新，请刷新后重试 / The case changed since you read it (now version ${row.seq})`,
          {
            currentSeq: row.seq,
          },
        );
      }
      if (input.toVersion <= row.definitionVersion) {
        throw new AppException(
          'RULE_VIOLATION',
          `办件当前为第${row.definitionVersion}版流程，只能迁移到更新的版本 / case is on v${row.definitionVersion}; it can only move to a newer version`,
        );
      }
      const migration = this.definitions.migration(row.definitionId, row.definitionVersion, input.toVersion);
      if (!migration) {
        throw new AppException(
          'RULE_VIOLATION',
          `没有从第${row.definitionVersion}版到第${input.toVersion}版的迁移，办件不能迁移 / no migration from ${row.definitionId} v${row.definitionVersion} to v${input.toVersion}`,
        );
      }
      const target = this.definitions.get(row.definitionId, input.toVersion);
      const out = migration.migrate(row.snapshot);
      if (!out.ok)
        throw new AppException('RULE_VIOLATION', `迁移被拒绝：${splitReason(out.reason).zh}`, {
          reason: splitReason(out.reason).en || out.reason,
        });
      const event: EngineEvent = {
        type: INSTANCE_MIGRATED,
        payload: { fromVersion: row.definitionVersion, toVersion: input.toVersion, reason: input.reason },
        actor: input.actor,
        occurredAt: this.clock.now().toISOString(),
      };
      return this.appendOne(m, row, event, {
        definitionVersion: input.toVersion,
        snapshot: out.snapshot,
        summary: target.describe(out.snapshot),
        causation: { kind: 'migration' },
      });
    });
  }

  /**
   * Appends to a locked instance's history an engine event that changes no state (MATERIAL_UPLOADED), in the
   * caller's transaction: it joins the hash chain and the sequence (If-Match), and replay skips it.
   */
  async record(m: EntityManager, row: LockedInstance, event: EngineEvent): Promise<AppliedEvent> {
    // A user's own act, like a command: no causation.
    return this.appendOne(m, row, event, {
      definitionVersion: row.definitionVersion,
      snapshot: row.snapshot,
      summary: this.definitions.get(row.definitionId, row.definitionVersion).describe(row.snapshot),
      causation: null,
    });
  }

  /**
   * Appends one event to a locked instance outside a command's step (a migration, a recorded upload): it joins the
   * hash chain and the sequence, leaves the instance at `snapshot`, and schedules or cancels no timer.
   */
  private async appendOne(
    m: EntityManager,
    row: LockedInstance,
    event: EngineEvent,
    after: {
      definitionVersion: number;
      snapshot: PersistedSnapshot;
      summary: InstanceSummary;
      causation: Causation | null;
    },
  ): Promise<AppliedEvent> {
    const { summary } = after;
    const seq = row.seq + 1;
    const written = eventRow({
      instanceId: row.id,
      seq,
      event,
      definitionVersion: after.definitionVersion,
      causation: after.causation,
      idempotencyKey: null,
      stateAfter: summary.state,
      prevHash: row.headHash,
    });
    await this.repo.writeSteps(m, [
      {
        event: written,
        snapshot: after.snapshot,
        columns: this.planner.columns(
          this.definitions.get(row.definitionId, after.definitionVersion),
          after.snapshot,
          summary,
        ),
        checkpoint: seq % SNAPSHOT_EVERY === 0,
        cancelAll: false,
        cancel: [],
        schedule: [],
      },
    ]);
    return { instanceId: row.id, seq, type: event.type, hash: written.hash, state: summary.state, done: summary.done };
  }
}

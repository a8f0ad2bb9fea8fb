import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type Actor,
  type Effect,
  type EngineEvent,
  type Facts,
  INSTANCE_CREATED,
  INSTANCE_MIGRATED,
  type InstanceSummary,
  type PersistedSnapshot,
  type Rejection,
} from '../../workflows/contract';
import type { RuntimeDefinition } from '../../workflows/core/define';
import { eventHash, GENESIS_HASH } from '../audit/hash-chain';
import { CalendarService } from '../calendar/calendar.service';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { MetricsService } from '../metrics/metrics.service';
import type { AppliedEvent, ApplyResult, Causation, CommandAccess, CommandInput, NewInstance } from './command.types';
import { DefinitionRegistry } from './definition-registry';
import { EngineRepository, type LockedInstance, type SummaryColumns } from './engine.repository';
import { IdempotentTransaction, type IdempotentResult } from './idempotent-transaction';

/** A checkpoint every N events keeps as-of replay of long histories fast. */
export const SNAPSHOT_EVERY = 50;
/** Parent/child notifications may cascade; more than this in one command is a definition bug. */
const MAX_CASCADE = 200;
const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system' };

export type ExecuteResult<T> = IdempotentResult<T>;

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

  /**
   * A command from a person (or the CLI): applies it or throws the engine's error; with an Idempotency-Key a
   * retry returns the first response and writes nothing. `respond` builds the response inside the transaction.
   */
  /** Event types any definition knows; anything else is counted as 'unknown' (bounded metric labels). */
  private knownTypes?: Set<string>;

  private metricType(type: string): string {
    this.knownTypes ??= new Set(this.definitions.all().flatMap((d) => Object.keys(d.events)));
    return this.knownTypes.has(type) ? type : 'unknown';
  }

  async execute<T>(
    input: CommandInput,
    requestHash: string,
    respond: (m: EntityManager, result: Extract<ApplyResult, { ok: true }>) => Promise<T>,
  ): Promise<ExecuteResult<T>> {
    try {
      const result = await this.executeOnce(input, requestHash, respond);
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

  private async executeOnce<T>(
    input: CommandInput,
    requestHash: string,
    respond: (m: EntityManager, result: Extract<ApplyResult, { ok: true }>) => Promise<T>,
  ): Promise<ExecuteResult<T>> {
    return this.tx.run(
      {
        scope: input.actor?.userId ?? (input.access as CommandAccess).userId,
        key: input.idempotencyKey,
        requestHash,
        statusCode: 200,
      },
      async (m) => {
        const result = await this.apply(m, input);
        if (!result.ok) throw rejectionToException(result);
        return respond(m, result);
      },
    );
  }

  /** Applies one event inside the caller's transaction; a refusal is returned, not thrown (timers record it). */
  async apply(m: EntityManager, input: CommandInput): Promise<ApplyResult> {
    if (!input.actor === !input.access) throw new Error('a command needs either an actor or an access check');
    const cascade: AppliedEvent[] = [];
    const row = await this.repo.lockForCommand(m, input.instanceId, input.access?.department ?? null);
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
    const first = await this.applyOne(m, row, event, {
      expectedSeq: input.expectedSeq,
      idempotencyKey: input.idempotencyKey ?? null,
      causation: input.causation ?? null,
      cascade,
    });
    if (!first.ok) return first;
    const { written } = first;
    return {
      ok: true,
      applied: first.applied,
      cascade,
      target: {
        row,
        actor,
        snapshot: written.snapshot,
        seq: written.seq,
        summary: written.summary,
        updatedAt: written.updatedAt,
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
      await this.repo.insertEvent(m, {
        instanceId: row.id,
        seq,
        event,
        definitionVersion: input.toVersion,
        causation,
        idempotencyKey: null,
        stateAfter: summary.state,
        prevHash: row.headHash,
        hash,
      });
      await this.repo.updateInstance(m, {
        id: row.id,
        snapshot: out.snapshot,
        seq,
        headHash: hash,
        definitionVersion: input.toVersion,
        ...this.columns(summary),
      });
      return { instanceId: row.id, seq, type: INSTANCE_MIGRATED, hash, state: summary.state, done: summary.done };
    });
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

  private async applyOne(
    m: EntityManager,
    target: string | LockedInstance,
    event: EngineEvent,
    opts: { expectedSeq?: number; idempotencyKey: string | null; causation: Causation | null; cascade: AppliedEvent[] },
  ): Promise<
    | {
        ok: true;
        applied: AppliedEvent;
        written: { snapshot: PersistedSnapshot; seq: number; summary: InstanceSummary; updatedAt: Date };
      }
    | ({ ok: false; currentSeq?: number; allowedEvents?: RuntimeDefinition['events'][string][] } & Rejection)
  > {
    const row = typeof target === 'string' ? await this.repo.lock(m, target) : target;
    if (!row) throw new AppException('NOT_FOUND', `Case ${String(target)} does not exist`);
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
    // The instance's own timer effects that come first go into the same statement as the event; the rest (other
    // instances, credit records) follow in order.
    const { timers, rest } = this.leadingTimers(outcome.effects, summary.done);
    const updatedAt = await this.repo.writeStep(
      m,
      {
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
      { snapshot: outcome.snapshot, ...this.columns(summary) },
      { checkpoint: seq % SNAPSHOT_EVERY === 0, cancelAll: summary.done, ...timers },
    );
    const applied: AppliedEvent = {
      instanceId: row.id,
      seq,
      type: event.type,
      hash,
      state: summary.state,
      done: summary.done,
    };
    await this.applyEffects(m, row, seq, rest, stamped, opts.cascade);
    return { ok: true, applied, written: { snapshot: outcome.snapshot, seq, summary, updatedAt } };
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
    timers: { cancel: string[]; schedule: { timerKey: string; dueAt: string; event: unknown; deadline: unknown }[] };
    rest: Effect[];
  } {
    const cancel: string[] = [];
    const schedule: { timerKey: string; dueAt: string; event: unknown; deadline: unknown }[] = [];
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
        if (dueAt) schedule.push({ timerKey: effect.timerKey, dueAt, event: effect.event, deadline: effect.deadline });
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
    const r = await this.applyOne(m, instanceId, event, { idempotencyKey: null, causation, cascade });
    if (!r.ok) {
      // A system notification the receiving definition refuses is a definition bug: fail the whole command.
      throw new Error(`${event.type} refused by ${instanceId}: ${r.code} ${r.message}`);
    }
    cascade.push(r.applied);
  }
}

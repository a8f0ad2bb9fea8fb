import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  type Actor,
  type Effect,
  type EngineEvent,
  type Facts,
  INSTANCE_CREATED,
  type Rejection,
} from '../../workflows/contract';
import { GENESIS_HASH } from '../audit/hash-chain';
import { splitReason } from '../../workflows/core/define';
import { AppException } from '../common/errors/app-exception';
import type { AppliedEvent, Causation, NewInstance } from './command.types';
import { CalendarService } from '../calendar/calendar.service';
import { DefinitionRegistry } from './definition-registry';
import { creditFacts } from '../../workflows/core/credit';
import { EngineRepository } from './engine.repository';
import { eventRow } from './event-row';
import { StepPlanner, type PlannedStep } from './step-planner';

/** Parent/child notifications may cascade; more than this in one command is a definition bug. */
const MAX_CASCADE = 200;
const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system' };

/** Where an effect comes from: the instance whose event emitted it. */
export interface EffectSource {
  id: string;
  parentId: string | null;
  projectId: string;
  definitionVersion: number;
}

/**
 * The effects of an applied event, in order and in the caller's transaction: children created, parents and children
 * notified (their events cascade through the same planner), timers scheduled or cancelled, credit records written.
 * Also creates instances (INSTANCE_CREATED and the effects of their start).
 */
@Injectable()
export class EffectRunner {
  constructor(
    private readonly definitions: DefinitionRegistry,
    private readonly repo: EngineRepository,
    private readonly planner: StepPlanner,
    private readonly calendar: CalendarService,
  ) {}

  /** Creates an instance (a project's case; children are created by effects) with its INSTANCE_CREATED event. */
  async create(
    m: EntityManager,
    n: NewInstance,
  ): Promise<{ ok: true; applied: AppliedEvent; cascade: AppliedEvent[] } | ({ ok: false } & Rejection)> {
    const cascade: AppliedEvent[] = [];
    const def = this.definitions.get(n.definitionId, n.definitionVersion);
    const facts = await this.factsForProject(m, n.projectId, n.event.occurredAt);
    const event: EngineEvent = { ...n.event, type: INSTANCE_CREATED, ...(facts ? { facts } : {}) };
    const outcome = def.start(event);
    if (!outcome.ok) return outcome;
    const summary = outcome.summary ?? def.describe(outcome.snapshot);
    const row = eventRow({
      instanceId: n.id,
      seq: 1,
      event,
      definitionVersion: n.definitionVersion,
      causation: n.causation ?? null,
      idempotencyKey: null,
      stateAfter: summary.state,
      prevHash: GENESIS_HASH,
    });
    await this.repo.insertInstance(m, {
      id: n.id,
      definitionId: n.definitionId,
      definitionVersion: n.definitionVersion,
      parentId: n.parentId ?? null,
      childKey: n.childKey ?? null,
      projectId: n.projectId,
      snapshot: outcome.snapshot,
      seq: 1,
      headHash: row.hash,
      occurredAt: event.occurredAt,
      ...this.planner.columns(def, outcome.snapshot, summary),
    });
    await this.repo.insertEvent(m, row);
    const applied: AppliedEvent = {
      instanceId: n.id,
      seq: 1,
      type: INSTANCE_CREATED,
      hash: row.hash,
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

  /** Writes a planned step and applies its remaining effects (cascades on other instances, credit records). */
  async commitStep(m: EntityManager, plan: PlannedStep, cascade: AppliedEvent[]): Promise<void> {
    await this.repo.writeSteps(m, [plan.write]);
    await this.applyEffects(m, plan.row, plan.seq, plan.rest, plan.event, cascade);
  }

  /** Effects of one applied event, in order; system events they send cascade through cascadeTo. */
  async applyEffects(
    m: EntityManager,
    source: EffectSource,
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
          const dueAt = this.planner.fireAt(effect.deadline, effect.at);
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
          await this.repo.insertCreditRecord(m, {
            ...effect,
            // The machine states the bar's last day (N months on); its end follows the calendar (民法典 art. 203), so
            // the credit view, the case view and a refusal all read the same rolled date.
            ...(effect.barsCommitmentUntil
              ? { barsCommitmentUntil: this.calendar.periodEnd(effect.barsCommitmentUntil) }
              : {}),
            instanceId: source.id,
            seq,
            recordedAt: cause.occurredAt,
          });
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
  ): Promise<void> {
    const row = await this.repo.lock(m, instanceId);
    if (!row) throw new Error(`${event.type} to ${instanceId}: no such instance`);
    const r = this.planner.planStep(row, event, { idempotencyKey: null, causation });
    if (!r.ok) {
      // A system notification the receiving case refuses in its state (released definitions cannot learn it):
      // the whole command is refused, nothing written, with a 409 people can read rather than a 500.
      // The rule's reason is "zh / en": only its Chinese goes inside the sentence (split whole, the English and the
      // sentence's tail would end up in details and the message would lose its closing words).
      const reason = splitReason(r.message);
      throw new AppException('EVENT_NOT_ALLOWED', `此操作引起的关联办理现在不能进行（${reason.zh}），本次办理未生效`, {
        reason: `${event.type} refused by ${instanceId}: ${r.code}${reason.en ? ` (${reason.en})` : ''}`,
      });
    }
    await this.commitStep(m, r, cascade);
    cascade.push(r.applied);
  }

  private async factsForProject(m: EntityManager, projectId: string, at: string): Promise<Facts | undefined> {
    const f = await this.repo.enterpriseFacts(m, projectId);
    return f ? { enterprise: creditFacts(f.creditBars, at) } : undefined;
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type {
  DeadlineSpec,
  Effect,
  EngineEvent,
  EventSpec,
  Facts,
  InstanceSummary,
  PersistedSnapshot,
  Rejection,
  WorkflowDefinition,
} from '../../workflows/contract';
import type { TimerAt } from '../../workflows/calendar/deadline';
import { CalendarService } from '../calendar/calendar.service';
import { clockHalted } from '../calendar/halted-clock';
import { Clock } from '../common/clock';
import { creditFacts } from '../../workflows/core/credit';
import { AppException } from '../common/errors/app-exception';
import type { AppliedEvent, ApplyResult, Causation, CommandInput } from './command.types';
import { DefinitionRegistry } from './definition-registry';
import type { CommandTarget, LockedInstance, StepWrite, SummaryColumns, TimerWrite } from './engine.repository';
import { eventRow } from './event-row';

/** A checkpoint every N events keeps as-of replay of long histories fast. */
export const SNAPSHOT_EVERY = 50;

/** What the planner needs of the calendar: a deadline's instants and a timer's. */
export interface Deadlines {
  resolve(spec: DeadlineSpec): { dueAt: string | null; warnAt: string | null };
  fireAt(spec: DeadlineSpec, at: TimerAt): string | null;
}

/** One event on a read (or locked) row, checked and computed: what to write, and the effects that follow. */
export type StepPlan<R extends LockedInstance = LockedInstance> =
  | {
      ok: true;
      row: R;
      event: EngineEvent;
      seq: number;
      summary: InstanceSummary;
      write: StepWrite;
      /** Effects after the instance's own leading timers: other instances, credit records (EffectRunner). */
      rest: Effect[];
      applied: AppliedEvent;
    }
  | ({ ok: false; currentSeq?: number; allowedEvents?: EventSpec[] } & Rejection);

export type PlannedStep<R extends LockedInstance = LockedInstance> = Extract<StepPlan<R>, { ok: true }>;

/**
 * The pure part of the write path: from a row and a command to the step to write — access, If-Match, the
 * definition's transition, the event row with its hash, the query columns, the timers written with the step.
 * No database: the row comes in, the plan goes out (step-planner.spec.ts).
 */
@Injectable()
export class StepPlanner {
  constructor(
    private readonly definitions: DefinitionRegistry,
    @Inject(CalendarService) private readonly calendar: Deadlines,
    @Inject(Clock) private readonly clock: Pick<Clock, 'now'>,
  ) {}

  /** Access, the event as recorded, If-Match, the transition: nothing written yet. Throws 404/403/409. */
  planCommand(row: CommandTarget | null, input: CommandInput): StepPlan<CommandTarget> {
    if (!row) throw new AppException('NOT_FOUND', `办件不存在 / Case ${input.instanceId} does not exist`);
    const actor =
      input.actor ??
      input.access?.check({
        projectId: row.projectId,
        enterpriseId: row.enterpriseId,
        reachedDepartment: row.reachedDepartment,
      });
    if (!actor) throw new Error('a command needs either an actor or an access check');
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

  /** One event on a row: checked and computed, nothing written yet. */
  planStep<R extends LockedInstance>(
    row: R,
    event: EngineEvent,
    opts: { expectedSeq?: number; idempotencyKey: string | null; causation: Causation | null },
  ): StepPlan<R> {
    if (opts.expectedSeq !== undefined && opts.expectedSeq !== row.seq) {
      throw new AppException(
        'VERSION_CONFLICT',
        `办件已被他人更新，请刷新后重试 / The case changed since you read it (you sent version ${opts.expectedSeq}, it is now ${row.seq}); reload and retry`,
        { currentSeq: row.seq },
      );
    }
    const def = this.definitions.get(row.definitionId, row.definitionVersion);
    const stamped: EngineEvent = { ...event, ...(row.enterpriseId ? { facts: factsOf(row, event.occurredAt) } : {}) };
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
    const summary = outcome.summary ?? def.describe(outcome.snapshot);
    const written = eventRow({
      instanceId: row.id,
      seq,
      event: stamped,
      definitionVersion: row.definitionVersion,
      causation: opts.causation,
      idempotencyKey: opts.idempotencyKey,
      stateAfter: summary.state,
      prevHash: row.headHash,
    });
    // The instance's own timer effects that come first are written with the event; the rest (other instances,
    // credit records) follow in order. A root instance (an item filed on its own) has no parent to notify: that
    // effect would only cut the batch's write in two (the locked batch writes what is pending before other effects).
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
        event: written,
        snapshot: outcome.snapshot,
        columns: this.columns(def, outcome.snapshot, summary),
        checkpoint: seq % SNAPSHOT_EVERY === 0,
        cancelAll: summary.done,
        ...timers,
      },
      applied: {
        instanceId: row.id,
        seq,
        type: event.type,
        hash: written.hash,
        state: summary.state,
        done: summary.done,
      },
    };
  }

  /**
   * The query columns of a summary: its deadline's instants by the calendar in force. None while the clock is
   * halted (补正, 特别程序: the item waits on the enterprise or a procedure), so lists and queues agree with the
   * detail view, which shows the clock paused; the instants return when the clock runs again. And the departments
   * that can act on the instance now (the definition's actingDepartments), which the work queues read.
   */
  columns(definition: WorkflowDefinition, snapshot: PersistedSnapshot, summary: InstanceSummary): SummaryColumns {
    let dueAt: string | null = null;
    let warnAt: string | null = null;
    if (summary.deadline && !summary.done && !clockHalted(summary.timerState)) {
      const resolved = this.calendar.resolve(summary.deadline);
      dueAt = resolved.dueAt;
      warnAt = resolved.warnAt;
    }
    return { summary, dueAt, warnAt, actingDepartments: definition.actingDepartments(snapshot, summary) };
  }

  /** When a timer effect fires by the calendar in force (null: never, so it is cancelled). */
  fireAt(spec: DeadlineSpec, at: TimerAt): string | null {
    return this.calendar.fireAt(spec, at);
  }

  /**
   * The timer effects at the head of an effect list, as net cancellations and writes per key, for writeSteps.
   * Stops at the first other effect, at a key seen twice (its order matters), and — on a finished instance,
   * whose timers are all cancelled in that statement — at a timer to write.
   */
  private leadingTimers(
    effects: Effect[],
    done: boolean,
  ): { timers: { cancel: string[]; schedule: TimerWrite[] }; rest: Effect[] } {
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
}

/** The enterprise's standing the definitions decide on at the event's time, stamped on the event. */
export function factsOf(row: LockedInstance, at: string): Facts {
  return { enterprise: creditFacts(row.creditBars, at) };
}

/** The answer of an applied command, from its plan and its cascade. */
export function applyResult(
  plan: PlannedStep<CommandTarget>,
  cascade: AppliedEvent[],
): Extract<ApplyResult, { ok: true }> {
  return {
    ok: true,
    applied: plan.applied,
    cascade,
    target: {
      row: plan.row,
      actor: plan.event.actor,
      snapshot: plan.write.snapshot,
      seq: plan.seq,
      summary: plan.summary,
      // the event's time, as written to updated_at (the service clock's, demo time included)
      updatedAt: new Date(plan.event.occurredAt),
    },
  };
}

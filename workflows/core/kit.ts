/**
 * Scaffolding the definitions share: a clock's two timers (warning and due) and their cancellation, the
 * notices between instances, and a migration that edits a copy of the context. Pure functions of data.
 */
import type { DeadlineSpec, Effect, Payload, PersistedSnapshot } from '../contract';

/** The timers of one clock: the keys they are scheduled under and the events they send. */
export interface ClockTimers {
  warning: { key: string; event: string };
  due: { key: string; event: string };
}

/** Schedule a clock's warning and due timers (for a clock just started or restarted). */
export function scheduleClock(timers: ClockTimers, clock: DeadlineSpec): Effect[] {
  return [
    {
      kind: 'scheduleTimer',
      timerKey: timers.warning.key,
      deadline: clock,
      at: 'warning',
      event: { type: timers.warning.event, payload: {} },
    },
    {
      kind: 'scheduleTimer',
      timerKey: timers.due.key,
      deadline: clock,
      at: 'due',
      event: { type: timers.due.event, payload: {} },
    },
  ];
}

/** Cancel a clock's warning and due timers. */
export function cancelClock(timers: ClockTimers): Effect[] {
  return [
    { kind: 'cancelTimer', timerKey: timers.warning.key },
    { kind: 'cancelTimer', timerKey: timers.due.key },
  ];
}

/** A notice to the instance that created this one. */
export function notifyParent(type: string, payload: Payload): Effect {
  return { kind: 'notifyParent', event: { type, payload } };
}

/** A notice to one of this instance's children. */
export function notifyChild(childKey: string, type: string, payload: Payload): Effect {
  return { kind: 'notifyChild', childKey, event: { type, payload } };
}

/**
 * A persisted snapshot of a definition with context C, its context changed by `change` on a copy (the stored
 * snapshot is left alone). The snapshot is the one this definition persisted, so its context is a C.
 */
export function migrateContext<C>(snapshot: PersistedSnapshot, change: (context: C) => void): PersistedSnapshot {
  const migrated: PersistedSnapshot = JSON.parse(JSON.stringify(snapshot));
  change(migrated.context as unknown as C);
  return migrated;
}

/** An outcome's reason from an event's payload, if it gives one (a refusal does; a child's notice may not). */
export function reasonOf(payload: object): string {
  return String(('reason' in payload ? payload.reason : undefined) ?? '');
}

import type {
  Actor,
  EngineEvent,
  EventSpec,
  InstanceSummary,
  Payload,
  PersistedSnapshot,
  Rejection,
} from '../../workflows/contract';
import type { CommandTarget } from './engine.repository';

export interface Causation {
  /** What made the engine send a system event: an event of another instance, a timer, a migration … */
  kind: 'event' | 'timer' | 'migration' | 'seed';
  instanceId?: string;
  seq?: number;
  timerId?: string;
}

/** Access to the command's instance, checked on the locked row (no round trip of its own). */
export interface CommandAccess {
  /** The caller (the scope of its Idempotency-Keys). */
  userId: string;
  /** A clerk's department: the lock also reads whether the project reached it. */
  department: string | null;
  /** Throws (404 / 403) when the caller may not act on this case; otherwise returns the actor to record. */
  check(target: { projectId: string; enterpriseId: string | null; reachedDepartment: boolean }): Actor;
}

export interface CommandInput {
  instanceId: string;
  type: string;
  payload: Payload;
  /** Who sends it: given (timers, seeding, CLI), or resolved by `access` on the locked row (the API). */
  actor?: Actor;
  access?: CommandAccess;
  /** If-Match: the sequence number the client last saw. */
  expectedSeq?: number;
  idempotencyKey?: string;
  /** Defaults to the service clock. */
  occurredAt?: string;
  causation?: Causation;
}

export interface AppliedEvent {
  instanceId: string;
  seq: number;
  type: string;
  hash: string;
  state: string;
  done: boolean;
}

/** The command's own instance as the command left it (before any cascade came back to it). */
export interface WrittenTarget {
  row: CommandTarget;
  actor: Actor;
  snapshot: PersistedSnapshot;
  seq: number;
  summary: InstanceSummary;
  updatedAt: Date;
}

export type ApplyResult =
  | { ok: true; applied: AppliedEvent; cascade: AppliedEvent[]; target: WrittenTarget }
  | ({ ok: false; currentSeq?: number; allowedEvents?: EventSpec[] } & Rejection);

export interface NewInstance {
  id: string;
  definitionId: string;
  definitionVersion: number;
  projectId: string;
  parentId?: string | null;
  childKey?: string | null;
  event: EngineEvent;
  causation?: Causation;
}

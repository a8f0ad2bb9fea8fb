import type { Actor, EngineEvent, EventSpec, Payload, Rejection } from '../../workflows/contract';

export interface Causation {
  /** What made the engine send a system event: an event of another instance, a timer, a migration … */
  kind: 'event' | 'timer' | 'migration' | 'seed';
  instanceId?: string;
  seq?: number;
  timerId?: string;
}

export interface CommandInput {
  instanceId: string;
  type: string;
  payload: Payload;
  actor: Actor;
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

export type ApplyResult =
  | { ok: true; applied: AppliedEvent; cascade: AppliedEvent[] }
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

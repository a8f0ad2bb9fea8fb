/**
 * A definition's events as one union, typed from the payload schemas that validate them: the engine checks a
 * payload against its schema before the machine sees it, so inside the machine `event.payload` is what the
 * schema declares and is read without casts.
 */
import type { EngineEvent, JsonSchema } from '../contract';
import type { Infer } from './json-schema';

/** One event of a definition: its type and the payload its schema accepts. */
export type WorkflowEvent<T extends string, P> = Omit<EngineEvent, 'type' | 'payload'> & { type: T; payload: P };

/** The union of a definition's events, from its payload schemas keyed by event type. */
export type EventsOf<Schemas extends Record<string, JsonSchema>> = {
  [T in keyof Schemas & string]: WorkflowEvent<T, Infer<Schemas[T]>>;
}[keyof Schemas & string];

/** The INSTANCE_CREATED event a machine starts from, with its input as the payload. */
export type CreatedEvent<Input> = WorkflowEvent<string, Input>;

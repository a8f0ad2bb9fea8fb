/** Actors and event builders shared by tests and scenarios. Pure data. */
import type { Actor, EngineEvent, Facts, Payload } from '../contract';
import { INSTANCE_CREATED } from '../contract';

export const ENTERPRISE_ID = 'ent-demo';

export const actors = {
  system: { userId: 'system', role: 'system' } as Actor,
  enterprise: (enterpriseId = ENTERPRISE_ID): Actor => ({
    userId: `user-${enterpriseId}`,
    role: 'enterprise',
    enterpriseId,
  }),
  steward: (enterpriseId = ENTERPRISE_ID): Actor => ({
    userId: 'steward-1',
    role: 'steward',
    onBehalfOf: enterpriseId,
  }),
  clerk: (department: string): Actor => ({ userId: `clerk-${department}`, role: 'clerk', department }),
  admin: { userId: 'admin', role: 'admin' } as Actor,
};

export const CLEAN_FACTS: Facts = { enterprise: { toleranceBarred: false, commitmentBarredUntil: null } };

export function ev(
  type: string,
  actor: Actor,
  occurredAt: string,
  payload: Payload = {},
  facts: Facts = CLEAN_FACTS,
): EngineEvent {
  return { type, payload, actor, occurredAt, facts };
}

export function created(payload: Payload, occurredAt: string, actor: Actor = actors.system): EngineEvent {
  return { type: INSTANCE_CREATED, payload, actor, occurredAt, facts: CLEAN_FACTS };
}

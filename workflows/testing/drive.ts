/** Helpers that drive a harness through common paths (tests and scenarios). Pure. */
import type { Actor, StepOutcome } from '../contract';
import { Harness } from './harness';
import { actors } from './fixtures';

export function must(outcome: StepOutcome): StepOutcome {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`);
  return outcome;
}

/** Window acceptance, department acceptance and approval of one item by its department's clerk. */
export function approveItem(
  h: Harness,
  projectId: string,
  itemKey: string,
  department: string,
  at: string,
  decideAt = at,
): void {
  const item = h.at(projectId, itemKey);
  must(h.send(item.id, 'WINDOW_ACCEPT', actors.clerk('window'), at));
  must(h.send(item.id, 'DEPARTMENT_ACCEPT', actors.clerk(department), at));
  must(h.send(item.id, 'APPROVE', actors.clerk(department), decideAt, { opinion: '同意' }));
}

export function acceptItem(h: Harness, projectId: string, itemKey: string, department: string, at: string): string {
  const item = h.at(projectId, itemKey);
  must(h.send(item.id, 'WINDOW_ACCEPT', actors.clerk('window'), at));
  must(h.send(item.id, 'DEPARTMENT_ACCEPT', actors.clerk(department), at));
  return item.id;
}

export const enterpriseOf = (enterpriseId: string): Actor => actors.enterprise(enterpriseId);

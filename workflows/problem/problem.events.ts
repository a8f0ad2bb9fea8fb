/**
 * The 问题清单's events: the payload schema of each (what the engine validates and allowedEvents offers) and the
 * union of the events the machine receives, typed from those schemas.
 */
import type { Catalog } from '../catalog/types';
import type { EventsOf } from '../core/events';
import { s } from '../core/json-schema';
import { PROBLEM_DEADLINE_OVERDUE, PROBLEM_DEADLINE_WARNING } from './problem.types';

/** The longest limit a problem may be given, in working days. */
export const MAX_PROBLEM_LIMIT = 90;

/** Every event's payload schema, in the order the definition lists them. */
export function problemPayloads(catalog: Catalog) {
  const departmentCodes = catalog.departments.map((d) => d.code);
  const departmentLabels = Object.fromEntries(catalog.departments.map((d) => [d.code, d.name]));
  const department = s.enumOf(departmentCodes, '责任部门', departmentLabels);
  const limit = s.integer('办理时限（工作日）', 1, MAX_PROBLEM_LIMIT);
  return {
    ASSIGN: s.object({ department, limitWorkingDays: limit, note: s.text('交办说明') }),
    RETURN_PROBLEM: s.object({ reason: s.text('理由') }, ['reason']),
    START_HANDLING: s.object({ note: s.text('说明') }),
    RESOLVE: s.object({ resolution: s.text('解决情况') }, ['resolution']),
    CONFIRM_RESOLVED: s.object({ note: s.text('评价') }),
    REOPEN: s.object({ reason: s.text('理由') }, ['reason']),
    ESCALATE: s.object({ reason: s.text('督办事由') }, ['reason']),
    [PROBLEM_DEADLINE_WARNING]: s.empty(),
    [PROBLEM_DEADLINE_OVERDUE]: s.empty(),
  };
}

export type ProblemPayloads = ReturnType<typeof problemPayloads>;

/** What the machine receives: one member per event type, its payload as its schema declares it. */
export type ProblemEvent = EventsOf<ProblemPayloads>;

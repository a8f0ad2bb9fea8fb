/**
 * Government working days per stage, as a project's history recorded them: from the first item of the stage
 * received to the last one decided (on commitment, 容缺 or in full). Only stages whose every item so far is
 * decided count. The enterprise's time inside that span (补正, waiting between items) is not taken out: an upper
 * bound of the departments' time, which the zone report says.
 */
import type { Catalog, StageKey } from '../catalog/types';
import { cstDateOf, type WorkingDayCalendar } from '../calendar';
import type { HistoryEvent } from './history';

const DECISIONS = new Set(['APPROVE', 'APPROVE_WITH_TOLERANCE', 'REFUSE', 'DECIDE_ON_COMMITMENT']);

export function stageWorkingDays(
  catalog: Catalog,
  calendar: WorkingDayCalendar,
  events: readonly HistoryEvent[],
): Partial<Record<StageKey, number>> {
  const received = new Map<string, string>();
  const decided = new Map<string, string>();
  for (const e of events) {
    const head = e.path[0];
    if (!head || !head.startsWith('item:')) continue;
    const code = head.slice('item:'.length);
    if (e.path.length === 1 && e.type === 'INSTANCE_CREATED') {
      const before = received.get(code);
      if (!before || e.occurredAt < before) received.set(code, e.occurredAt);
    }
    if (DECISIONS.has(e.type) && !decided.has(code)) decided.set(code, e.occurredAt);
  }
  const out: Partial<Record<StageKey, number>> = {};
  for (const stage of catalog.stages) {
    const codes = catalog.items.filter((i) => i.stage === stage.key && received.has(i.code)).map((i) => i.code);
    if (codes.length === 0 || !codes.every((c) => decided.has(c))) continue;
    const from = codes.map((c) => received.get(c) ?? '').reduce((a, b) => (a < b ? a : b));
    const to = codes.map((c) => decided.get(c) ?? '').reduce((a, b) => (a > b ? a : b));
    out[stage.key] = Math.max(0, calendar.workingDaysBetween(cstDateOf(from), cstDateOf(to)).days);
  }
  return out;
}

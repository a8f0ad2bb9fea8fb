/**
 * Reads a project's recorded history (the events of its case and of every item, commitment, foundation permit
 * and section under it) into a SavingsPlan. Read by event type and child key only, and tolerant of what it does
 * not know, so it reads histories of every definition version; what the history does not yet tell (steps still
 * ahead) comes from the plan: the catalog and the project's declaration.
 */
import type { Catalog } from '../catalog/types';
import { cstDateOf, naturalDaysBetween, type IsoDate, type WorkingDayCalendar } from '../calendar';
import { preReviewedItems } from './pre-review';
import { PRACTICE_KEYS, type PlannedSection, type Practices, type SavingsPlan, type Source } from './types';

export interface HistoryEvent {
  /** Child keys from the project's case down to the instance ([] for the case itself), e.g. ['item:x', 'tolerance:1']. */
  path: string[];
  type: string;
  payload: Record<string, unknown>;
  /** ISO instant. */
  occurredAt: string;
}

/** Construction time assumed when the history has none: the first section ready after this many natural days… */
export const PLANNED_FIRST_SECTION_DAYS = 240;
/** …and each further section this many natural days after the one before. */
export const PLANNED_SECTION_INTERVAL_DAYS = 45;

const APPROVALS = new Set(['APPROVE', 'APPROVE_WITH_TOLERANCE', 'DECIDE_ON_COMMITMENT']);

function record(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value));
}

function practicesOf(payload: Record<string, unknown>): Practices {
  const p = record(payload.practices);
  const practices: Practices = {
    foundationFirst: false,
    tolerance: false,
    notifyCommit: false,
    jointIssuance: false,
    stagedAcceptance: false,
  };
  for (const key of PRACTICE_KEYS) practices[key] = p[key] === true;
  return practices;
}

function declaredSections(payload: Record<string, unknown>, staged: boolean): { key: string; name: string }[] {
  const list = Array.isArray(payload.sections) ? payload.sections : [];
  const sections = list
    .map((s, i) => {
      const r = record(s);
      const name = typeof r.name === 'string' ? r.name : `第${i + 1}段`;
      const key = typeof r.key === 'string' ? r.key : `section-${i + 1}`;
      return { key, name };
    })
    .filter((s) => s.name.length > 0);
  return staged && sections.length > 0 ? sections : [{ key: 'whole', name: '全部工程' }];
}

const day = (e: HistoryEvent | undefined): IsoDate | undefined => (e ? cstDateOf(e.occurredAt) : undefined);

/** What the caller knows of the project's case besides its history. */
export interface CaseFacts {
  /** The joint-issuance bundle of the case (the caller looks it up in the catalog when the case holds none). */
  bundleCertificates: string[];
  /** The case's definition version: which of the process's rules (the design-plan pre-review) it ran on. */
  definitionVersion: number;
}

/** The plan of a project from its history. */
export function planFromHistory(
  catalog: Catalog,
  calendar: WorkingDayCalendar,
  events: readonly HistoryEvent[],
  facts: CaseFacts,
): SavingsPlan {
  const sorted = [...events].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  const at = (path: string[]) => sorted.filter((e) => e.path.join('/') === path.join('/'));
  const first = (path: string[], types: string[]) => at(path).find((e) => types.includes(e.type));
  const last = (path: string[], types: string[]) =>
    at(path)
      .filter((e) => types.includes(e.type))
      .pop();
  const created = first([], ['INSTANCE_CREATED']);
  const input = created?.payload ?? {};
  const practices = practicesOf(input);
  const startDate = day(created) ?? day(sorted[0]) ?? '1970-01-01';
  const category = typeof input.category === 'string' ? input.category : '';

  // Children under each item: tolerance:n, notifyCommitment:n (by key prefix, any version).
  const childOf = (prefix: string) => {
    const found = new Map<string, string[]>();
    for (const e of sorted) {
      if (e.path.length === 2 && e.path[0].startsWith('item:') && e.path[1].startsWith(prefix)) {
        found.set(e.path[0].slice('item:'.length), e.path);
      }
    }
    return found;
  };
  const decided = (code: string) => at([`item:${code}`]).some((e) => APPROVALS.has(e.type) || e.type === 'REFUSE');
  const submitted = record(input.submittedMaterials);

  const toleranceItems: SavingsPlan['toleranceItems'] = {};
  for (const [code, path] of childOf('tolerance:')) {
    const item = catalog.items.find((i) => i.code === code);
    const accepted = day(first(path, ['ACCEPT_TOLERANCE']) ?? first(path, ['INSTANCE_CREATED']));
    const supplied = day(last(path, ['SUPPLY_MATERIAL']));
    if (accepted && supplied) {
      toleranceItems[code] = {
        supplementWorkingDays: Math.max(0, calendar.workingDaysBetween(accepted, supplied).days),
        source: 'history',
      };
    } else if (item) {
      toleranceItems[code] = { supplementWorkingDays: plannedSupplement(item), source: 'plan' };
    }
  }
  if (practices.tolerance) {
    // Items still ahead whose declared materials leave out a tolerable one: planned on 容缺.
    for (const item of catalog.items) {
      if (toleranceItems[item.code] || decided(item.code) || !item.toleranceMode) continue;
      const given = submitted[item.code];
      if (!Array.isArray(given)) continue;
      const missing = item.materials.filter((m) => !given.includes(m.code));
      if (missing.length > 0 && missing.every((m) => m.tolerable && !m.core)) {
        toleranceItems[item.code] = { supplementWorkingDays: plannedSupplement(item), source: 'plan' };
      }
    }
  }

  const notifyCommitItems = [...childOf('notifyCommitment:').keys()];
  if (practices.notifyCommit) {
    for (const item of catalog.items) {
      if (item.notifyCommitAllowed && !decided(item.code) && !notifyCommitItems.includes(item.code)) {
        notifyCommitItems.push(item.code);
      }
    }
  }

  // Work start as recorded: the reported start, else the permit it could start on.
  const permitItem = catalog.foundationFirst.constructionPermitItem;
  const foundationIssued = day(first(['foundation'], ['ISSUE_FOUNDATION_PERMIT']));
  const reportedStart = day(first(['foundation'], ['WORK_STARTED']));
  const permitDecided = day(last([`item:${permitItem}`], [...APPROVALS]));
  const permitted = foundationIssued ?? permitDecided;
  const actualWorkStart = reportedStart ?? permitted;
  const workStartLagDays = reportedStart && permitted ? Math.max(0, naturalDaysBetween(permitted, reportedStart)) : 0;

  const sections: PlannedSection[] = declaredSections(input, practices.stagedAcceptance).map((s, i) => {
    const applied = day(first([`section:${s.key}`], ['APPLY']));
    const sectionName = record(first([`section:${s.key}`], ['INSTANCE_CREATED'])?.payload).name;
    const name = typeof sectionName === 'string' ? sectionName : s.name;
    if (applied && actualWorkStart) {
      return {
        name,
        readyAfterDays: Math.max(0, naturalDaysBetween(actualWorkStart, applied)),
        source: 'history' satisfies Source,
      };
    }
    return {
      name,
      readyAfterDays: PLANNED_FIRST_SECTION_DAYS + i * PLANNED_SECTION_INTERVAL_DAYS,
      source: 'plan' satisfies Source,
    };
  });

  return {
    startDate,
    practices,
    bundleCertificates: facts.bundleCertificates,
    preReviewed: preReviewedItems(catalog, category, facts.definitionVersion),
    toleranceItems,
    notifyCommitItems,
    workStartLagDays,
    sections,
  };
}

/** The supplement period the catalog grants: the item's own, never longer than its promised limit. */
function plannedSupplement(item: Catalog['items'][number]): number {
  return Math.min(item.toleranceSupplementDays, item.promisedLimit.amount);
}

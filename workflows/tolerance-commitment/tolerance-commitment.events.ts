/**
 * The 容缺受理's events: the payload schema of each (what the engine validates and allowedEvents offers) and the
 * union of the events the machine receives, typed from those schemas.
 */
import type { Catalog } from '../catalog/types';
import type { EventsOf } from '../core/events';
import { s } from '../core/json-schema';
import {
  REVIEW_TIME_OVERDUE,
  REVIEW_TIME_WARNING,
  SUPPLEMENT_DEADLINE_PASSED,
  SUPPLEMENT_REMINDER,
} from './tolerance-commitment.types';

/** A material of the catalog (any item's): what is supplied and reviewed, and what the input lists. */
export function toleranceMaterial(catalog: Catalog) {
  const allMaterials = [...new Map(catalog.items.flatMap((i) => i.materials.map((m) => [m.code, m]))).values()];
  return s.choice(allMaterials, '容缺材料');
}

/** Every event's payload schema, in the order the definition lists them (v2's own events last). */
export function toleranceCommitmentPayloads(catalog: Catalog) {
  const material = toleranceMaterial(catalog);
  return {
    ACCEPT_TOLERANCE: s.object({ note: s.text('说明') }),
    REJECT_TOLERANCE: s.object({ reason: s.text('理由') }, ['reason']),
    SUPPLY_MATERIAL: s.object({ material, note: s.text('说明') }, ['material']),
    REVIEW_MATERIAL: s.object({ material, compliant: s.boolean('是否符合要求'), note: s.text('审核意见') }, [
      'material',
      'compliant',
    ]),
    EXTEND_FOR_FORCE_MAJEURE: s.object({ reason: s.text('不可抗力事由'), extraDays: s.integer('延长天数', 1, 30) }, [
      'reason',
      'extraDays',
    ]),
    [SUPPLEMENT_REMINDER]: s.empty(),
    [SUPPLEMENT_DEADLINE_PASSED]: s.empty(),
    // The item's notice carries nothing the commitment reads.
    PARENT_CLOSED: s.loose(),
    // v2
    [REVIEW_TIME_WARNING]: s.empty(),
    [REVIEW_TIME_OVERDUE]: s.empty(),
  };
}

export type ToleranceCommitmentPayloads = ReturnType<typeof toleranceCommitmentPayloads>;

/** What the machine receives: one member per event type, its payload as its schema declares it. */
export type ToleranceCommitmentEvent = EventsOf<ToleranceCommitmentPayloads>;

/**
 * The 项目's events: the payload schema of each (what the engine validates) and the union of the events the
 * machine receives, typed from those schemas. Most are notices from the project's own instances.
 */
import type { Catalog } from '../catalog/types';
import type { EventsOf } from '../core/events';
import { s } from '../core/json-schema';
import { constructionPermitLapsedSchema } from './v4/work-start-version';

/** Every event's payload schema, in the order the definition lists them (v3's own events last). */
export function projectCasePayloads(catalog: Catalog) {
  const itemCode = s.choice(catalog.items, '事项');
  const itemNotice = s.notice({ itemCode }, ['itemCode']);
  const sectionNotice = s.notice({ sectionKey: s.string('分段') }, ['sectionKey']);
  return {
    ITEM_DECIDED: s.notice(
      {
        itemCode,
        outcome: s.enumOf(['approved', 'approvedWithTolerance', 'refused'], '办结结果', {
          approved: '通过',
          approvedWithTolerance: '容缺通过',
          refused: '不通过',
        }),
        basis: s.enumOf(['review', 'tolerance', 'notifyCommitment'], '办结依据', {
          review: '审查',
          tolerance: '容缺受理',
          notifyCommitment: '告知承诺',
        }),
        certificateReleasable: s.boolean('可以出证'),
        decidedAt: s.dateTime('办结时间'),
      },
      ['itemCode', 'outcome', 'basis'],
    ),
    ITEM_COMMITMENT_FULFILLED: itemNotice,
    ITEM_REVOKED: itemNotice,
    ITEM_CLOSED: itemNotice,
    REAPPLY_ITEM: s.object({ itemCode }, ['itemCode']),
    FOUNDATION_PERMIT_ISSUED: s.loose(),
    FOUNDATION_PERMIT_REFUSED: s.loose(),
    FOUNDATION_PERMIT_LAPSED: s.loose(),
    ABOVE_GROUND_PERMIT_ISSUED: s.loose(),
    ABOVE_GROUND_PERMIT_REFUSED: s.loose(),
    SECTION_ACCEPTED: sectionNotice,
    WHOLE_PROCESS_WARNING: s.empty(),
    WHOLE_PROCESS_OVERDUE: s.empty(),
    // v3
    ITEM_WAITING_ON_ENTERPRISE: itemNotice,
    ITEM_BACK_WITH_DEPARTMENT: itemNotice,
    SECTION_WITH_DEPARTMENT: sectionNotice,
    SECTION_WITH_ENTERPRISE: sectionNotice,
    // v4
    CONSTRUCTION_PERMIT_LAPSED: constructionPermitLapsedSchema,
    // v5
    ITEM_COMMITMENT_IN_RECTIFICATION: itemNotice,
    // v9
    FOUNDATION_WITH_DEPARTMENT: s.loose(),
    FOUNDATION_WITH_ENTERPRISE: s.loose(),
    // v11
    CONSTRUCTION_WORK_STARTED: s.notice({ itemCode, certificate: s.string('证照'), at: s.dateTime('开工报告时间') }, [
      'certificate',
    ]),
  };
}

export type ProjectCasePayloads = ReturnType<typeof projectCasePayloads>;

/** What the machine receives: one member per event type, its payload as its schema declares it. */
export type ProjectCaseEvent = EventsOf<ProjectCasePayloads>;

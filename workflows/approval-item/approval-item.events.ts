/**
 * The 事项实例's events: the payload schema of each (what the engine validates and allowedEvents offers) and the
 * union of the events the machine receives, typed from those schemas.
 */
import type { Catalog } from '../catalog/types';
import type { EventsOf } from '../core/events';
import { s } from '../core/json-schema';
import { COMMITMENT_RECTIFICATION_ORDERED } from '../protocol';
import {
  DEPENDENCY_APPROVED,
  DEPENDENCY_REVOKED,
  WINDOW_DEEMED_ACCEPTED,
  WINDOW_REQUEST_CORRECTION,
} from './approval-item.types';

const SPECIAL_PROCEDURES = ['publicNotice', 'hearing', 'expertReview', 'onSiteSurvey'] as const;

/** Every event's payload schema, in the order the definition lists them (v2's own events last). */
export function approvalItemPayloads(catalog: Catalog) {
  const allMaterials = [...new Map(catalog.items.flatMap((i) => i.materials.map((m) => [m.code, m]))).values()];
  const reason = s.text('理由');
  const because = s.object({ reason }, ['reason']);
  const note = s.object({ note: s.text('备注') });
  const materials = (description: string) => s.array(s.choice(allMaterials, '材料'), description, { minItems: 1 });
  const opinion = s.object({ opinion: s.text('审批意见') });
  return {
    WINDOW_ACCEPT: note,
    NOT_ACCEPT: because,
    DEPARTMENT_ACCEPT: note,
    REJECT_OUT_OF_SCOPE: because,
    REQUEST_CORRECTION: s.object({ missingMaterials: materials('需补正的材料（一次性告知）'), note: s.text('说明') }, [
      'missingMaterials',
    ]),
    COMPLETE_CORRECTION: s.object({ suppliedMaterials: materials('已补正的材料') }, ['suppliedMaterials']),
    START_SPECIAL_PROCEDURE: s.object(
      {
        procedure: s.enumOf(SPECIAL_PROCEDURES, '特别程序', {
          publicNotice: '公示',
          hearing: '听证',
          expertReview: '专家评审',
          onSiteSurvey: '现场勘验',
        }),
        reason,
      },
      ['procedure', 'reason'],
    ),
    END_SPECIAL_PROCEDURE: note,
    APPROVE: opinion,
    APPROVE_WITH_TOLERANCE: opinion,
    REFUSE: because,
    REQUEST_TOLERANCE: s.object(
      {
        commitmentLetterSigned: s.boolean('已签署容缺受理承诺书（承诺材料真实、按期补齐、承担失信后果）', {
          enum: [true],
        }),
      },
      ['commitmentLetterSigned'],
    ),
    REQUEST_NOTIFY_COMMITMENT: s.object(
      {
        commitmentSigned: s.boolean('已书面承诺符合审批条件', { enum: [true] }),
        conditions: s.array(s.text('承诺事项'), '承诺符合的条件', { maxItems: 50 }),
      },
      ['commitmentSigned'],
    ),
    WITHDRAW: because,
    RECALL: because,
    REVOKE: because,
    APPLICATION_DECIDED: s.object({ itemCode: s.choice(catalog.items, '已办结事项') }),
    PROMISED_TIME_WARNING: s.empty(),
    PROMISED_TIME_OVERDUE: s.empty(),
    TOLERANCE_ACCEPTED: s.loose(),
    TOLERANCE_REJECTED: s.loose(),
    TOLERANCE_FULFILLED: s.loose(),
    TOLERANCE_BREACHED: s.loose(),
    COMMITMENT_DECIDED: s.loose(),
    COMMITMENT_REFUSED: s.loose(),
    COMMITMENT_VERIFIED: s.loose(),
    COMMITMENT_REVOKED: s.loose(),
    // v2
    [DEPENDENCY_APPROVED]: s.object({ itemCode: s.choice(catalog.items, '前置事项') }, ['itemCode']),
    [DEPENDENCY_REVOKED]: s.object({ itemCode: s.choice(catalog.items, '前置事项') }, ['itemCode']),
    [WINDOW_REQUEST_CORRECTION]: s.object(
      { missingMaterials: materials('需补正的全部材料（一次性告知）'), note: s.text('说明') },
      ['missingMaterials'],
    ),
    [WINDOW_DEEMED_ACCEPTED]: s.empty(),
    // v3
    [COMMITMENT_RECTIFICATION_ORDERED]: s.loose(),
  };
}

export type ApprovalItemPayloads = ReturnType<typeof approvalItemPayloads>;

/** What the machine receives: one member per event type, its payload as its schema declares it. */
export type ApprovalItemEvent = EventsOf<ApprovalItemPayloads>;

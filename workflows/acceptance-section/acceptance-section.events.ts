/**
 * The 验收分段's events: the payload schema of each (what the engine validates and allowedEvents offers) and the
 * union of the events the machine receives, typed from those schemas.
 */
import type { Catalog } from '../catalog/types';
import type { EventsOf } from '../core/events';
import { s, type Schema } from '../core/json-schema';
import { ACCEPTANCE_CONDITIONS } from '../protocol';
import {
  JOINT_ACCEPTANCE_OVERDUE,
  JOINT_ACCEPTANCE_WARNING,
  RECTIFICATION_DEADLINE_PASSED,
} from './acceptance-section.types';

/** Every event's payload schema, in the order the definition lists them (v2's own events last). */
export function acceptanceSectionPayloads(catalog: Catalog) {
  return {
    APPLY: s.object({ note: s.text('说明') }),
    START_JOINT_INSPECTION: s.object({ note: s.text('说明') }),
    RECORD_RESULT: s.object(
      {
        acceptanceItem: s.choice(catalog.acceptanceItems, '验收事项'),
        result: s.enumOf(['pass', 'rectify'], '结论', { pass: '合格', rectify: '限期整改' }),
        opinion: s.text('意见'),
      },
      ['acceptanceItem', 'result'],
    ),
    RECORD_SITE_WIDE_CHECKS: s.object(
      { totalFloorArea: s.number('实测总建筑面积（㎡）', 0), greenRatio: s.number('实测绿地率', 0, 1) },
      ['totalFloorArea', 'greenRatio'],
    ),
    REPORT_RECTIFIED: s.object({ note: s.text('整改说明') }),
    // The project's announcement carries nothing the section reads.
    SITE_WIDE_CHECKS_DUE: s.loose(),
    [JOINT_ACCEPTANCE_WARNING]: s.empty(),
    [JOINT_ACCEPTANCE_OVERDUE]: s.empty(),
    // v2
    RECORD_COMMITMENT_CHECK: s.object(
      {
        itemCode: s.enumOf(
          catalog.items.map((i) => i.code),
          '承诺审批事项',
          Object.fromEntries(catalog.items.map((i) => [i.code, i.name])),
        ),
        met: s.boolean('是否符合承诺'),
        opinion: s.text('核查意见'),
      },
      ['itemCode', 'met'],
    ),
    [RECTIFICATION_DEADLINE_PASSED]: s.empty(),
    // v5: the project's conditions (workflows/protocol.ts AcceptanceConditionsPayload), sent to every open section.
    [ACCEPTANCE_CONDITIONS]: s.notice(
      {
        applyBlockedBy: nullableText('不能申请或通过验收的原因'),
        openCommitments: s.array(
          s.object(
            {
              itemCode: s.string('事项代码'),
              itemName: s.string('事项名称'),
              kind: s.enumOf(['tolerance', 'notifyCommitment'], '承诺类型', {
                tolerance: '容缺受理',
                notifyCommitment: '告知承诺',
              }),
            },
            ['itemCode', 'itemName', 'kind'],
          ),
          '未办结的承诺',
        ),
      },
      ['applyBlockedBy', 'openCommitments'],
    ),
  };
}

/** A reason for people, or null when there is none. */
function nullableText(description: string): Schema<string | null> {
  return { type: ['string', 'null'], minLength: 1, maxLength: 2000, description };
}

export type AcceptanceSectionPayloads = ReturnType<typeof acceptanceSectionPayloads>;

/** What the machine receives: one member per event type, its payload as its schema declares it. */
export type AcceptanceSectionEvent = EventsOf<AcceptanceSectionPayloads>;

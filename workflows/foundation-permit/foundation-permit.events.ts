/**
 * The 桩基先行's events: the payload schema of each (what the engine validates and allowedEvents offers) and the
 * union of the events the machine receives, typed from those schemas.
 */
import type { Catalog } from '../catalog/types';
import type { EventsOf } from '../core/events';
import { s } from '../core/json-schema';

/**
 * v4: what the project case (v5) adds to the notice and the input: the project's 告知承诺 in rectification, and
 * those revoked (optional, so a notice without them is still accepted).
 */
export function rectificationNotice(catalog: Catalog) {
  return {
    commitmentsInRectification: s.array(s.choice(catalog.items, '事项'), '告知承诺整改中的事项'),
    commitmentsRevoked: s.array(s.choice(catalog.items, '事项'), '告知承诺已撤销的事项'),
  };
}

/** What the project case tells the foundation permit of its approvals (PREREQUISITES_UPDATED, versions 1–3). */
export function prerequisites(catalog: Catalog) {
  return {
    approvedItems: s.array(s.choice(catalog.items, '事项'), '已办结通过的事项'),
    openCommitments: s.array(s.choice(catalog.items, '事项'), '承诺未履行的事项'),
    // Optional, and ignored by v1: an older project case does not send it.
    verificationPending: s.array(s.choice(catalog.items, '事项'), '告知承诺待核查的事项'),
  };
}

/** Every event's payload schema, in the order the definition lists them. */
export function foundationPermitPayloads(catalog: Catalog) {
  const reason = s.text('理由');
  const flag = (label: string) => s.boolean(label);
  return {
    APPLY_FOUNDATION_PERMIT: s.object(
      {
        landContractSignedAndPaid: flag('已签土地出让合同并缴清价款'),
        foundationDrawingsReviewed: flag('桩基施工图已审查'),
        drawingStabilityCommitment: flag('已签图纸稳定承诺书'),
        contractorEngaged: flag('施工单位已确定'),
        supervisorEngaged: flag('监理单位已确定'),
        fundsCommitmentSigned: flag('已签资金落实承诺书'),
        qualitySafetyMeasures: flag('质量安全措施已落实'),
        unitWorks: s.array(
          s.object(
            {
              name: s.string('单位工程'),
              area: s.number('建筑面积（㎡，含上部结构）', 0),
              includesSuperstructure: s.boolean('面积含上部结构'),
            },
            ['name', 'area', 'includesSuperstructure'],
          ),
          '单位工程（按全部面积申报）',
          { minItems: 1, maxItems: 200 },
        ),
      },
      [
        'landContractSignedAndPaid',
        'foundationDrawingsReviewed',
        'drawingStabilityCommitment',
        'contractorEngaged',
        'supervisorEngaged',
        'fundsCommitmentSigned',
        'qualitySafetyMeasures',
        'unitWorks',
      ],
    ),
    ISSUE_FOUNDATION_PERMIT: s.object({ opinion: s.text('意见') }),
    REFUSE_FOUNDATION_PERMIT: s.object({ reason }, ['reason']),
    WORK_STARTED: s.object({ note: s.text('说明') }),
    EXTEND_WORK_START: s.object({ reason }, ['reason']),
    // v7: the enterprise asks (work-start's REQUEST_WORK_START_EXTENSION); v1–v6: EXTEND_WORK_START, the department.
    REQUEST_WORK_START_EXTENSION: s.object({ reason: s.text('延期理由') }, ['reason']),
    APPLY_ABOVE_GROUND_PERMIT: s.object({ note: s.text('说明') }),
    ISSUE_ABOVE_GROUND_PERMIT: s.object({ opinion: s.text('意见') }),
    REFUSE_ABOVE_GROUND_PERMIT: s.object({ reason }, ['reason']),
    // v2
    REVOKE_FOUNDATION_PERMIT: s.object({ reason }, ['reason']),
    WORK_START_DEADLINE_PASSED: s.empty(),
    // The widest notice (v4's), which types the event; the definition offers versions 1–3 the narrower one.
    PREREQUISITES_UPDATED: s.object({ ...prerequisites(catalog), ...rectificationNotice(catalog) }, [
      'approvedItems',
      'openCommitments',
    ]),
  };
}

export type FoundationPermitPayloads = ReturnType<typeof foundationPermitPayloads>;

/** What the machine receives: one member per event type, its payload as its schema declares it. */
export type FoundationPermitEvent = EventsOf<FoundationPermitPayloads>;

/**
 * Event cases for model-based testing with xstate/graph: for a snapshot, the engine events worth trying, each
 * with an actor allowed to send it, so every generated path can also be replayed through `step()`.
 * Filters keep the state space finite (one correction cycle, one commitment request, …).
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { Actor, EngineEvent, Payload } from '../contract';
import { INSTANCE_CREATED } from '../contract';
import { actors, CLEAN_FACTS, ENTERPRISE_ID } from './fixtures';
import type { ApprovalItemContext } from '../approval-item/approval-item.machine';
import type { ProjectCaseContext } from '../project-case/project-case.machine';
import type { ToleranceCommitmentContext } from '../tolerance-commitment/tolerance-commitment.machine';
import type { AcceptanceSectionContext } from '../acceptance-section/acceptance-section.machine';
import { FOUNDATION_APPLICATION } from './scenario-data';
import { NO_PRACTICES } from './project-fixture';
import { PROBLEM_MODEL_CASES } from '../problem/problem.model';

export const MODEL_TIME = '2026-03-02T01:00:00.000Z';
const sys = actors.system;
const ent = actors.enterprise();

function e(type: string, actor: Actor, payload: Payload = {}): EngineEvent {
  return { type, payload, actor, occurredAt: MODEL_TIME, facts: CLEAN_FACTS };
}

export interface ModelCase {
  name: string;
  definitionId: string;
  version: number;
  input: Payload;
  events: (snapshot: AnyMachineSnapshot) => EngineEvent[];
}

export function createdEvent(input: Payload): EngineEvent {
  return { type: INSTANCE_CREATED, payload: input, actor: sys, occurredAt: MODEL_TIME, facts: CLEAN_FACTS };
}

const itemEvents = (snapshot: AnyMachineSnapshot): EngineEvent[] => {
  const ctx = snapshot.context as ApprovalItemContext;
  const dept = actors.clerk(ctx.item.department);
  const win = actors.clerk('window');
  const list: EngineEvent[] = [
    e('WINDOW_ACCEPT', win),
    e('NOT_ACCEPT', win, { reason: '不属于受理范围' }),
    e('DEPARTMENT_ACCEPT', dept),
    e('REJECT_OUT_OF_SCOPE', dept, { reason: '不予受理' }),
    e('COMPLETE_CORRECTION', ent, { suppliedMaterials: ['landTitleCopy'] }),
    e('END_SPECIAL_PROCEDURE', dept),
    e('APPROVE', dept),
    e('APPROVE_WITH_TOLERANCE', dept),
    e('REFUSE', dept, { reason: '不符合' }),
    e('WITHDRAW', ent, { reason: '撤件' }),
    e('RECALL', win, { reason: '撤回' }),
    e('REVOKE', dept, { reason: '撤销' }),
    e('APPLICATION_DECIDED', sys, { itemCode: 'designPlanReview' }),
    e('PROMISED_TIME_WARNING', sys),
    e('PROMISED_TIME_OVERDUE', sys),
    e('TOLERANCE_ACCEPTED', sys),
    e('TOLERANCE_REJECTED', sys),
    e('TOLERANCE_FULFILLED', sys),
    e('TOLERANCE_BREACHED', sys, { reason: '逾期' }),
    e('COMMITMENT_DECIDED', sys),
    e('COMMITMENT_REFUSED', sys),
    e('COMMITMENT_VERIFIED', sys),
    e('COMMITMENT_REVOKED', sys, { reason: '未整改' }),
  ];
  if (!ctx.clock?.pauses.length)
    list.push(e('START_SPECIAL_PROCEDURE', dept, { procedure: 'expertReview', reason: '专家评审' }));
  if (ctx.corrections === 0) list.push(e('REQUEST_CORRECTION', dept, { missingMaterials: ['landTitleCopy'] }));
  // v2: the window's one notice (行政许可法 art. 32); v1 has no such event, so it is no transition there.
  if (ctx.corrections === 0) list.push(e('WINDOW_REQUEST_CORRECTION', win, { missingMaterials: ['landTitleCopy'] }));
  if (ctx.toleranceRequests === 0) list.push(e('REQUEST_TOLERANCE', ent, { commitmentLetterSigned: true }));
  if (ctx.notifyCommitmentRequests === 0) list.push(e('REQUEST_NOTIFY_COMMITMENT', ent, { commitmentSigned: true }));
  // System notifications only where the protocol sends them.
  return list.filter((ev) => {
    const t = ctx.tolerance?.status;
    const n = ctx.notifyCommitment?.status;
    switch (ev.type) {
      case 'TOLERANCE_ACCEPTED':
      case 'TOLERANCE_REJECTED':
        return t === 'requested';
      case 'TOLERANCE_FULFILLED':
      case 'TOLERANCE_BREACHED':
        return t === 'accepted';
      case 'COMMITMENT_DECIDED':
      case 'COMMITMENT_REFUSED':
        return n === 'requested';
      case 'COMMITMENT_VERIFIED':
      case 'COMMITMENT_REVOKED':
        return n === 'decided';
      case 'PROMISED_TIME_WARNING':
      case 'PROMISED_TIME_OVERDUE':
        return ctx.timerState === 'normal' || ctx.timerState === 'warning';
      case 'APPLICATION_DECIDED':
        return !ctx.applicationDecided && ctx.decision === null && ctx.exit === null;
      default:
        return true;
    }
  });
};

/** approval-item v3: its 告知承诺 (notify-commitment v4) may also report a rectification order once decided. */
const itemEventsV3 = (snapshot: AnyMachineSnapshot): EngineEvent[] => {
  const ctx = snapshot.context as ApprovalItemContext;
  const rectification = ctx.notifyCommitment?.status === 'decided' ? [e('COMMITMENT_RECTIFICATION_ORDERED', sys)] : [];
  // In rectification, the 告知承诺 ends verified or revoked, as a decided one does.
  const inRectification =
    ctx.notifyCommitment?.status === 'inRectification'
      ? [e('COMMITMENT_VERIFIED', sys), e('COMMITMENT_REVOKED', sys, { reason: '未整改' })]
      : [];
  return [...itemEvents(snapshot), ...rectification, ...inRectification];
};

const toleranceEvents = (snapshot: AnyMachineSnapshot): EngineEvent[] => {
  const ctx = snapshot.context as ToleranceCommitmentContext;
  const dept = actors.clerk(ctx.item.department);
  const list: EngineEvent[] = [
    e('ACCEPT_TOLERANCE', dept),
    e('REJECT_TOLERANCE', dept, { reason: '不同意' }),
    e('SUPPLEMENT_REMINDER', sys),
    e('EXTEND_FOR_FORCE_MAJEURE', dept, { reason: '暴雨', extraDays: 3 }),
    e('SUPPLEMENT_DEADLINE_PASSED', sys),
    e('PARENT_CLOSED', sys),
  ];
  if (ctx.review) list.push(e('REVIEW_TIME_WARNING', sys), e('REVIEW_TIME_OVERDUE', sys));
  for (const code of Object.keys(ctx.missing)) {
    list.push(e('SUPPLY_MATERIAL', ent, { material: code }));
    list.push(e('REVIEW_MATERIAL', dept, { material: code, compliant: true }));
    list.push(e('REVIEW_MATERIAL', dept, { material: code, compliant: false, note: '不符合' }));
  }
  return list.filter((ev) => ev.type !== 'SUPPLEMENT_REMINDER' || ctx.remindedAt === null);
};

const notifyEvents = (): EngineEvent[] => {
  const dept = actors.clerk('planning');
  return [
    e('DECIDE_ON_COMMITMENT', dept),
    e('REFUSE_COMMITMENT', dept, { reason: '不适用' }),
    e('VERIFY', dept, { method: 'siteInspection', compliant: true }),
    e('VERIFY', dept, { method: 'completionAcceptance', compliant: false, findings: '不符' }),
    e('FIND_FALSE_COMMITMENT', dept, { reason: '不实' }),
    e('REPORT_RECTIFIED', ent),
    e('CONFIRM_RECTIFIED', dept),
    e('REJECT_RECTIFICATION', dept, { reason: '未整改' }),
    e('RECTIFICATION_DEADLINE_PASSED', sys),
    e('VERIFICATION_TIME_WARNING', sys),
    e('VERIFICATION_TIME_OVERDUE', sys),
    e('PARENT_CLOSED', sys),
  ];
};

const foundationEvents = (snapshot: AnyMachineSnapshot): EngineEvent[] => {
  const ctx = snapshot.context as { approvedItems: string[]; workStart: { extensions: number } };
  const housing = actors.clerk('housing');
  const all = [
    'landTitleRegistration',
    'designPlanReview',
    'engineeringPlanningPermit',
    'constructionDrawingReview',
    'fireDesignReview',
    'civilDefenseDesignReview',
  ];
  const list: EngineEvent[] = [
    e('APPLY_FOUNDATION_PERMIT', ent, FOUNDATION_APPLICATION),
    e('ISSUE_FOUNDATION_PERMIT', housing),
    e('REFUSE_FOUNDATION_PERMIT', housing, { reason: '条件不具备' }),
    e('WORK_STARTED', ent),
    e('EXTEND_WORK_START', housing, { reason: '延期' }),
    e('WORK_START_DEADLINE_PASSED', sys),
    e('APPLY_ABOVE_GROUND_PERMIT', ent),
    e('ISSUE_ABOVE_GROUND_PERMIT', housing),
    e('REFUSE_ABOVE_GROUND_PERMIT', housing, { reason: '不予核发' }),
    e('REVOKE_FOUNDATION_PERMIT', housing, { reason: '撤销' }),
  ];
  // v2's cascade: the design plan approval is revoked once everything was approved.
  if (ctx.approvedItems.length === all.length)
    list.push(
      e('PREREQUISITES_UPDATED', sys, {
        approvedItems: all.filter((c) => c !== 'designPlanReview'),
        openCommitments: [],
      }),
    );
  // Prerequisites arrive in two steps: design plan first, then the full review.
  if (ctx.approvedItems.length === 0)
    list.push(e('PREREQUISITES_UPDATED', sys, { approvedItems: all.slice(0, 2), openCommitments: [] }));
  if (ctx.approvedItems.length === 2)
    list.push(e('PREREQUISITES_UPDATED', sys, { approvedItems: all, openCommitments: [] }));
  return list;
};

const sectionEvents = (snapshot: AnyMachineSnapshot): EngineEvent[] => {
  const ctx = snapshot.context as AcceptanceSectionContext;
  const list: EngineEvent[] = [
    e('APPLY', ent),
    e('START_JOINT_INSPECTION', actors.clerk('housing')),
    e('REPORT_RECTIFIED', ent),
    e('RECORD_SITE_WIDE_CHECKS', actors.clerk('planning'), { totalFloorArea: 1000, greenRatio: 0.2 }),
    e('JOINT_ACCEPTANCE_WARNING', sys),
    e('JOINT_ACCEPTANCE_OVERDUE', sys),
  ];
  // v2 (it has `notPassed`): the rectification deadline, and a failed re-inspection in round 2.
  const v2 = ctx.notPassed !== undefined;
  if (v2) list.push(e('RECTIFICATION_DEADLINE_PASSED', sys));
  // v2 先建后验: the commitment check, unmet only in the first round.
  if (v2 && ctx.commitmentChecks?.engineeringPlanningPermit?.result === 'pending') {
    const check = (met: boolean) =>
      e('RECORD_COMMITMENT_CHECK', actors.clerk('planning'), { itemCode: 'engineeringPlanningPermit', met });
    list.push(check(true));
    if (ctx.round === 1) list.push(check(false));
  }
  if (!ctx.siteWideChecksDue) list.push(e('SITE_WIDE_CHECKS_DUE', sys));
  // v5: the project's conditions: a blocker or an open commitment, one at a time, and their clearing; set only in
  // the first round (the state space stays within the traversal limit; the spec covers the later rounds).
  const v5 = ctx.applyBlockedBy !== undefined;
  if (v5 && ctx.round === 1 && !ctx.applyBlockedBy && !ctx.openCommitments?.length) {
    list.push(e('ACCEPTANCE_CONDITIONS', sys, { applyBlockedBy: '施工许可证尚未核发', openCommitments: [] }));
    list.push(
      e('ACCEPTANCE_CONDITIONS', sys, {
        applyBlockedBy: null,
        openCommitments: [
          { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证核发', kind: 'notifyCommitment' },
        ],
      }),
    );
  } else if (v5) {
    list.push(e('ACCEPTANCE_CONDITIONS', sys, { applyBlockedBy: null, openCommitments: [] }));
  }
  // Results in a fixed order; rectification only in the first round (v2: the first two; v5: also the first of
  // the application after 不予通过).
  const next = ctx.acceptanceItems.find((a) => ctx.results[a.code].result === 'pending');
  if (next) {
    list.push(e('RECORD_RESULT', actors.clerk(next.department), { acceptanceItem: next.code, result: 'pass' }));
    if (ctx.round === 1 || (v2 && ctx.round === 2) || (v5 && ctx.round === 3))
      list.push(e('RECORD_RESULT', actors.clerk(next.department), { acceptanceItem: next.code, result: 'rectify' }));
  }
  return list;
};

const projectEvents = (snapshot: AnyMachineSnapshot): EngineEvent[] => {
  const ctx = snapshot.context as ProjectCaseContext;
  const list: EngineEvent[] = [];
  const open = ctx.itemOrder.filter((c) => ctx.items[c].status === 'open');
  const first = open[0];
  const anyRefusedEver = ctx.itemOrder.some((c) => ctx.items[c].attempts > 1 || ctx.items[c].status === 'refused');
  const anyRevoked = ctx.itemOrder.some((c) => ctx.items[c].status === 'revoked');
  if (first) {
    const decided = (outcome: string, basis: string) =>
      e('ITEM_DECIDED', sys, { itemCode: first, outcome, basis, certificateReleasable: true, decidedAt: MODEL_TIME });
    list.push(decided('approved', 'review'));
    if (first === 'landUsePlanningPermit') list.push(decided('approvedWithTolerance', 'tolerance'));
    if (!anyRefusedEver && first === 'projectFiling') {
      list.push(decided('refused', 'review'));
      list.push(e('ITEM_CLOSED', sys, { itemCode: first, exit: 'withdrawn' }));
    }
  }
  for (const c of ctx.itemOrder) {
    const r = ctx.items[c];
    if (r.commitmentOpen) list.push(e('ITEM_COMMITMENT_FULFILLED', sys, { itemCode: c }));
    if (['refused', 'closed'].includes(r.status)) list.push(e('REAPPLY_ITEM', ent, { itemCode: c }));
  }
  // One revocation: of the tolerance-approved item, before or after the bundle.
  if (!anyRevoked && ['approved', 'approvedWithTolerance'].includes(ctx.items.landUsePlanningPermit?.status ?? '')) {
    list.push(e('ITEM_REVOKED', sys, { itemCode: 'landUsePlanningPermit', cause: 'toleranceBreach' }));
  }
  const f = ctx.foundation.status;
  if (f === 'inProgress') list.push(e('FOUNDATION_PERMIT_ISSUED', sys), e('FOUNDATION_PERMIT_REFUSED', sys));
  if (f === 'permitted') {
    list.push(e('FOUNDATION_PERMIT_LAPSED', sys), e('ABOVE_GROUND_PERMIT_REFUSED', sys));
    const review = [
      'constructionDrawingReview',
      'fireDesignReview',
      'civilDefenseDesignReview',
      'engineeringPlanningPermit',
    ];
    // v3: an item the project's flags leave out (e.g. 人防 for an industrial project) is not waited for.
    if (review.every((c) => !ctx.items[c] || ['approved', 'approvedWithTolerance'].includes(ctx.items[c].status)))
      list.push(e('ABOVE_GROUND_PERMIT_ISSUED', sys));
  }
  const section = ctx.sectionOrder.find((k) => ctx.sections[k].status === 'open');
  if (section) list.push(e('SECTION_ACCEPTED', sys, { sectionKey: section }));
  if (ctx.timerState === 'normal') list.push(e('WHOLE_PROCESS_WARNING', sys));
  if (ctx.timerState === 'normal' || ctx.timerState === 'warning') list.push(e('WHOLE_PROCESS_OVERDUE', sys));
  return list;
};

const projectInput = (practices: Record<string, boolean>, sections?: { key: string; name: string }[]): Payload => ({
  projectId: 'p',
  name: '模型项目',
  enterpriseId: ENTERPRISE_ID,
  category: 'governmentInvested',
  practices: { ...NO_PRACTICES, ...practices },
  ...(sections ? { sections } : {}),
});

export const MODEL_CASES: ModelCase[] = [
  {
    name: 'approval-item (engineeringPlanningPermit, one tolerable material missing)',
    definitionId: 'approval-item',
    version: 1,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      submittedMaterials: ['applicationForm', 'designPlanApprovalCopy', 'buildingDrawings'],
    },
    events: itemEvents,
  },
  {
    name: 'approval-item v2 (catalog v2; the same item, one tolerable material missing)',
    definitionId: 'approval-item',
    version: 2,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      submittedMaterials: ['applicationForm', 'designPlanApprovalCopy', 'buildingDrawings'],
    },
    events: itemEvents,
  },
  {
    name: 'approval-item v3 (v2, passing a 告知承诺 rectification order on to the project)',
    definitionId: 'approval-item',
    version: 3,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      submittedMaterials: ['applicationForm', 'designPlanApprovalCopy', 'buildingDrawings'],
    },
    events: itemEventsV3,
  },
  {
    name: "approval-item v4 (v3, taking its 容缺's fulfilment before the decision)",
    definitionId: 'approval-item',
    version: 4,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      submittedMaterials: ['applicationForm', 'designPlanApprovalCopy', 'buildingDrawings'],
    },
    events: itemEventsV3,
  },
  {
    name: 'tolerance-commitment (two missing materials)',
    definitionId: 'tolerance-commitment',
    version: 1,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'landTitleRegistration',
      submittedMaterials: ['applicationForm', 'landGrantContract', 'landPriceReceipt'],
      commitmentLetterSigned: true,
    },
    events: toleranceEvents,
  },
  {
    name: 'tolerance-commitment v2 (two missing materials; review on the department clock)',
    definitionId: 'tolerance-commitment',
    version: 2,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'landTitleRegistration',
      submittedMaterials: ['applicationForm', 'landGrantContract', 'landPriceReceipt'],
      commitmentLetterSigned: true,
    },
    events: toleranceEvents,
  },
  {
    name: 'tolerance-commitment v3 (catalog v2: one missing material; the v2 rules)',
    definitionId: 'tolerance-commitment',
    version: 3,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      submittedMaterials: ['applicationForm', 'designPlanApprovalCopy', 'buildingDrawings'],
      commitmentLetterSigned: true,
    },
    events: toleranceEvents,
  },
  {
    name: 'notify-commitment',
    definitionId: 'notify-commitment',
    version: 1,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      commitmentSigned: true,
    },
    events: notifyEvents,
  },
  {
    name: 'notify-commitment v2 (a report in time stops the enterprise clock)',
    definitionId: 'notify-commitment',
    version: 2,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      commitmentSigned: true,
    },
    events: notifyEvents,
  },
  {
    name: 'notify-commitment v4 (v3, telling its item of a rectification order)',
    definitionId: 'notify-commitment',
    version: 4,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'engineeringPlanningPermit',
      commitmentSigned: true,
    },
    events: notifyEvents,
  },
  {
    name: 'foundation-permit',
    definitionId: 'foundation-permit',
    version: 1,
    input: { projectId: 'p', enterpriseId: ENTERPRISE_ID, approvedItems: [], openCommitments: [] },
    events: foundationEvents,
  },
  {
    name: 'foundation-permit v2 (refusal not final, revocation and its cascade)',
    definitionId: 'foundation-permit',
    version: 2,
    input: { projectId: 'p', enterpriseId: ENTERPRISE_ID, approvedItems: [], openCommitments: [] },
    events: foundationEvents,
  },
  // v5: v4 + each work-start extension from the end of the period before, labelled.
  ...[4, 5].map((version) => ({
    name: 'foundation-permit v4 (a 告知承诺 of the project in rectification blocks the above-ground permit)',
    definitionId: 'foundation-permit',
    version,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      approvedItems: [],
      openCommitments: [],
      commitmentsInRectification: ['engineeringPlanningPermit'],
      commitmentsRevoked: [],
    },
    events: foundationEvents,
  })),
  {
    name: 'acceptance-section',
    definitionId: 'acceptance-section',
    version: 1,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      sectionKey: 'a',
      name: 'A车间',
      permittedFloorArea: 5000,
      requiredGreenRatio: 0.1,
    },
    events: sectionEvents,
  },
  {
    name: 'acceptance-section v2 (rectification deadline, paused clock, 不予通过, 先建后验 check)',
    definitionId: 'acceptance-section',
    version: 2,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      sectionKey: 'a',
      name: 'A车间',
      permittedFloorArea: 5000,
      requiredGreenRatio: 0.1,
      commitmentChecks: [
        { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证', department: 'planning' },
      ],
    },
    events: sectionEvents,
  },
  {
    name: 'acceptance-section v3 (the v2 rules on catalog v2, with a 先建后验 check)',
    definitionId: 'acceptance-section',
    version: 3,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      sectionKey: 'a',
      name: 'A车间',
      permittedFloorArea: 5000,
      requiredGreenRatio: 0.1,
      commitmentChecks: [
        { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证', department: 'planning' },
      ],
    },
    events: sectionEvents,
  },
  {
    name: 'acceptance-section v4 (v3, telling the project who holds the section)',
    definitionId: 'acceptance-section',
    version: 4,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      sectionKey: 'a',
      name: 'A车间',
      permittedFloorArea: 5000,
      requiredGreenRatio: 0.1,
      commitmentChecks: [
        { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证', department: 'planning' },
      ],
    },
    events: sectionEvents,
  },
  {
    // The input's commitment checks are not kept on v5 (the 对标验收 is the commitment's own case's). Two
    // acceptance items: the project's conditions multiply the states, six items' results would exceed the limit.
    name: "acceptance-section v5 (v4, waiting for the project's acceptance conditions)",
    definitionId: 'acceptance-section',
    version: 5,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      sectionKey: 'a',
      name: 'A车间',
      permittedFloorArea: 5000,
      requiredGreenRatio: 0.1,
      acceptanceItems: ['planningVerification', 'qualityAcceptance'],
      commitmentChecks: [
        { itemCode: 'engineeringPlanningPermit', itemName: '建设工程规划许可证', department: 'planning' },
      ],
    },
    events: sectionEvents,
  },
  ...[1, 2].flatMap((version) => [
    {
      name: `project-case v${version} (plain process)`,
      definitionId: 'project-case',
      version,
      input: projectInput({}),
      events: projectEvents,
    },
    {
      name: `project-case v${version} (joint issuance, foundation first, two sections)`,
      definitionId: 'project-case',
      version,
      input: projectInput({ jointIssuance: true, foundationFirst: true, stagedAcceptance: true, tolerance: true }, [
        { key: 'a', name: 'A车间' },
        { key: 'b', name: 'B车间' },
      ]),
      events: projectEvents,
    },
  ]),
  // v2: each extension from the end of the period before, labelled so.
  ...[1, 2].map((version) => ({
    name: 'work-start (建筑法 art. 9: report, two extensions, lapse)',
    definitionId: 'work-start',
    version,
    input: {
      projectId: 'p',
      enterpriseId: ENTERPRISE_ID,
      itemCode: 'constructionPermit',
      certificate: 'constructionPermit',
    },
    events: () => [
      e('REQUEST_WORK_START_EXTENSION', ent, { reason: '设备未到' }),
      e('REPORT_WORK_STARTED', ent),
      e('WORK_START_DEADLINE_PASSED', sys),
    ],
  })),
  ...PROBLEM_MODEL_CASES,
];

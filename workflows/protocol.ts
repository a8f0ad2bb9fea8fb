/**
 * Events instances send each other (actor: system), through the engine's notifyParent / notifyChild
 * effects. One place so the parent and child definitions agree on names and payloads.
 */
export const DEFINITION_IDS = {
  approvalItem: 'approval-item',
  toleranceCommitment: 'tolerance-commitment',
  notifyCommitment: 'notify-commitment',
  foundationPermit: 'foundation-permit',
  projectCase: 'project-case',
  acceptanceSection: 'acceptance-section',
  problem: 'problem',
  workStart: 'work-start',
} as const;

/**
 * The version a parent starts each commitment, foundation-permit or section child on. The second-round rules
 * (DOMAIN.md) reach every child started from now on: released parents start the versions built on the released
 * catalog (`released`), the parents built on catalog v2 (approval-item v2, project-case v3) the same rules built on
 * catalog v2 (`corrected`), so a child always reads the catalog its parent's items come from. A parent speaks with
 * its children only through the events below, which every version keeps, so its own transitions do not depend on
 * the child's version; the child's version is recorded on the child when it is created.
 */
export const CHILD_VERSIONS = {
  released: { toleranceCommitment: 2, notifyCommitment: 2, foundationPermit: 2, acceptanceSection: 2 },
  // acceptanceSection 4: reports who holds the section (project-case v3 runs its clock on it).
  corrected: { toleranceCommitment: 3, notifyCommitment: 3, foundationPermit: 3, acceptanceSection: 4 },
  // Issue #18: a 告知承诺 in rectification reaches the foundation permit. approval-item v3 starts notify-commitment
  // v4 (it tells the item of a rectification order); project-case v5 starts approval-item v3 and foundation-permit v4.
  rectification: {
    approvalItem: 3,
    toleranceCommitment: 3,
    notifyCommitment: 4,
    foundationPermit: 4,
    acceptanceSection: 4,
  },
} as const;

/**
 * From this project-case version on, the children that run a work-start period count each extension from the end
 * of the period before (建筑法 art. 9): work-start v2 and foundation-permit v5. v4–v6 are released and keep v1 / v4.
 */
export const EXTENSION_FROM_END_PROJECT_VERSION = 7;
export const EXTENSION_FROM_END_CHILD_VERSIONS = { workStart: 2, foundationPermit: 5 } as const;

/**
 * project-case v8 (workflows/project-case/v8): the versions it starts its items and its acceptance sections on. Older
 * project-case versions keep the choices above.
 */
export const PROJECT_CASE_V8 = 8;
// approvalItem 4: takes its 容缺's fulfilment before the decision (the last material accepted early).
export const V8_CHILD_VERSIONS = { approvalItem: 4, acceptanceSection: 4 } as const;

/**
 * project-case v9 (workflows/project-case/v9): v8's children, and the foundation permit on v6, which tells the project
 * when its applications are with the housing department (the whole-process clock counts that review). v3–v8 keep
 * the choices above: they do not take the foundation permit's holder notices.
 */
export const PROJECT_CASE_V9 = 9;
export const V9_CHILD_VERSIONS = { ...V8_CHILD_VERSIONS, foundationPermit: 6 } as const;

/**
 * project-case v10 (workflows/project-case/v10): v9's children; an item that ends undecided or revoked (ITEM_CLOSED,
 * ITEM_REVOKED) is no longer "with the enterprise" (补正), so its re-application restarts the whole-process clock.
 */
export const PROJECT_CASE_V10 = 10;

/**
 * project-case v11 (issue #18, outside check): acceptance waits for what it stands on. The project tells each open
 * section (acceptance-section v5) whether a section may apply for acceptance (a construction permit in force, work
 * reported started, no earlier approval standing revoked, refused or closed) and which commitments are still open:
 * the last section is not accepted while one is (DOMAIN.md "先建后验 at acceptance"). work-start v3 tells the project
 * when work is reported started; foundation-permit v7 takes the enterprise's extension request.
 */
export const PROJECT_CASE_V11 = 11;
export const V11_CHILD_VERSIONS = {
  ...V9_CHILD_VERSIONS,
  acceptanceSection: 5,
  workStart: 3,
  foundationPermit: 7,
} as const;

/** project-case (v11) → acceptance-section (v5): what applying for and accepting a section wait for. */
export const ACCEPTANCE_CONDITIONS = 'ACCEPTANCE_CONDITIONS';
export interface OpenCommitment {
  itemCode: string;
  /** The item's name as people read it (建设工程规划许可证核发). */
  itemName: string;
  kind: 'tolerance' | 'notifyCommitment';
}
export interface AcceptanceConditionsPayload {
  /**
   * Why no section may apply for acceptance, nor be accepted, now (zh-CN, for people: 「施工许可证尚未核发」), or
   * null when nothing stands in the way.
   */
  applyBlockedBy: string | null;
  /** Commitments (容缺 / 告知承诺) still open: the last section is not accepted while any is. */
  openCommitments: OpenCommitment[];
  [key: string]: unknown;
}

/** work-start (v3) → project-case (v11): work was reported started on the permit (the period is closed). */
export const CONSTRUCTION_WORK_STARTED = 'CONSTRUCTION_WORK_STARTED';

/** approval-item → project-case */
export const ITEM_DECIDED = 'ITEM_DECIDED';
/** approval-item → project-case: the commitment behind a decision is settled (容缺 supplied, 告知承诺 verified). */
export const ITEM_COMMITMENT_FULFILLED = 'ITEM_COMMITMENT_FULFILLED';
export const ITEM_REVOKED = 'ITEM_REVOKED';
export const ITEM_CLOSED = 'ITEM_CLOSED';
/**
 * approval-item v3 → project-case v5: the item's 告知承诺 is in rectification (it blocks the above-ground permit);
 * it ends with ITEM_COMMITMENT_FULFILLED or ITEM_REVOKED.
 */
export const ITEM_COMMITMENT_IN_RECTIFICATION = 'ITEM_COMMITMENT_IN_RECTIFICATION';
/** project-case → approval-item: an item of the same application (stage) was decided; no more 撤件. */
export const APPLICATION_DECIDED = 'APPLICATION_DECIDED';

/** tolerance-commitment → approval-item */
export const TOLERANCE_ACCEPTED = 'TOLERANCE_ACCEPTED';
export const TOLERANCE_REJECTED = 'TOLERANCE_REJECTED';
export const TOLERANCE_FULFILLED = 'TOLERANCE_FULFILLED';
export const TOLERANCE_BREACHED = 'TOLERANCE_BREACHED';

/** notify-commitment → approval-item */
export const COMMITMENT_DECIDED = 'COMMITMENT_DECIDED';
export const COMMITMENT_REFUSED = 'COMMITMENT_REFUSED';
export const COMMITMENT_VERIFIED = 'COMMITMENT_VERIFIED';
export const COMMITMENT_REVOKED = 'COMMITMENT_REVOKED';
/**
 * notify-commitment v4 → approval-item v3: a verification found the commitment unmet and ordered rectification.
 * The rectification ends with COMMITMENT_VERIFIED (confirmed) or COMMITMENT_REVOKED, which every item handles.
 */
export const COMMITMENT_RECTIFICATION_ORDERED = 'COMMITMENT_RECTIFICATION_ORDERED';

/** foundation-permit → project-case */
export const FOUNDATION_PERMIT_ISSUED = 'FOUNDATION_PERMIT_ISSUED';
export const FOUNDATION_PERMIT_REFUSED = 'FOUNDATION_PERMIT_REFUSED';
export const FOUNDATION_PERMIT_LAPSED = 'FOUNDATION_PERMIT_LAPSED';
export const ABOVE_GROUND_PERMIT_ISSUED = 'ABOVE_GROUND_PERMIT_ISSUED';
export const ABOVE_GROUND_PERMIT_REFUSED = 'ABOVE_GROUND_PERMIT_REFUSED';
/**
 * foundation-permit (v6) → project-case (v9): an application of the 桩基先行 (the foundation-stage permit, the
 * above-ground permit) passed to the housing department, or left it (decided, refused, or the permit ended); the
 * whole-process clock runs while the department holds one. Only project-case v9+ takes them.
 */
export const FOUNDATION_WITH_DEPARTMENT = 'FOUNDATION_WITH_DEPARTMENT';
export const FOUNDATION_WITH_ENTERPRISE = 'FOUNDATION_WITH_ENTERPRISE';
/** work-start → project-case (v4): the construction permit lapsed, work not started in time (建筑法 art. 9). */
export const CONSTRUCTION_PERMIT_LAPSED = 'CONSTRUCTION_PERMIT_LAPSED';
/** project-case → foundation-permit: what the project has approved so far. */
export const PREREQUISITES_UPDATED = 'PREREQUISITES_UPDATED';

/** acceptance-section → project-case */
export const SECTION_ACCEPTED = 'SECTION_ACCEPTED';
/**
 * acceptance-section (v4) → project-case: the section passed to the departments (applied, re-inspection) or back
 * to the enterprise (rectification, 不予通过); the whole-process clock runs while a department holds one.
 */
export const SECTION_WITH_DEPARTMENT = 'SECTION_WITH_DEPARTMENT';
export const SECTION_WITH_ENTERPRISE = 'SECTION_WITH_ENTERPRISE';
/** project-case → acceptance-section: this is the last open section; site-wide checks close with it. */
export const SITE_WIDE_CHECKS_DUE = 'SITE_WIDE_CHECKS_DUE';

export type ItemOutcome = 'approved' | 'approvedWithTolerance' | 'refused';
export type DecisionBasis = 'review' | 'tolerance' | 'notifyCommitment';

export interface ItemDecidedPayload {
  itemCode: string;
  outcome: ItemOutcome;
  basis: DecisionBasis;
  /** False while a 容缺 item in 'issueWhenComplete' mode waits for its materials. */
  certificateReleasable: boolean;
  decidedAt: string;
  [key: string]: unknown;
}

export interface ProjectPractices {
  foundationFirst: boolean;
  tolerance: boolean;
  notifyCommit: boolean;
  jointIssuance: boolean;
  stagedAcceptance: boolean;
}

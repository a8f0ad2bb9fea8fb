/** The 项目's data: its input, its context and the records it keeps of its items, certificates and sections. */
import type { DeadlineSpec, TimerState } from '../contract';
import type { Bundle, ProjectFlags, StageKey } from '../catalog/types';
import type { AcceptanceConditionsPayload, DecisionBasis, ProjectPractices } from '../protocol';
import type { WorkStartWatch } from './v4/work-start-watch';

export interface SectionDeclaration {
  key: string;
  name: string;
}

export interface ProjectCaseInput {
  projectId: string;
  name: string;
  enterpriseId: string;
  category: string;
  practices: ProjectPractices;
  /** Acceptance sections (单位/单项工程); without staged acceptance one section covers the whole project. */
  sections?: SectionDeclaration[];
  /** Materials submitted per item at application; missing ones drive correction or tolerance. */
  submittedMaterials?: Record<string, string[]>;
  /** Site-wide figures checked with the last section (total floor area against the permit). */
  permittedFloorArea?: number;
  requiredGreenRatio?: number;
  /** v3: what the project records at filing (工业项目, 特殊建设工程, 人防); chooses items, materials and bundle. */
  flags?: ProjectFlags;
  [key: string]: unknown;
}

/**
 * v3: why the whole-process clock is paused (everything waits on the enterprise); v8 adds 'reapplication' (the
 * project waits for the enterprise to apply again for a revoked, refused or closed item) and 'foundationFirst' (桩基先行:
 * the construction stage waits on the foundation and above-ground permits).
 */
export type ClockPauseReason =
  | 'correction'
  | 'betweenStages'
  | 'construction'
  | 'rectification'
  | 'enterprise'
  | 'reapplication'
  | 'foundationFirst';

export type ItemStatus = 'pending' | 'open' | 'approved' | 'approvedWithTolerance' | 'refused' | 'closed' | 'revoked';

export interface ItemRecord {
  stage: StageKey;
  required: boolean;
  certificate: string | null;
  dependsOn: string[];
  status: ItemStatus;
  /** Child key of the instance currently representing the item (null while not yet created). */
  childKey: string | null;
  attempts: number;
  basis: DecisionBasis | null;
  certificateReleasable: boolean;
  /** A commitment (容缺 / 告知承诺) behind the decision is still open. */
  commitmentOpen: boolean;
  /** An approval this one builds on was revoked (受影响). */
  flagged: boolean;
  decidedAt: string | null;
  /** Represented by the foundation-permit instance instead of an approval item (桩基先行). */
  viaFoundationPermit: boolean;
}

export interface CertificateRecord {
  itemCode: string;
  status: 'valid' | 'revoked' | 'lapsed';
  issuedAt: string;
  /** Bundle code when issued jointly. */
  bundle: string | null;
  revokedAt: string | null;
  reason: string | null;
}

export interface SectionRecord {
  name: string;
  status: 'pending' | 'open' | 'accepted';
  acceptedAt: string | null;
  /** The section may go into production once accepted (分段验收). */
  productionAllowed: boolean;
  /** v11: started on acceptance-section v5, which takes ACCEPTANCE_CONDITIONS (v11/acceptance-conditions.ts). */
  takesConditions?: boolean;
}

export interface ProjectCaseContext {
  projectId: string;
  name: string;
  enterpriseId: string;
  category: string;
  practices: ProjectPractices;
  bundle: Bundle | null;
  wholeProcess: DeadlineSpec;
  timerState: TimerState;
  items: Record<string, ItemRecord>;
  /** Item codes in catalog order (stable iteration). */
  itemOrder: string[];
  /** The open stage ('complete' once accepted). */
  stage: StageKey | 'complete';
  certificates: Record<string, CertificateRecord>;
  jointIssuedAt: string | null;
  applicationDecided: Record<string, boolean>;
  foundation: {
    status:
      | 'notDeclared'
      | 'waiting'
      | 'inProgress'
      | 'permitted'
      | 'refused'
      | 'lapsed'
      | 'aboveGroundPermitted'
      | 'stoppedAtFoundation';
  };
  sections: Record<string, SectionRecord>;
  sectionOrder: string[];
  submittedMaterials: Record<string, string[]>;
  permittedFloorArea: number | null;
  requiredGreenRatio: number | null;
  completedAt: string | null;
  /** v3: the project's flags (absent on v1/v2 cases). */
  flags?: ProjectFlags;
  /** v3: open items waiting on the enterprise (补正). */
  itemsWithEnterprise?: string[];
  /** v3: acceptance sections whose inspection is with the departments. */
  sectionsWithDepartment?: string[];
  /** v3: the whole-process clock's pauses with their reason (the DeadlineSpec keeps the instants). */
  clockPauses?: { from: string; to: string | null; reason: ClockPauseReason }[];
  /** v3: a certificate of the joint-issuance bundle was revoked (联发受影响). */
  bundleAffected?: boolean;
  /** v4: the work-start period of each construction permit issued (建筑法 art. 9; v4/work-start-watch.ts). */
  workStartWatches?: WorkStartWatch[];
  /** v5: items whose 告知承诺 is in rectification (v5/rectification.ts). */
  commitmentsInRectification?: string[];
  /** v5: its foundation permit is v4 and hears of 告知承诺 in rectification or revoked (false: started on v3). */
  rectificationNotice?: boolean;
  /**
   * v8: acceptance sections the enterprise holds after the departments (整改, or 不予通过 to apply again); absent on a
   * case moved from v7, whose pauses then read as on v7 (v8/clock-pauses.ts).
   */
  sectionsWithEnterprise?: string[];
  /**
   * v9: an application of the foundation permit (v6) is under the housing department's review; the clock counts it
   * (v9/foundation-review.ts). Absent before v9 (and on a case moved from v8 until its permit's first notice).
   */
  foundationWithDepartment?: boolean;
  /**
   * v11: the acceptance conditions last sent to the open sections (null: none sent yet); sent again whenever they
   * change (v11/acceptance-conditions.ts).
   */
  acceptanceConditionsSent?: AcceptanceConditionsPayload | null;
}

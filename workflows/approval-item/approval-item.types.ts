/** The 事项实例's data: its input, its context, and the names of its timers and notifications. */
import type { DeadlineSpec, TimerState } from '../contract';
import type { Material, StageKey, ToleranceMode } from '../catalog/types';
import type { DecisionBasis, ItemOutcome } from '../protocol';

export interface ApprovalItemInput {
  projectId: string;
  enterpriseId: string;
  itemCode: string;
  /** The application (申请) this item belongs to: the project stage's joint application. */
  applicationKey?: string;
  submittedMaterials?: string[];
  practices?: { tolerance?: boolean; notifyCommit?: boolean };
  /** v2: items of the project this one depends on that are not approved yet (catalog `dependsOn`). */
  blockedBy?: string[];
  /** v2: the item as it applies to this project (materials chosen by the project flags); default the catalog's. */
  materials?: Material[];
  /** v2: an item of the same application was already decided when this one was created (no 撤件). */
  applicationDecided?: boolean;
  [key: string]: unknown;
}

export interface ItemSpecSnapshot {
  code: string;
  name: string;
  stage: StageKey;
  department: string;
  promisedLimit: { amount: number; unit: DeadlineSpec['unit'] };
  materials: Material[];
  toleranceMode: ToleranceMode | null;
  toleranceSupplementDays: number;
  notifyCommitAllowed: boolean;
  certificate: string | null;
}

export interface ApprovalItemContext {
  projectId: string;
  enterpriseId: string;
  applicationKey: string;
  item: ItemSpecSnapshot;
  practices: { tolerance: boolean; notifyCommit: boolean };
  submittedMaterials: string[];
  receivedAt: string;
  clock: DeadlineSpec | null;
  timerState: TimerState;
  /** Timer state before a pause, restored when the special procedure ends. */
  timerStateBeforePause: TimerState | null;
  applicationDecided: boolean;
  correction: { requested: string[]; note: string | null; requestedAt: string } | null;
  corrections: number;
  specialProcedure: { procedure: string; reason: string; startedAt: string } | null;
  tolerance: {
    /** 'fulfilled': every missing material accepted; v4 also before the decision (then decided 办结通过). */
    status: 'requested' | 'accepted' | 'rejected' | 'fulfilled' | 'breached';
    missingMaterials: string[];
    childKey: string;
  } | null;
  toleranceRequests: number;
  notifyCommitment: {
    /** v3: 'inRectification' once the commitment's verification ordered rectification. */
    status: 'requested' | 'decided' | 'refused' | 'verified' | 'revoked' | 'inRectification';
    childKey: string;
  } | null;
  notifyCommitmentRequests: number;
  /**
   * v3: created as v3, so its 告知承诺 starts on notify-commitment v4 (tells of a rectification order) and its
   * project (v5) hears of it. False on an item migrated from v2: its project may be a v4, which would refuse it.
   */
  rectificationNotices?: boolean;
  decision: {
    outcome: ItemOutcome;
    basis: DecisionBasis;
    decidedAt: string;
    decidedBy: string;
    opinion: string | null;
    certificateReleasable: boolean;
  } | null;
  exit: { kind: 'notAccepted' | 'withdrawn' | 'recalled' | 'revoked'; reason: string; at: string; by: string } | null;
  /** v2: dependencies (catalog `dependsOn`) not yet approved; the item is not decided before they are. */
  blockedBy?: string[];
  /** v2: materials of the last resubmission after a 补正; a second request may name only these. */
  lastResubmission?: string[] | null;
  /** v2: the window let 5 working days pass without a decision: accepted from the day received (行政许可法 art. 32). */
  deemedAcceptedAt?: string | null;
}

/** 行政许可法 art. 32: the window decides within 5 working days, or the application counts as accepted. */
export const WINDOW_DECISION_WORKING_DAYS = 5;
export const TIMER_WINDOW = 'window:deemedAcceptance';
export const DEPENDENCY_APPROVED = 'DEPENDENCY_APPROVED';
/** project-case v3 → approval-item v2: an approval this item waits for was revoked; it waits again. */
export const DEPENDENCY_REVOKED = 'DEPENDENCY_REVOKED';
export const WINDOW_DEEMED_ACCEPTED = 'WINDOW_DEEMED_ACCEPTED';
export const WINDOW_REQUEST_CORRECTION = 'WINDOW_REQUEST_CORRECTION';
/** approval-item v2 → project-case v3: the item waits on the enterprise (补正) / is back with the department. */
export const ITEM_WAITING_ON_ENTERPRISE = 'ITEM_WAITING_ON_ENTERPRISE';
export const ITEM_BACK_WITH_DEPARTMENT = 'ITEM_BACK_WITH_DEPARTMENT';
export const TIMER_WARNING = 'promised:warning';
export const TIMER_DUE = 'promised:due';

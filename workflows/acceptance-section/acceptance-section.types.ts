/** The 验收分段's data: its input, its context, and the names of its timers. */
import type { DeadlineSpec, TimerState } from '../contract';
import type { AcceptanceItem } from '../catalog/types';
import type { OpenCommitment } from '../protocol';

export type ResultValue = 'pending' | 'pass' | 'rectify';

/** One department's result on one acceptance item, in the current round. */
export interface SectionResult {
  result: ResultValue;
  opinion: string | null;
  by: string | null;
}

/** v2: one 先建后验 check (an approval granted on 告知承诺), recorded by its department. */
export interface CommitmentCheck {
  itemName: string;
  department: string;
  result: 'pending' | 'met' | 'notMet';
  opinion: string | null;
}

/** What the project creates a section with (the definition's inputSchema). */
export interface AcceptanceSectionInput {
  projectId: string;
  enterpriseId: string;
  sectionKey: string;
  name: string;
  siteWideChecksDue?: boolean;
  permittedFloorArea?: number | null;
  requiredGreenRatio?: number | null;
  /** The acceptance items that take part (default: all of the catalog's). */
  acceptanceItems?: string[];
  /** v2 (先建后验): approvals granted on 告知承诺 still open, checked at the joint acceptance. */
  commitmentChecks?: { itemCode: string; itemName: string; department: string }[];
  [key: string]: unknown;
}

export interface AcceptanceSectionContext {
  projectId: string;
  enterpriseId: string;
  sectionKey: string;
  name: string;
  acceptanceItems: AcceptanceItem[];
  results: Record<string, SectionResult>;
  round: number;
  siteWideChecksDue: boolean;
  permittedFloorArea: number | null;
  requiredGreenRatio: number | null;
  siteWide: { totalFloorArea: number; greenRatio: number; passed: boolean; problems: string[] } | null;
  clock: DeadlineSpec | null;
  timerState: TimerState;
  appliedAt: string | null;
  acceptedAt: string | null;
  /** v2: the enterprise's rectification deadline, while rectifying. */
  rectification?: { deadline: DeadlineSpec } | null;
  /** v2: 对标验收 — each approval granted on 告知承诺 and still open, checked by its department. */
  commitmentChecks?: Record<string, CommitmentCheck>;
  /** v2: why the last round was 不予通过. */
  notPassed?: { reason: string; at: string } | null;
  /**
   * v5: why no section may apply for acceptance, nor be accepted, now (from the project's ACCEPTANCE_CONDITIONS;
   * null: nothing stands in the way).
   */
  applyBlockedBy?: string | null;
  /** v5: the commitments (容缺 / 告知承诺) still open; the last section is not accepted while any is. */
  openCommitments?: OpenCommitment[];
  /** v5: the round the current application began with (a re-inspection is a later round of the same application). */
  applicationRound?: number;
  /** v5: who the project was last told holds the section while it waits for its conditions. */
  heldBy?: SectionHolder;
}

/** v5: who holds a section, as its project is told (SECTION_WITH_DEPARTMENT / SECTION_WITH_ENTERPRISE). */
export type SectionHolder = 'department' | 'enterprise';

export const DEFAULT_SECTION_RECTIFICATION_DAYS = 30;

export const JOINT_ACCEPTANCE_WARNING = 'JOINT_ACCEPTANCE_WARNING';
export const JOINT_ACCEPTANCE_OVERDUE = 'JOINT_ACCEPTANCE_OVERDUE';
/** v2: the enterprise did not report the rectification by its deadline. */
export const RECTIFICATION_DEADLINE_PASSED = 'RECTIFICATION_DEADLINE_PASSED';
export const TIMER_WARNING = 'jointAcceptance:warning';
export const TIMER_DUE = 'jointAcceptance:due';
export const TIMER_RECTIFICATION = 'section:rectification:due';

/** The 容缺受理's data: its input, its context, and the names of its timers. */
import type { DeadlineSpec } from '../contract';
import type { Material, ToleranceMode } from '../catalog/types';

export type MaterialStatus = 'missing' | 'supplied' | 'accepted' | 'nonCompliant';

/** What the item creates the commitment with (the definition's inputSchema). */
export interface ToleranceCommitmentInput {
  projectId: string;
  enterpriseId: string;
  itemCode: string;
  submittedMaterials: string[];
  commitmentLetterSigned: boolean;
  [key: string]: unknown;
}

export interface ToleranceCommitmentContext {
  projectId: string;
  enterpriseId: string;
  item: {
    code: string;
    name: string;
    department: string;
    promisedLimit: { amount: number; unit: DeadlineSpec['unit'] };
    toleranceMode: ToleranceMode | null;
    supplementDays: number;
    materials: Material[];
  };
  submittedMaterials: string[];
  commitmentLetterSigned: boolean;
  missing: Record<
    string,
    { name: string; form: string; status: MaterialStatus; suppliedAt: string | null; note: string | null }
  >;
  /** 容缺受理通知书 */
  notice: { issuedAt: string; deadline: DeadlineSpec; consequence: string; decisionMode: ToleranceMode } | null;
  extension: { reason: string; extraDays: number; at: string } | null;
  remindedAt: string | null;
  /** v2: the department's clock for reviewing supplied materials; runs while one awaits review. */
  review?: { deadline: DeadlineSpec; timerState: 'normal' | 'warning' | 'overdue' } | null;
  /** v2: the supplement deadline has passed (what is supplied by then still counts). */
  deadlinePassed?: boolean;
  outcome: Outcome | null;
}

export type OutcomeKind = 'fulfilled' | 'breached' | 'rejected' | 'cancelled';
export interface Outcome {
  kind: OutcomeKind;
  reason: string;
  at: string;
}

export const CONSEQUENCE =
  '逾期未补齐或补交材料不符合要求的，撤销已作出的审批决定，收回并注销据此核发的证照，相关审批一并受影响，记入信用记录并不再适用容缺受理。';

export const TIMERS = {
  reminder: 'tolerance:reminder',
  due: 'tolerance:due',
  reviewWarning: 'tolerance:review:warning',
  reviewDue: 'tolerance:review:due',
};

export const SUPPLEMENT_REMINDER = 'SUPPLEMENT_REMINDER';
export const SUPPLEMENT_DEADLINE_PASSED = 'SUPPLEMENT_DEADLINE_PASSED';
/** v2: the department's review clock. */
export const REVIEW_TIME_WARNING = 'REVIEW_TIME_WARNING';
export const REVIEW_TIME_OVERDUE = 'REVIEW_TIME_OVERDUE';

/** The 告知承诺's data: its input, its context, and the names of its timers. */
import type { DeadlineSpec } from '../contract';

export type VerificationMethod = 'siteInspection' | 'completionAcceptance';

/** What the item creates the commitment with (the definition's inputSchema). */
export interface NotifyCommitmentInput {
  projectId: string;
  enterpriseId: string;
  itemCode: string;
  commitmentSigned: boolean;
  conditions?: string[];
  [key: string]: unknown;
}

export interface Outcome {
  kind: 'verified' | 'revoked' | 'refused' | 'cancelled';
  reason: string;
  at: string;
  barsCommitmentUntil: string | null;
}

export interface NotifyCommitmentContext {
  projectId: string;
  enterpriseId: string;
  item: { code: string; name: string; department: string; notifyCommitAllowed: boolean };
  commitmentSigned: boolean;
  conditions: string[];
  decidedAt: string | null;
  verification: {
    method: VerificationMethod;
    at: string;
    compliant: boolean;
    findings: string | null;
  }[];
  rectification: {
    order: string;
    deadline: DeadlineSpec;
    reportedAt: string | null;
    /** v2: the department's clock for verifying a reported rectification. */
    verification?: { deadline: DeadlineSpec; timerState: 'normal' | 'warning' | 'overdue' } | null;
  } | null;
  /** v2: the item's promised limit, the department's time to verify a reported rectification. */
  promisedLimit?: { amount: number; unit: DeadlineSpec['unit'] };
  outcome: Outcome | null;
}

export const RECTIFICATION_TIMER = 'rectification:due';
export const RECTIFICATION_DEADLINE_PASSED = 'RECTIFICATION_DEADLINE_PASSED';
/** v2: the department's clock for verifying a reported rectification. */
export const VERIFICATION_TIME_WARNING = 'VERIFICATION_TIME_WARNING';
export const VERIFICATION_TIME_OVERDUE = 'VERIFICATION_TIME_OVERDUE';
export const VERIFICATION_TIMERS = {
  warning: 'rectification:verification:warning',
  due: 'rectification:verification:due',
};

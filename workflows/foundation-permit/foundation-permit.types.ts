/** The 桩基先行's data: its input and its context. */
import type { FoundationFirstRules } from '../catalog/types';
import type { WorkStartPeriod } from '../work-start/work-start-period';

/** What the project creates the case with (the definition's inputSchema). */
export interface FoundationPermitInput {
  projectId: string;
  enterpriseId: string;
  approvedItems?: string[];
  openCommitments?: string[];
  verificationPending?: string[];
  commitmentsInRectification?: string[];
  commitmentsRevoked?: string[];
  [key: string]: unknown;
}

export interface FoundationApplication {
  landContractSignedAndPaid: boolean;
  foundationDrawingsReviewed: boolean;
  /** 图纸稳定承诺 */
  drawingStabilityCommitment: boolean;
  contractorEngaged: boolean;
  supervisorEngaged: boolean;
  fundsCommitmentSigned: boolean;
  qualitySafetyMeasures: boolean;
  /** Every unit work with its full area, superstructure included. */
  unitWorks: { name: string; area: number; includesSuperstructure: boolean }[];
}

export interface FoundationPermitContext {
  projectId: string;
  enterpriseId: string;
  rules: FoundationFirstRules;
  approvedItems: string[];
  openCommitments: string[];
  /** v2: open commitments that are 告知承诺 awaiting verification (checked at acceptance, not here). */
  verificationPending?: string[];
  /** v4: items of the project whose 告知承诺 is in rectification (ordered, not yet confirmed). */
  commitmentsInRectification?: string[];
  /** v4: items of the project approved on 告知承诺 and revoked (breached, false, or revoked by the department). */
  commitmentsRevoked?: string[];
  /** v2: why the foundation permit was revoked. */
  revocation?: { reason: string; at: string } | null;
  /** v7: each extension of the work-start period the enterprise asked for, with its reason. */
  extensionRequests?: { at: string; reason: string }[];
  application: FoundationApplication | null;
  foundationPermit: { issuedAt: string; status: 'valid' | 'lapsed' } | null;
  workStart: WorkStartPeriod;
  aboveGround: { appliedAt: string | null; issuedAt: string | null; refusedReason: string | null };
}

export type FoundationPermitStatus = NonNullable<FoundationPermitContext['foundationPermit']>['status'];

/**
 * The catalog: what a zone publishes (departments, items, materials, 容缺清单, time limits, bundles, targets).
 * Definitions are built from a catalog by factory functions, so a zone supplies its own data, not code.
 * A released definition version captures the catalog it was built from; changing the catalog means a new
 * definition version.
 */
import type { TimeUnit } from '../contract';

export type StageKey = 'landPlanning' | 'engineeringPermit' | 'constructionPermit' | 'completionAcceptance';
export const STAGES: readonly StageKey[] = [
  'landPlanning',
  'engineeringPermit',
  'constructionPermit',
  'completionAcceptance',
];

export interface Department {
  code: string;
  name: string;
}

export interface Stage {
  key: StageKey;
  name: string;
  leadDepartment: string;
}

export interface Material {
  code: string;
  name: string;
  /** Core materials (核心材料) must always be complete. */
  core: boolean;
  /** On the published tolerance list (容缺清单): may be supplied later under a commitment. */
  tolerable: boolean;
  /** Form in which a missing material must be supplied (原件/复印件/电子件). */
  form?: string;
  /** Only asked of projects this condition holds for (e.g. the 人防易地建设费 receipt when the fee is paid). */
  appliesWhen?: ProjectCondition;
}

/** 人防 (civil air defence): build a shelter, pay the 易地建设费 instead, or exempt (e.g. industrial production). */
export type CivilDefenseOutcome = 'shelter' | 'feePaid' | 'exempt';

/** What a project records at filing that chooses its catalog items, materials and bundle. */
export interface ProjectFlags {
  /** 工业项目: 六证联发 instead of 四证联发; production buildings exempt from 人防. */
  industrial: boolean;
  /** 特殊建设工程 (住建部令第51号): needs the fire design review and fire acceptance; others file 消防验收备案. */
  specialConstruction: boolean;
  civilDefense: CivilDefenseOutcome;
}

/** A condition on the project flags; every field given must hold. */
export interface ProjectCondition {
  industrial?: boolean;
  specialConstruction?: boolean;
  civilDefense?: CivilDefenseOutcome[];
}

/** 'issueNow' = 办结·容缺通过 (decide and issue now, revoke on breach); 'issueWhenComplete' = decide now, issue later. */
export type ToleranceMode = 'issueNow' | 'issueWhenComplete';

export interface CatalogItem {
  code: string;
  name: string;
  stage: StageKey;
  department: string;
  /** The zone's promised limit; deadlines run on it. */
  promisedLimit: { amount: number; unit: TimeUnit };
  /** The statutory ceiling (法定时限); the savings baseline uses it. Catalog v1 has none. */
  statutoryLimit?: { amount: number; unit: TimeUnit };
  /** Only part of projects this condition holds for (absent: every project). */
  appliesWhen?: ProjectCondition;
  materials: Material[];
  /** null: tolerance (容缺受理) not offered for this item. */
  toleranceMode: ToleranceMode | null;
  /** Days allowed to supply missing materials; capped at the promised limit. */
  toleranceSupplementDays: number;
  /** 告知承诺制 allowed: later supervision can correct a breach without serious harm. */
  notifyCommitAllowed: boolean;
  /** Certificate type this item yields when approved, if any. */
  certificate: string | null;
  /** Items whose approval this one builds on: decided only after they are approved; a revocation there flags
   * this one. */
  dependsOn: string[];
  /** Opens as soon as its dependencies are approved, before its stage opens (联合审图 after the design plan). */
  opensEarly?: boolean;
  /** Required for the stage to be complete. */
  required: boolean;
}

export interface CertificateType {
  code: string;
  name: string;
}

export interface Bundle {
  code: string;
  name: string;
  certificates: string[];
}

/** Entry conditions for the foundation-stage permit (桩基先行); the catalog picks which apply. */
export type FoundationCondition =
  | 'landUseRights'
  | 'designPlanApproved'
  | 'engineeringPlanningPermit'
  | 'foundationDrawingsReviewedOrStabilityCommitment'
  | 'contractorAndSupervisorEngaged'
  | 'fundsCommitment'
  | 'qualitySafetyMeasures'
  | 'unitWorksDeclared';

export interface FoundationFirstRules {
  entryConditions: FoundationCondition[];
  /** Items that make up the full joint drawing review (fire included) required for the above-ground permit. */
  fullReviewItems: string[];
  /** Item that yields the 建设工程规划许可证. */
  planningPermitItem: string;
  /** Item the above-ground permit stands for (建筑工程施工许可证). */
  constructionPermitItem: string;
  landTitleItem: string;
  designPlanItem: string;
  /** Months within which work must start after a permit; number and length of extensions. */
  workStartMonths: number;
  maxExtensions: number;
  extensionMonths: number;
}

export interface AcceptanceItem {
  code: string;
  name: string;
  department: string;
  appliesWhen?: ProjectCondition;
}

export interface ProjectCategory {
  code: string;
  name: string;
  /** Whole-process target, working days from 立项 to 竣工验收. */
  targetWorkingDays: number;
}

export interface Catalog {
  zone: { code: string; name: string };
  /** Catalog version (absent: the first, released one). Definitions built from it record it. */
  version?: number;
  departments: Department[];
  stages: Stage[];
  items: CatalogItem[];
  certificateTypes: CertificateType[];
  /** Joint-issuance bundle per project-case definition version (catalog v1). */
  bundles: Record<number, Bundle>;
  /** From catalog v2: the bundle follows the project (六证联发 for industrial projects, 四证联发 otherwise). */
  jointIssuanceByProject?: { industrial: Bundle; other: Bundle };
  foundationFirst: FoundationFirstRules;
  acceptanceItems: AcceptanceItem[];
  /** Lead department of joint acceptance and the limit for one joint acceptance. */
  jointAcceptance: {
    leadDepartment: string;
    limitWorkingDays: number;
    /** Working days a section has to rectify after the joint inspection (acceptance-section v2); default 30. */
    rectificationWorkingDays?: number;
  };
  projectCategories: ProjectCategory[];
  /** Share of a limit after which the timer turns to 预警. */
  warningShare: number;
  /** 告知承诺 eligibility lost after a breach, in months. */
  commitmentBarMonths: number;
  rectificationDays: number;
  /** Reminder before a tolerance deadline, in working days. */
  toleranceReminderDays: number;
}

/**
 * The savings simulator's input and output (plain data). A project is described once — which practices it
 * used and where, and the time on the enterprise's side — and run twice: fast-track and traditional.
 */
import type { IsoDate } from '../calendar';

export type PracticeKey = 'foundationFirst' | 'tolerance' | 'notifyCommit' | 'jointIssuance' | 'stagedAcceptance';
export const PRACTICE_KEYS: readonly PracticeKey[] = [
  'foundationFirst',
  'tolerance',
  'notifyCommit',
  'jointIssuance',
  'stagedAcceptance',
];
export const PRACTICE_NAMES: Record<PracticeKey, string> = {
  foundationFirst: '桩基先行',
  tolerance: '容缺受理',
  notifyCommit: '告知承诺',
  jointIssuance: '联合发证',
  stagedAcceptance: '分段竣工验收',
};

export type Practices = Record<PracticeKey, boolean>;

/** Where a figure came from: the project's recorded history, or the plan (catalog or default). */
export type Source = 'history' | 'plan';

export interface PlannedSection {
  name: string;
  /** Natural days from work start (开工) until the section is ready for acceptance (enterprise's construction time). */
  readyAfterDays: number;
  source: Source;
}

/** One project as the simulator sees it. */
export interface SavingsPlan {
  /** The day the project was filed (立项 application); day 0 of both timelines. */
  startDate: IsoDate;
  /** The practices the project used (as declared on its case). */
  practices: Practices;
  /**
   * Certificates of the joint-issuance bundle, when the project used one: issued one by one in a fast-track run
   * with 联合发证 switched off. The traditional run issues every certificate one by one, whatever the bundle.
   */
  bundleCertificates: string[];
  /**
   * Items the project's case opens before their stage besides the catalog's (project-case v4: a 带方案出让
   * project's design-plan pre-review), each with the items it waits for. Fast track only: the traditional run
   * keeps the catalog's order.
   */
  preReviewed: Record<string, string[]>;
  /**
   * Items accepted on 容缺 and the working days the enterprise needed to supply the missing material: in the
   * traditional process the application waits that long before it is accepted.
   */
  toleranceItems: Record<string, { supplementWorkingDays: number; source: Source }>;
  /** Items decided on 告知承诺 (decision in `notifyCommitDecisionDays` working days instead of the limit). */
  notifyCommitItems: string[];
  /** Natural days between the permit and the reported work start (enterprise's time; same in both). */
  workStartLagDays: number;
  /** Acceptance sections; one whole-project section when the project declared none. */
  sections: PlannedSection[];
}

export type BarKind = 'government' | 'enterprise' | 'construction' | 'acceptance';

/** One bar of a Gantt-like timeline: a step from start (day 0 of the step) to end (its last day). */
export interface TimelineBar {
  key: string;
  name: string;
  kind: BarKind;
  start: IsoDate;
  end: IsoDate;
  /** Working days from start to end (counted as the deadline resolver does: the day after start is day 1). */
  workingDays: number;
  /** The practice that shaped this bar in this timeline, if any. */
  practice?: PracticeKey;
  /** zh-CN explanation of the bar's length. */
  note: string;
}

export type MilestoneKey = 'constructionPermit' | 'workStart' | 'firstSectionInUse' | 'completion';
export const MILESTONE_NAMES: Record<MilestoneKey, string> = {
  constructionPermit: '施工许可',
  workStart: '开工',
  firstSectionInUse: '首个车间投产',
  completion: '竣工',
};

export interface Milestone {
  name: string;
  date: IsoDate;
  /** Working days from the start date. */
  workingDaysFromStart: number;
}

export interface Timeline {
  milestones: Record<MilestoneKey, Milestone>;
  bars: TimelineBar[];
}

export interface PracticeEffect {
  name: string;
  /** Working days by which the first section goes into use earlier because of this practice alone. */
  savedWorkingDays: number;
  savedCalendarDays: number;
  /** zh-CN: what the practice changed in this project (or why it changed nothing). */
  explanation: string;
}

export interface SavingsResult {
  startDate: IsoDate;
  baseline: Timeline;
  fastTrack: Timeline;
  /** Saved at 首个车间投产 (the first section in use), the date production starts. */
  savedWorkingDays: number;
  savedCalendarDays: number;
  savedByMilestone: Record<MilestoneKey, { workingDays: number; calendarDays: number }>;
  byPractice: Record<PracticeKey, PracticeEffect>;
  /** zh-CN statements the figures rest on. */
  assumptions: string[];
  /** Years without holiday data the computation fell back to weekends for. */
  uncoveredYears: number[];
}

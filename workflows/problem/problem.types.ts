/** The 问题清单's data: its input, its context, and the names of its timers. */
import type { DeadlineSpec, TimerState } from '../contract';

export const PROBLEM_CATEGORIES = {
  approvalProcedure: '审批手续',
  land: '用地',
  utilities: '水电气',
  financing: '融资',
  policyFulfilment: '政策兑现',
  constructionEnvironment: '施工环境',
  other: '其他',
} as const;
export type ProblemCategory = keyof typeof PROBLEM_CATEGORIES;

/** Who may raise a problem; the raiser confirms (or reopens) its resolution. */
export const RAISER_ROLES = ['enterprise', 'steward', 'leader'] as const;
export type RaiserRole = (typeof RAISER_ROLES)[number];

export interface Escalation {
  at: string;
  by: string;
  /** The department whose head it was escalated to (the responsible department at the time). */
  department: string;
  reason: string;
}

export interface ProblemContext {
  projectId: string;
  enterpriseId: string;
  title: string;
  description: string | null;
  category: ProblemCategory;
  /** Responsible department (catalog department code). */
  department: string;
  /** Limit in working days from assignment (and again from a reopening). */
  limitWorkingDays: number;
  /** The meeting it was raised at, if any. */
  meetingId: string | null;
  raisedBy: { userId: string; role: RaiserRole };
  raisedAt: string;
  assignedAt: string | null;
  assignedBy: string | null;
  handledBy: string | null;
  resolution: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** 1 for the first handling, +1 for each reopening. */
  round: number;
  reopenReasons: string[];
  escalations: Escalation[];
  clock: DeadlineSpec | null;
  timerState: TimerState;
}

/** What a problem is raised with (the definition's inputSchema). */
export interface ProblemInput {
  projectId: string;
  enterpriseId: string;
  title: string;
  description?: string;
  category: ProblemCategory;
  department: string;
  limitWorkingDays: number;
  meetingId?: string;
  raisedBy: { userId: string; role: RaiserRole };
  [key: string]: unknown;
}

export const WARNING_TIMER = 'problem:warning';
export const DUE_TIMER = 'problem:due';
export const PROBLEM_DEADLINE_WARNING = 'PROBLEM_DEADLINE_WARNING';
export const PROBLEM_DEADLINE_OVERDUE = 'PROBLEM_DEADLINE_OVERDUE';

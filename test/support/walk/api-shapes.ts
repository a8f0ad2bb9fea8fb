/** The parts of the API's answers the walk reads (what people's screens read), as the API serves them. */
import type { JsonSchema } from '../../../workflows/contract';

export interface OfferedEvent {
  type: string;
  label: string;
  disabledReason?: string;
  payloadSchema?: JsonSchema;
}

export interface DeadlineOut {
  kind: string;
  dueAt: string | null;
  paused: boolean;
}

export interface CaseBody {
  id: string;
  parentId: string | null;
  /** How the parent names it: an approval item's is `item:<code>` (`item:<code>:<attempt>` when re-applied). */
  childKey: string | null;
  definition?: { id: string; version: number };
  status: string;
  statusLabel: string;
  waitingOn: string;
  timerState: string;
  deadline: DeadlineOut | null;
  /** The case's own context: the walk reads the project case's beliefs from it (items, holders, clock). */
  data?: {
    items?: Record<string, { status: string }>;
    itemsWithEnterprise?: string[];
    sectionsWithDepartment?: string[];
    wholeProcess?: { pauses?: unknown[] };
    clockPauses?: unknown[];
  };
  children?: { id: string; status: string }[];
  allowedEvents?: OfferedEvent[];
  upload?: { allowed: boolean; reason: string | null };
}

export interface ProjectPage {
  case: { status: string; statusLabel: string; timerState?: string };
  currentStage: { key: string } | null;
  wholeProcess?: {
    deadline: DeadlineOut | null;
    timerState: string;
    daysUsed: number | null;
    pauses?: { from: string; to: string | null; reasonLabel: string }[];
  };
  stages: { items: { timerState: string }[] }[];
  nextActions: { instanceId: string; timerState: string; yourEvents?: OfferedEvent[] }[];
}

export interface ListRow {
  id: string;
  status: string;
  statusLabel: string;
  stage: { key: string } | null;
  timerState: string;
  overdue: boolean;
}

export interface TaskRow {
  instanceId: string;
  definitionId: string;
  statusLabel: string;
  /** When its timer fires (null while none runs, e.g. paused); its 办理时限 column is `deadline`. */
  dueAt: string | null;
  deadline: DeadlineOut | null;
  timerState: string | null;
  overdue: boolean;
  allowedEvents: OfferedEvent[];
}

/** A row of 问题清单 (GET /api/problems). */
export interface ProblemRow {
  id: string;
  state: string;
  statusLabel: string;
  timerState: string | null;
  dueAt: string | null;
  overdue: boolean;
  done: boolean;
  /** Who raised it (enterprise, steward, leader): only they confirm it. */
  raisedBy: { role: string };
}

/** A row of the zone view (GET /api/zone/projects). */
export interface ZoneRow {
  id: string;
  keyProject: boolean;
  leader: { id: string } | null;
  steward: { id: string } | null;
  /** The project case's status label. */
  caseStatus: string | null;
  openProblems: number;
  overdueProblems: number;
  overdueWork: number;
  waitingOnEnterprise: number;
}

/** A project's team (GET /api/projects/{id}/team). */
export interface TeamView {
  keyProject: boolean;
  leader: { id: string } | null;
  steward: { id: string } | null;
}

/** An enterprise's credit view (GET /api/enterprises/{id}/credit). */
export interface CreditView {
  tolerance: { barred: boolean; label: string };
  notifyCommitment: { barredUntil: string | null; label: string };
  records: { id: string; status: string; statusLabel: string; barsToleranceNow: boolean }[];
}

export interface VerifyTree {
  ok: boolean;
  instances?: { id: string; ok: boolean }[];
}

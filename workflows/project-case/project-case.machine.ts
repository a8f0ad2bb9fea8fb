/**
 * The project's case (项目): four stages opened one after another, parallel approval items inside each stage,
 * and regions switched on by the fast-track practices the project declares at creation:
 * jointIssuance (四证联发 / 六证联发) and foundationFirst (桩基先行). Staged acceptance (分段竣工验收) shows in the
 * completion stage as several acceptance sections. Every item, commitment, foundation permit and section is
 * its own instance; this machine only creates them and listens to what they report.
 */
import { assign, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent, TimerState } from '../contract';
import type { Bundle, Catalog, ProjectFlags, StageKey } from '../catalog/types';
import { itemsForProject, appliesTo } from '../catalog';
import { emitAction } from '../core/define';
import { deadline, isPaused, pauseDeadline, resumeDeadline } from '../core/time';
import {
  APPLICATION_DECIDED,
  DEFINITION_IDS,
  PREREQUISITES_UPDATED,
  SITE_WIDE_CHECKS_DUE,
  type DecisionBasis,
  type ItemOutcome,
  type ProjectPractices,
  CHILD_VERSIONS,
} from '../protocol';
import {
  permitLapsed,
  startWatchEffects,
  unwatchedPermit,
  watchStarted,
  type WorkStartWatch,
} from './v4/work-start-watch';
import { dependsOnFor, preReviewItems } from './v4/design-plan-pre-review';

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

/** v3: why the whole-process clock is paused (everything waits on the enterprise). */
export type ClockPauseReason = 'correction' | 'betweenStages' | 'construction' | 'rectification' | 'enterprise';

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
}

/**
 * v3: the whole-process clock counts government time only (DOMAIN.md, second round): it runs while an item,
 * an acceptance inspection or a joint issuance is with a department, and is paused while everything waits
 * on the enterprise.
 */
export function governmentWorking(context: ProjectCaseContext): boolean {
  if (context.stage === 'complete') return false;
  const withEnterprise = context.itemsWithEnterprise ?? [];
  const itemOpen = context.itemOrder.some((c) => context.items[c].status === 'open' && !withEnterprise.includes(c));
  return itemOpen || (context.sectionsWithDepartment ?? []).length > 0;
}

function pauseReason(context: ProjectCaseContext): ClockPauseReason {
  if ((context.itemsWithEnterprise ?? []).length) return 'correction';
  // The permit stage just completed: construction runs until the acceptance is applied for.
  if (
    context.stage === 'completionAcceptance' ||
    (context.stage === 'constructionPermit' && stageComplete(context, 'constructionPermit'))
  ) {
    return context.sectionOrder.some((k) => context.sections[k].status === 'accepted')
      ? 'rectification'
      : 'construction';
  }
  return context.itemOrder.some((c) => context.items[c].status === 'open') ? 'enterprise' : 'betweenStages';
}

/** v3: the clock's running state disagrees with what the project waits on. */
export function clockOutOfSync(context: ProjectCaseContext): boolean {
  if (!context.clockPauses || context.stage === 'complete') return false;
  return governmentWorking(context) === isPaused(context.wholeProcess);
}

type P = Record<string, unknown>;
type Args = { context: ProjectCaseContext; event: EngineEvent };
const pl = (event: EngineEvent): P => event.payload as P;

const APPROVED: ItemStatus[] = ['approved', 'approvedWithTolerance'];
export const isApproved = (s: ItemStatus) => APPROVED.includes(s);

export const projectCaseGuards = {
  landPlanningDone: ({ context }: { context: ProjectCaseContext }) => stageComplete(context, 'landPlanning'),
  engineeringPermitDone: ({ context }: { context: ProjectCaseContext }) => stageComplete(context, 'engineeringPermit'),
  constructionPermitDone: ({ context }: { context: ProjectCaseContext }) =>
    stageComplete(context, 'constructionPermit'),
  allSectionsAccepted: ({ context }: { context: ProjectCaseContext }) =>
    context.sectionOrder.length > 0 && context.sectionOrder.every((k) => context.sections[k].status === 'accepted'),
  jointIssuanceDeclared: ({ context }: { context: ProjectCaseContext }) => context.bundle !== null,
  bundleIssued: ({ context }: { context: ProjectCaseContext }) => context.jointIssuedAt !== null,
  foundationFirstDeclared: ({ context }: { context: ProjectCaseContext }) => context.practices.foundationFirst,
  knownItem: ({ context, event }: { context: ProjectCaseContext; event: EngineEvent }) =>
    typeof pl(event).itemCode === 'string' && (pl(event).itemCode as string) in context.items,
  itemReapplicable: ({ context, event }: { context: ProjectCaseContext; event: EngineEvent }) =>
    reapplyProblem(context, event) === null,
  knownOpenSection: ({ context, event }: { context: ProjectCaseContext; event: EngineEvent }) =>
    context.sections[pl(event).sectionKey as string]?.status === 'open',
  clockNotOverdue: ({ context }: { context: ProjectCaseContext }) =>
    context.timerState === 'normal' && !isPaused(context.wholeProcess),
  /** The foundation-stage permit can be prepared once the design plan is under review (工程建设许可). */
  foundationStageReached: ({ context }: { context: ProjectCaseContext }) => context.stage !== 'landPlanning',
  clockRunning: ({ context }: { context: ProjectCaseContext }) =>
    (context.timerState === 'normal' || context.timerState === 'warning') && !isPaused(context.wholeProcess),
  clockOutOfSync: ({ context }: { context: ProjectCaseContext }) => clockOutOfSync(context),
};

export function stageComplete(context: ProjectCaseContext, stage: StageKey): boolean {
  const items = context.itemOrder.map((c) => context.items[c]).filter((i) => i.stage === stage && i.required);
  return items.every((i) => isApproved(i.status));
}

export function reapplyProblem(context: ProjectCaseContext, event: Pick<EngineEvent, 'payload'>): string | null {
  return itemReapplyProblem(context, String(event.payload.itemCode));
}

/** Why the item cannot be applied for again (重新申报), or null. */
export function itemReapplyProblem(context: ProjectCaseContext, itemCode: string): string | null {
  const record = context.items[itemCode];
  if (!record) return '未知事项 / unknown item';
  if (!['refused', 'closed', 'revoked'].includes(record.status)) {
    return '该事项无需重新申请 / only a refused, closed or revoked item can be applied for again';
  }
  if (record.viaFoundationPermit) return '该事项由桩基先行施工许可办理 / handled by the foundation permit';
  return null;
}

function itemInput(context: ProjectCaseContext, code: string, catalog?: Catalog): P {
  const input: P = {
    projectId: context.projectId,
    enterpriseId: context.enterpriseId,
    itemCode: code,
    applicationKey: context.items[code].stage,
    practices: { tolerance: context.practices.tolerance, notifyCommit: context.practices.notifyCommit },
  };
  if (context.submittedMaterials[code]) input.submittedMaterials = context.submittedMaterials[code];
  if (context.flags && catalog) {
    // v3: the item as it applies to this project, and the dependencies it still waits for.
    const item = itemsForProject(catalog, context.flags).find((i) => i.code === code);
    if (item) input.materials = item.materials;
    input.blockedBy = context.items[code].dependsOn.filter((d) => !isApproved(context.items[d]?.status ?? 'pending'));
    // Opened after another item of its application was decided (联合审图 opens early): 撤件 is already closed.
    if (context.applicationDecided[context.items[code].stage]) input.applicationDecided = true;
  }
  return input;
}

function childKeyFor(code: string, attempt: number): string {
  return attempt <= 1 ? `item:${code}` : `item:${code}:${attempt}`;
}

/**
 * Items that need an approval-item instance now: those of the current stage, and (v3) those marked to open
 * early once their dependencies are approved (联合审图 after the design plan).
 */
function stageItemsToOpen(context: ProjectCaseContext, earlyItems: readonly string[] = []): string[] {
  return context.itemOrder.filter((c) => {
    const r = context.items[c];
    if (r.status !== 'pending' || r.viaFoundationPermit) return false;
    if (r.stage === context.stage) return true;
    return (
      context.stage !== 'complete' &&
      earlyItems.includes(c) &&
      r.dependsOn.every((d) => isApproved(context.items[d]?.status ?? 'pending'))
    );
  });
}

function foundationActive(context: ProjectCaseContext): boolean {
  return ['inProgress', 'permitted'].includes(context.foundation.status);
}

function prerequisitesPayload(context: ProjectCaseContext, catalog: Catalog): P {
  // v3: a review the project does not need (no 人防 shelter, not a 特殊建设工程) counts as satisfied.
  const notApplicable = context.flags ? catalog.items.map((i) => i.code).filter((c) => !(c in context.items)) : [];
  return {
    approvedItems: [...context.itemOrder.filter((c) => isApproved(context.items[c].status)), ...notApplicable],
    openCommitments: context.itemOrder.filter(
      (c) => context.items[c].commitmentOpen && isApproved(context.items[c].status),
    ),
    // 告知承诺 awaiting verification does not block the above-ground permit (foundation-permit v2).
    verificationPending: context.itemOrder.filter(
      (c) =>
        context.items[c].commitmentOpen &&
        context.items[c].basis === 'notifyCommitment' &&
        isApproved(context.items[c].status),
    ),
  };
}

function wholeProcessTimers(clock: DeadlineSpec): Effect[] {
  return [
    {
      kind: 'scheduleTimer',
      timerKey: 'wholeProcess:warning',
      deadline: clock,
      at: 'warning',
      event: { type: 'WHOLE_PROCESS_WARNING', payload: {} },
    },
    {
      kind: 'scheduleTimer',
      timerKey: 'wholeProcess:due',
      deadline: clock,
      at: 'due',
      event: { type: 'WHOLE_PROCESS_OVERDUE', payload: {} },
    },
  ];
}

/** Certificates whose item is approved and releasable, issued at once unless they wait for the bundle. */
function issueCertificates(
  context: ProjectCaseContext,
  at: string,
): Pick<ProjectCaseContext, 'certificates' | 'jointIssuedAt'> {
  const certificates = { ...context.certificates };
  let jointIssuedAt = context.jointIssuedAt;
  const bundle = context.bundle;
  const ready = (code: string) => {
    const r = context.items[code];
    return isApproved(r.status) && r.certificateReleasable;
  };
  for (const code of context.itemOrder) {
    const r = context.items[code];
    if (!r.certificate || certificates[r.certificate]?.status === 'valid' || !ready(code)) continue;
    // Bundle members wait for the joint issuance; issued after it (re-approval after a revocation), they come out
    // on their own like any other certificate.
    if (bundle && bundle.certificates.includes(r.certificate) && jointIssuedAt === null) continue;
    certificates[r.certificate] = {
      itemCode: code,
      status: 'valid',
      issuedAt: at,
      bundle: null,
      revokedAt: null,
      reason: null,
    };
  }
  if (bundle && jointIssuedAt === null) {
    const members = bundle.certificates.map((cert) =>
      context.itemOrder.find((c) => context.items[c].certificate === cert),
    );
    if (members.every((code) => code !== undefined && ready(code))) {
      // 联发: every member on one issue date, or none.
      jointIssuedAt = at;
      members.forEach((code, i) => {
        certificates[bundle.certificates[i]] = {
          itemCode: code!,
          status: 'valid',
          issuedAt: at,
          bundle: bundle.code,
          revokedAt: null,
          reason: null,
        };
      });
    }
  }
  return { certificates, jointIssuedAt };
}

export function createProjectCaseMachine(catalog: Catalog, defaultBundle: Bundle | null, version = 1) {
  // v1/v2 stay as released; v3 (catalog v2) adds project flags, ordering, 撤件 after any decision, the
  // government-time clock and visible revocation.
  const v3 = version >= 3;
  const v4 = version >= 4;
  const workStartWatchTransition = {
    guard: ({ context }: { context: ProjectCaseContext }) => unwatchedPermit(context, catalog) !== null,
    actions: [
      { type: 'emit' as const, params: ({ context }: Args) => ({ effects: startWatchEffects(context, catalog) }) },
      'recordWatchStarted' as const,
    ],
  };
  const itemVersion = v3 ? 2 : 1;
  const catalogFor = v3 ? catalog : undefined;
  const catalogEarlyItems = v3 ? catalog.items.filter((i) => i.opensEarly).map((i) => i.code) : [];
  // v4: 带方案出让 pre-reviews the design plan in the land stage (v4/design-plan-pre-review.ts).
  const early = (context: ProjectCaseContext) =>
    v4 ? [...catalogEarlyItems, ...preReviewItems(catalog, context.category)] : catalogEarlyItems;
  const openPendingItems = {
    type: 'emit' as const,
    params: ({ context }: Args) => ({
      effects: stageItemsToOpen(context, early(context)).map((c): Effect => ({
        kind: 'createChild',
        childKey: childKeyFor(c, 1),
        definitionId: DEFINITION_IDS.approvalItem,
        definitionVersion: itemVersion,
        input: itemInput(context, c, catalogFor),
      })),
    }),
  };
  // v3: an approval reaches the open items that wait for it.
  const notifyDependents = {
    type: 'emit' as const,
    params: ({ context, event }: Args) => {
      const code = pl(event).itemCode as string;
      if (!v3 || pl(event).outcome === 'refused') return { effects: [] as Effect[] };
      return {
        effects: context.itemOrder
          .filter((c) => context.items[c].status === 'open' && context.items[c].dependsOn.includes(code))
          .map((c): Effect => ({
            kind: 'notifyChild',
            childKey: context.items[c].childKey!,
            event: { type: 'DEPENDENCY_APPROVED', payload: { itemCode: code } },
          })),
      };
    },
  };
  // v3: a revocation reaches the undecided open items that depend on it: they wait again.
  const notifyDependentsRevoked = {
    type: 'emit' as const,
    params: ({ context, event }: Args) => {
      const code = pl(event).itemCode as string;
      return {
        effects: context.itemOrder
          .filter((c) => context.items[c].status === 'open' && context.items[c].dependsOn.includes(code))
          .map((c): Effect => ({
            kind: 'notifyChild',
            childKey: context.items[c].childKey!,
            event: { type: 'DEPENDENCY_REVOKED', payload: { itemCode: code } },
          })),
      };
    },
  };
  // v3: pause or resume the whole-process clock, with its timers.
  const clockTimerEffects = {
    type: 'emit' as const,
    params: ({ context, event }: Args) => {
      if (governmentWorking(context)) {
        const resumed = resumeDeadline(context.wholeProcess, event.occurredAt);
        return { effects: wholeProcessTimers(resumed) };
      }
      return {
        effects: [
          { kind: 'cancelTimer', timerKey: 'wholeProcess:warning' },
          { kind: 'cancelTimer', timerKey: 'wholeProcess:due' },
        ] as Effect[],
      };
    },
  };
  // Tell the other open items of the application that 撤件 is no longer possible (first decision only).
  const notifyApplicationDecided = {
    type: 'emit' as const,
    params: ({ context, event }: Args) => {
      const code = pl(event).itemCode as string;
      const stage = context.items[code].stage;
      // v1/v2 did not count a refusal as a decision of the application (issue #18, point 2).
      if (context.applicationDecided[stage] || (!v3 && pl(event).outcome === 'refused')) return { effects: [] };
      return {
        effects: context.itemOrder
          .filter((c) => c !== code && context.items[c].stage === stage && context.items[c].status === 'open')
          .map((c): Effect => ({
            kind: 'notifyChild',
            childKey: context.items[c].childKey!,
            event: { type: APPLICATION_DECIDED, payload: { itemCode: code } },
          })),
      };
    },
  };
  const emitReapply = {
    type: 'emit' as const,
    params: ({ context, event }: Args) => {
      const code = pl(event).itemCode as string;
      return {
        effects: [
          {
            kind: 'createChild',
            childKey: context.items[code].childKey!,
            definitionId: DEFINITION_IDS.approvalItem,
            definitionVersion: itemVersion,
            input: itemInput(context, code, catalogFor),
          },
        ] as Effect[],
      };
    },
  };
  const notifyFoundation = {
    type: 'emit' as const,
    params: ({ context }: Args) => ({
      effects: foundationActive(context)
        ? ([
            {
              kind: 'notifyChild',
              childKey: 'foundation',
              event: { type: PREREQUISITES_UPDATED, payload: prerequisitesPayload(context, catalog) },
            },
          ] as Effect[])
        : [],
    }),
  };
  const emitSections = {
    type: 'emit' as const,
    params: ({ context }: Args) => ({
      effects: context.sectionOrder.map((k): Effect => ({
        kind: 'createChild',
        childKey: `section:${k}`,
        definitionId: DEFINITION_IDS.acceptanceSection,
        definitionVersion: CHILD_VERSIONS[v3 ? 'corrected' : 'released'].acceptanceSection,
        input: {
          projectId: context.projectId,
          enterpriseId: context.enterpriseId,
          sectionKey: k,
          name: context.sections[k].name,
          siteWideChecksDue: context.sectionOrder.length === 1,
          permittedFloorArea: context.permittedFloorArea,
          requiredGreenRatio: context.requiredGreenRatio,
          ...(context.flags
            ? {
                acceptanceItems: catalog.acceptanceItems
                  .filter((a) => appliesTo(a.appliesWhen, context.flags!))
                  .map((a) => a.code),
              }
            : {}),
          // 先建后验 (acceptance-section v2): approvals granted on 告知承诺 and still open are checked at acceptance.
          commitmentChecks: context.itemOrder
            .filter(
              (c) =>
                context.items[c].commitmentOpen &&
                context.items[c].basis === 'notifyCommitment' &&
                isApproved(context.items[c].status),
            )
            .map((c) => {
              const item = catalog.items.find((i) => i.code === c)!;
              return { itemCode: c, itemName: item.name, department: item.department };
            }),
        },
      })),
    }),
  };
  // Site-wide checks (total floor area, green ratio) close only with the last open section.
  const notifyLastSection = {
    type: 'emit' as const,
    params: ({ context, event }: Args) => {
      const open = context.sectionOrder.filter((k) => context.sections[k].status === 'open');
      const justAccepted = pl(event).sectionKey as string;
      return {
        effects:
          open.length === 1 && context.sectionOrder.length > 1 && justAccepted !== open[0]
            ? ([
                {
                  kind: 'notifyChild',
                  childKey: `section:${open[0]}`,
                  event: { type: SITE_WIDE_CHECKS_DUE, payload: {} },
                },
              ] as Effect[])
            : [],
      };
    },
  };

  // The emit runs first so it sees the items still pending; the assign then marks them open.
  const openStage = (stage: StageKey) => [assign({ stage }), openPendingItems, 'markPendingItemsOpen'];

  return setup({
    types: {} as { context: ProjectCaseContext; events: EngineEvent; input: EngineEvent },
    guards: projectCaseGuards,
    actions: {
      emit: emitAction,
      markPendingItemsOpen: assign(({ context }) => {
        const items = { ...context.items };
        for (const code of stageItemsToOpen(context, early(context))) {
          items[code] = { ...items[code], status: 'open', attempts: 1, childKey: childKeyFor(code, 1) };
        }
        return { items };
      }),
      recordDecision: assign(({ context, event }) => {
        const p = pl(event);
        const code = p.itemCode as string;
        const outcome = p.outcome as ItemOutcome;
        const basis = p.basis as DecisionBasis;
        const items = {
          ...context.items,
          [code]: {
            ...context.items[code],
            status: outcome as ItemStatus,
            basis,
            certificateReleasable: outcome !== 'refused' && p.certificateReleasable !== false,
            commitmentOpen: outcome !== 'refused' && basis !== 'review',
            decidedAt: event.occurredAt,
          },
        };
        const next = { ...context, items };
        return {
          items,
          ...issueCertificates(next, event.occurredAt),
          applicationDecided: { ...context.applicationDecided, [items[code].stage]: true },
        };
      }),
      recordCommitmentFulfilled: assign(({ context, event }) => {
        const code = pl(event).itemCode as string;
        const items = {
          ...context.items,
          [code]: { ...context.items[code], commitmentOpen: false, certificateReleasable: true },
        };
        return { items, ...issueCertificates({ ...context, items }, event.occurredAt) };
      }),
      recordRevocation: assign(({ context, event }) => {
        const code = pl(event).itemCode as string;
        const reason = String(pl(event).cause ?? pl(event).reason ?? 'revoked');
        const items: Record<string, ItemRecord> = {
          ...context.items,
          [code]: { ...context.items[code], status: 'revoked', commitmentOpen: false },
        };
        // Approvals built on the revoked one are affected (受影响), transitively.
        const affected = new Set<string>([code]);
        let grew = true;
        while (grew) {
          grew = false;
          for (const c of context.itemOrder) {
            if (!affected.has(c) && items[c].dependsOn.some((d) => affected.has(d))) {
              affected.add(c);
              grew = true;
            }
          }
        }
        affected.delete(code);
        for (const c of affected) if (isApproved(items[c].status)) items[c] = { ...items[c], flagged: true };
        const certificates = { ...context.certificates };
        let bundleHit = false;
        for (const [cert, record] of Object.entries(certificates)) {
          if (record.itemCode === code && record.status === 'valid') {
            certificates[cert] = { ...record, status: 'revoked', revokedAt: event.occurredAt, reason };
            if (record.bundle !== null) bundleHit = true;
          }
        }
        // v3: a revoked member marks the joint issuance as affected (联发受影响).
        return v3
          ? { items, certificates, bundleAffected: context.bundleAffected || bundleHit }
          : { items, certificates };
      }),
      recordClosed: assign(({ context, event }) => {
        const code = pl(event).itemCode as string;
        return { items: { ...context.items, [code]: { ...context.items[code], status: 'closed' as ItemStatus } } };
      }),
      reapply: assign(({ context, event }) => {
        const code = pl(event).itemCode as string;
        const attempts = context.items[code].attempts + 1;
        return {
          items: {
            ...context.items,
            [code]: {
              ...context.items[code],
              status: 'open' as ItemStatus,
              attempts,
              childKey: childKeyFor(code, attempts),
              basis: null,
              decidedAt: null,
              certificateReleasable: false,
              flagged: false,
            },
          },
        };
      }),
      setFoundationStatus: assign(({ context }, params: { status: ProjectCaseContext['foundation']['status'] }) => ({
        foundation: { ...context.foundation, status: params.status },
      })),
      recordFoundationPermit: assign(({ context, event }) => ({
        certificates: {
          ...context.certificates,
          foundationConstructionPermit: {
            itemCode: 'constructionPermit',
            status: 'valid' as const,
            issuedAt: event.occurredAt,
            bundle: null,
            revokedAt: null,
            reason: null,
          },
        },
      })),
      lapseFoundationPermit: assign(({ context, event }) => {
        const current = context.certificates.foundationConstructionPermit;
        if (!current) return {};
        return {
          certificates: {
            ...context.certificates,
            // v4: a revocation (cause 'revoked') reads 已撤销 in the certificate registry, not 已失效.
            foundationConstructionPermit:
              v4 && pl(event).cause === 'revoked'
                ? {
                    ...current,
                    status: 'revoked' as const,
                    revokedAt: event.occurredAt,
                    reason: typeof pl(event).reason === 'string' ? String(pl(event).reason) : 'revoked',
                  }
                : { ...current, status: 'lapsed' as const, revokedAt: event.occurredAt, reason: 'workNotStarted' },
          },
        };
      }),
      // The plain process takes over: the construction permit becomes an ordinary approval item.
      fallBackToPlainPermit: assign(({ context }) => {
        const code = catalog.foundationFirst.constructionPermitItem;
        const record = context.items[code];
        if (!record || isApproved(record.status)) return {};
        return { items: { ...context.items, [code]: { ...record, viaFoundationPermit: false } } };
      }),
      recordAboveGround: assign(({ context, event }) => {
        const code = catalog.foundationFirst.constructionPermitItem;
        const items = {
          ...context.items,
          [code]: {
            ...context.items[code],
            status: 'approved' as ItemStatus,
            basis: 'review' as DecisionBasis,
            certificateReleasable: true,
            decidedAt: event.occurredAt,
          },
        };
        return {
          items,
          ...issueCertificates({ ...context, items }, event.occurredAt),
          applicationDecided: { ...context.applicationDecided, constructionPermit: true },
        };
      }),
      recordAboveGroundRefused: assign(({ context, event }) => {
        const code = catalog.foundationFirst.constructionPermitItem;
        return {
          items: {
            ...context.items,
            [code]: { ...context.items[code], status: 'refused' as ItemStatus, decidedAt: event.occurredAt },
          },
        };
      }),
      openSections: assign(({ context }) => {
        const sections = { ...context.sections };
        for (const k of context.sectionOrder) sections[k] = { ...sections[k], status: 'open' };
        return { sections };
      }),
      recordSectionAccepted: assign(({ context, event }) => {
        const k = pl(event).sectionKey as string;
        return {
          ...(context.sectionsWithDepartment
            ? { sectionsWithDepartment: context.sectionsWithDepartment.filter((x) => x !== k) }
            : {}),
          sections: {
            ...context.sections,
            [k]: {
              ...context.sections[k],
              status: 'accepted' as const,
              acceptedAt: event.occurredAt,
              productionAllowed: true,
            },
          },
        };
      }),
      syncClock: assign(({ context, event }) => {
        const at = event.occurredAt;
        const pauses = context.clockPauses ?? [];
        if (governmentWorking(context)) {
          return {
            wholeProcess: resumeDeadline(context.wholeProcess, at),
            clockPauses: pauses.map((p) => (p.to === null ? { ...p, to: at } : p)),
          };
        }
        return {
          wholeProcess: pauseDeadline(context.wholeProcess, at),
          clockPauses: [...pauses, { from: at, to: null, reason: pauseReason(context) }],
        };
      }),
      markItemWithEnterprise: assign(({ context, event }, params: { on: boolean }) => {
        const code = pl(event).itemCode as string;
        const rest = (context.itemsWithEnterprise ?? []).filter((c) => c !== code);
        return { itemsWithEnterprise: params.on ? [...rest, code] : rest };
      }),
      markSectionWithDepartment: assign(({ context, event }, params: { on: boolean }) => {
        const key = pl(event).sectionKey as string;
        const rest = (context.sectionsWithDepartment ?? []).filter((k) => k !== key);
        return { sectionsWithDepartment: params.on && key in context.sections ? [...rest, key] : rest };
      }),
      // v4 (v4/work-start-watch.ts): the construction permit's work-start period.
      recordWatchStarted: assign(({ context }) => watchStarted(context, catalog)),
      recordPermitLapsed: assign(({ context, event }) => permitLapsed(context, event)),
      markWarning: assign({ timerState: 'warning' as TimerState }),
      markOverdue: assign({ timerState: 'overdue' as TimerState }),
      complete: assign(({ event }) => ({ completedAt: event.occurredAt, timerState: 'stopped' as TimerState })),
    },
  }).createMachine({
    id: 'projectCase',
    type: 'parallel',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload as ProjectCaseInput;
      const category = catalog.projectCategories.find((c) => c.code === p.category)!;
      const practices = p.practices;
      const sections: SectionDeclaration[] =
        practices.stagedAcceptance && p.sections && p.sections.length > 0
          ? p.sections
          : [{ key: 'whole', name: '全部工程' }];
      const flags = v3 ? p.flags : undefined;
      const projectItems = flags ? itemsForProject(catalog, flags) : catalog.items;
      const byProject = catalog.jointIssuanceByProject;
      const bundle =
        v3 && byProject && flags ? (flags.industrial ? byProject.industrial : byProject.other) : defaultBundle;
      const items: Record<string, ItemRecord> = {};
      for (const item of projectItems) {
        items[item.code] = {
          stage: item.stage,
          required: item.required,
          certificate: item.certificate,
          dependsOn: v4 ? dependsOnFor(item, p.category) : item.dependsOn,
          status: 'pending',
          childKey: null,
          attempts: 0,
          basis: null,
          certificateReleasable: false,
          commitmentOpen: false,
          flagged: false,
          decidedAt: null,
          viaFoundationPermit:
            practices.foundationFirst && item.code === catalog.foundationFirst.constructionPermitItem,
        };
      }
      return {
        projectId: p.projectId,
        name: p.name,
        enterpriseId: p.enterpriseId,
        category: p.category,
        practices,
        bundle: practices.jointIssuance ? bundle : null,
        wholeProcess: deadline(
          'wholeProcess',
          `全流程审批时限（${category.name}）`,
          input.occurredAt,
          category.targetWorkingDays,
          'workingDays',
          catalog.warningShare,
        ),
        timerState: 'normal' as TimerState,
        items,
        itemOrder: projectItems.map((i) => i.code),
        stage: 'landPlanning' as StageKey | 'complete',
        certificates: {},
        jointIssuedAt: null,
        applicationDecided: {},
        foundation: { status: practices.foundationFirst ? 'waiting' : 'notDeclared' },
        sections: Object.fromEntries(
          sections.map((s) => [
            s.key,
            { name: s.name, status: 'pending' as const, acceptedAt: null, productionAllowed: false },
          ]),
        ),
        sectionOrder: sections.map((s) => s.key),
        submittedMaterials: p.submittedMaterials ?? {},
        permittedFloorArea: p.permittedFloorArea ?? null,
        requiredGreenRatio: p.requiredGreenRatio ?? null,
        completedAt: null,
        ...(flags
          ? {
              flags,
              itemsWithEnterprise: [],
              sectionsWithDepartment: [],
              clockPauses: [],
              bundleAffected: false,
            }
          : {}),
      };
    },
    entry: {
      type: 'emit',
      params: ({ context }) => ({ effects: wholeProcessTimers(context.wholeProcess) }),
    },
    // v3: whatever an event changed, the clock follows (runs only while a department has the project).
    // v4: a construction permit just issued starts its work-start period.
    ...(v3
      ? {
          always: [
            { guard: 'clockOutOfSync', actions: [clockTimerEffects, 'syncClock'] },
            ...(v4 ? [workStartWatchTransition] : []),
          ],
        }
      : {}),
    on: {
      ...(v3
        ? {
            ITEM_WAITING_ON_ENTERPRISE: {
              guard: 'knownItem',
              actions: { type: 'markItemWithEnterprise', params: { on: true } },
            },
            ITEM_BACK_WITH_DEPARTMENT: {
              guard: 'knownItem',
              actions: { type: 'markItemWithEnterprise', params: { on: false } },
            },
            SECTION_WITH_DEPARTMENT: { actions: { type: 'markSectionWithDepartment', params: { on: true } } },
            SECTION_WITH_ENTERPRISE: { actions: { type: 'markSectionWithDepartment', params: { on: false } } },
          }
        : {}),
      ...(v4 ? { CONSTRUCTION_PERMIT_LAPSED: { actions: 'recordPermitLapsed' } } : {}),
      ITEM_DECIDED: {
        guard: 'knownItem',
        actions: [
          notifyApplicationDecided,
          notifyDependents,
          'recordDecision',
          ...(v3 ? [{ type: 'markItemWithEnterprise' as const, params: { on: false } }] : []),
          notifyFoundation,
          // v3: items marked to open early (联合审图) open once what they depend on is approved.
          ...(v3 ? [openPendingItems, 'markPendingItemsOpen' as const] : []),
        ],
      },
      ITEM_COMMITMENT_FULFILLED: { guard: 'knownItem', actions: ['recordCommitmentFulfilled', notifyFoundation] },
      ITEM_REVOKED: {
        guard: 'knownItem',
        actions: [...(v3 ? [notifyDependentsRevoked] : []), 'recordRevocation', notifyFoundation],
      },
      ITEM_CLOSED: { guard: 'knownItem', actions: ['recordClosed'] },
      REAPPLY_ITEM: { guard: 'itemReapplicable', actions: ['reapply', emitReapply] },
      SECTION_ACCEPTED: { guard: 'knownOpenSection', actions: ['recordSectionAccepted', notifyLastSection] },
      WHOLE_PROCESS_WARNING: { guard: 'clockNotOverdue', actions: 'markWarning' },
      WHOLE_PROCESS_OVERDUE: { guard: 'clockRunning', actions: 'markOverdue' },
    },
    states: {
      stages: {
        initial: 'landPlanning',
        states: {
          // 立项用地规划许可
          landPlanning: {
            entry: openStage('landPlanning') as never,
            always: { guard: 'landPlanningDone', target: 'engineeringPermit' },
          },
          // 工程建设许可
          engineeringPermit: {
            entry: openStage('engineeringPermit') as never,
            always: { guard: 'engineeringPermitDone', target: 'constructionPermit' },
          },
          // 施工许可
          constructionPermit: {
            entry: openStage('constructionPermit') as never,
            always: { guard: 'constructionPermitDone', target: 'completionAcceptance' },
          },
          // 竣工验收 (联合验收, by sections when staged)
          completionAcceptance: {
            entry: [assign({ stage: 'completionAcceptance' as const }), 'openSections', emitSections],
            always: {
              guard: 'allSectionsAccepted',
              target: 'complete',
              actions: [
                'complete',
                {
                  type: 'emit',
                  params: {
                    effects: [
                      { kind: 'cancelTimer', timerKey: 'wholeProcess:warning' },
                      { kind: 'cancelTimer', timerKey: 'wholeProcess:due' },
                    ],
                  },
                },
              ],
            },
          },
          // Complete; revocations can still arrive, so not a final state.
          complete: { entry: assign({ stage: 'complete' as const }) },
        },
      },
      jointIssuance: {
        initial: 'deciding',
        states: {
          deciding: {
            always: [{ guard: 'jointIssuanceDeclared', target: 'pending' }, { target: 'notDeclared' }],
          },
          notDeclared: {},
          // 联发: waiting until every bundle member is approved.
          pending: { always: { guard: 'bundleIssued', target: 'issued' } },
          issued: {},
        },
      },
      foundationFirst: {
        initial: 'deciding',
        states: {
          deciding: {
            always: [{ guard: 'foundationFirstDeclared', target: 'waiting' }, { target: 'notDeclared' }],
          },
          notDeclared: {},
          waiting: { always: { guard: 'foundationStageReached', target: 'inProgress' } },
          // 桩基先行: the phased construction permit runs beside the drawing review.
          inProgress: {
            entry: [
              { type: 'setFoundationStatus', params: { status: 'inProgress' } },
              {
                type: 'emit',
                params: ({ context }) => ({
                  effects: [
                    {
                      kind: 'createChild',
                      childKey: 'foundation',
                      definitionId: DEFINITION_IDS.foundationPermit,
                      definitionVersion: CHILD_VERSIONS[v3 ? 'corrected' : 'released'].foundationPermit,
                      input: {
                        projectId: context.projectId,
                        enterpriseId: context.enterpriseId,
                        ...prerequisitesPayload(context, catalog),
                      },
                    },
                  ],
                }),
              },
            ],
            on: {
              FOUNDATION_PERMIT_ISSUED: {
                target: 'foundationPermitted',
                actions: ['recordFoundationPermit', { type: 'setFoundationStatus', params: { status: 'permitted' } }],
              },
              FOUNDATION_PERMIT_REFUSED: {
                target: 'refused',
                actions: [
                  { type: 'setFoundationStatus', params: { status: 'refused' } },
                  'fallBackToPlainPermit',
                  openPendingItems,
                  'markPendingItemsOpen',
                ],
              },
            },
          },
          foundationPermitted: {
            on: {
              ABOVE_GROUND_PERMIT_ISSUED: {
                target: 'aboveGroundPermitted',
                actions: [
                  { type: 'setFoundationStatus', params: { status: 'aboveGroundPermitted' } },
                  'recordAboveGround',
                ],
              },
              // 不予核发 ±0.000以上: work stops at the foundation.
              ABOVE_GROUND_PERMIT_REFUSED: {
                target: 'stoppedAtFoundation',
                actions: [
                  { type: 'setFoundationStatus', params: { status: 'stoppedAtFoundation' } },
                  'recordAboveGroundRefused',
                ],
              },
              FOUNDATION_PERMIT_LAPSED: {
                target: 'lapsed',
                actions: [
                  { type: 'setFoundationStatus', params: { status: 'lapsed' } },
                  'lapseFoundationPermit',
                  'fallBackToPlainPermit',
                  openPendingItems,
                  'markPendingItemsOpen',
                ],
              },
            },
          },
          aboveGroundPermitted: {},
          stoppedAtFoundation: {},
          lapsed: {},
          refused: {},
        },
      },
    },
  });
}

/**
 * The project's case (项目): four stages opened one after another, parallel approval items inside each stage,
 * and regions switched on by the fast-track practices the project declares at creation:
 * jointIssuance (四证联发 / 六证联发) and foundationFirst (桩基先行). Staged acceptance (分段竣工验收) shows in the
 * completion stage as several acceptance sections. Every item, commitment, foundation permit and section is
 * its own instance; this machine only creates them and listens to what they report.
 */
import { assign, setup } from 'xstate';
import type { DeadlineSpec, Effect, EngineEvent, TimerState } from '../contract';
import type { Bundle, Catalog, StageKey } from '../catalog/types';
import { emitAction } from '../core/define';
import { deadline } from '../core/time';
import {
  APPLICATION_DECIDED,
  DEFINITION_IDS,
  PREREQUISITES_UPDATED,
  SITE_WIDE_CHECKS_DUE,
  type DecisionBasis,
  type ItemOutcome,
  type ProjectPractices,
} from '../protocol';

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
  [key: string]: unknown;
}

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
  clockNotOverdue: ({ context }: { context: ProjectCaseContext }) => context.timerState === 'normal',
  /** The foundation-stage permit can be prepared once the design plan is under review (工程建设许可). */
  foundationStageReached: ({ context }: { context: ProjectCaseContext }) => context.stage !== 'landPlanning',
  clockRunning: ({ context }: { context: ProjectCaseContext }) =>
    context.timerState === 'normal' || context.timerState === 'warning',
};

export function stageComplete(context: ProjectCaseContext, stage: StageKey): boolean {
  const items = context.itemOrder.map((c) => context.items[c]).filter((i) => i.stage === stage && i.required);
  return items.every((i) => isApproved(i.status));
}

export function reapplyProblem(context: ProjectCaseContext, event: Pick<EngineEvent, 'payload'>): string | null {
  const record = context.items[event.payload.itemCode as string];
  if (!record) return '未知事项 / unknown item';
  if (!['refused', 'closed', 'revoked'].includes(record.status)) {
    return '该事项无需重新申请 / only a refused, closed or revoked item can be applied for again';
  }
  if (record.viaFoundationPermit) return '该事项由桩基先行施工许可办理 / handled by the foundation permit';
  return null;
}

function itemInput(context: ProjectCaseContext, code: string): P {
  const input: P = {
    projectId: context.projectId,
    enterpriseId: context.enterpriseId,
    itemCode: code,
    applicationKey: context.items[code].stage,
    practices: { tolerance: context.practices.tolerance, notifyCommit: context.practices.notifyCommit },
  };
  if (context.submittedMaterials[code]) input.submittedMaterials = context.submittedMaterials[code];
  return input;
}

function childKeyFor(code: string, attempt: number): string {
  return attempt <= 1 ? `item:${code}` : `item:${code}:${attempt}`;
}

/** Items of the current stage that need an approval-item instance now. */
function stageItemsToOpen(context: ProjectCaseContext): string[] {
  return context.itemOrder.filter((c) => {
    const r = context.items[c];
    return r.stage === context.stage && r.status === 'pending' && !r.viaFoundationPermit;
  });
}

function foundationActive(context: ProjectCaseContext): boolean {
  return ['inProgress', 'permitted'].includes(context.foundation.status);
}

function prerequisitesPayload(context: ProjectCaseContext): P {
  return {
    approvedItems: context.itemOrder.filter((c) => isApproved(context.items[c].status)),
    openCommitments: context.itemOrder.filter(
      (c) => context.items[c].commitmentOpen && isApproved(context.items[c].status),
    ),
  };
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

export function createProjectCaseMachine(catalog: Catalog, defaultBundle: Bundle) {
  const openPendingItems = {
    type: 'emit' as const,
    params: ({ context }: Args) => ({
      effects: stageItemsToOpen(context).map((c): Effect => ({
        kind: 'createChild',
        childKey: childKeyFor(c, 1),
        definitionId: DEFINITION_IDS.approvalItem,
        definitionVersion: 1,
        input: itemInput(context, c),
      })),
    }),
  };
  // Tell the other open items of the application that 撤件 is no longer possible (first decision only).
  const notifyApplicationDecided = {
    type: 'emit' as const,
    params: ({ context, event }: Args) => {
      const code = pl(event).itemCode as string;
      const stage = context.items[code].stage;
      if (context.applicationDecided[stage] || pl(event).outcome === 'refused') return { effects: [] };
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
            definitionVersion: 1,
            input: itemInput(context, code),
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
              event: { type: PREREQUISITES_UPDATED, payload: prerequisitesPayload(context) },
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
        definitionVersion: 1,
        input: {
          projectId: context.projectId,
          enterpriseId: context.enterpriseId,
          sectionKey: k,
          name: context.sections[k].name,
          siteWideChecksDue: context.sectionOrder.length === 1,
          permittedFloorArea: context.permittedFloorArea,
          requiredGreenRatio: context.requiredGreenRatio,
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
        for (const code of stageItemsToOpen(context)) {
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
        for (const [cert, record] of Object.entries(certificates)) {
          if (record.itemCode === code && record.status === 'valid') {
            certificates[cert] = { ...record, status: 'revoked', revokedAt: event.occurredAt, reason };
          }
        }
        return { items, certificates };
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
            foundationConstructionPermit: {
              ...current,
              status: 'lapsed' as const,
              revokedAt: event.occurredAt,
              reason: 'workNotStarted',
            },
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
      const items: Record<string, ItemRecord> = {};
      for (const item of catalog.items) {
        items[item.code] = {
          stage: item.stage,
          required: item.required,
          certificate: item.certificate,
          dependsOn: item.dependsOn,
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
        bundle: practices.jointIssuance ? defaultBundle : null,
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
        itemOrder: catalog.items.map((i) => i.code),
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
      };
    },
    entry: {
      type: 'emit',
      params: ({ context }) => ({
        effects: [
          {
            kind: 'scheduleTimer',
            timerKey: 'wholeProcess:warning',
            deadline: context.wholeProcess,
            at: 'warning',
            event: { type: 'WHOLE_PROCESS_WARNING', payload: {} },
          },
          {
            kind: 'scheduleTimer',
            timerKey: 'wholeProcess:due',
            deadline: context.wholeProcess,
            at: 'due',
            event: { type: 'WHOLE_PROCESS_OVERDUE', payload: {} },
          },
        ],
      }),
    },
    on: {
      ITEM_DECIDED: {
        guard: 'knownItem',
        actions: [notifyApplicationDecided, 'recordDecision', notifyFoundation],
      },
      ITEM_COMMITMENT_FULFILLED: { guard: 'knownItem', actions: ['recordCommitmentFulfilled', notifyFoundation] },
      ITEM_REVOKED: { guard: 'knownItem', actions: ['recordRevocation', notifyFoundation] },
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
                      definitionVersion: 1,
                      input: {
                        projectId: context.projectId,
                        enterpriseId: context.enterpriseId,
                        ...prerequisitesPayload(context),
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

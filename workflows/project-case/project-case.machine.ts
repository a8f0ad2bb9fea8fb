/**
 * The project's case (项目): four stages opened one after another, parallel approval items inside each stage,
 * and regions switched on by the fast-track practices the project declares at creation:
 * jointIssuance (四证联发 / 六证联发) and foundationFirst (桩基先行). Staged acceptance (分段竣工验收) shows in the
 * completion stage as several acceptance sections. Every item, commitment, foundation permit and section is
 * its own instance; this machine only creates them and listens to what they report.
 * Its data is in project-case.types.ts, its events in project-case.events.ts, its guards and computations in
 * project-case.rules.ts and what it asks of the engine in project-case.effects.ts.
 */
import { assertEvent, assign, setup } from 'xstate';
import type { TimerState } from '../contract';
import type { Bundle, Catalog, StageKey } from '../catalog/types';
import { itemsForProject } from '../catalog';
import { emitAction } from '../core/define';
import type { CreatedEvent } from '../core/events';
import { deadline, pauseDeadline, resumeDeadline } from '../core/time';
import {
  CHILD_VERSIONS,
  DEFINITION_IDS,
  EXTENSION_FROM_END_CHILD_VERSIONS,
  EXTENSION_FROM_END_PROJECT_VERSION,
  V9_CHILD_VERSIONS,
  V11_CHILD_VERSIONS,
  type DecisionBasis,
} from '../protocol';
import type { ProjectCaseEvent } from './project-case.events';
import {
  clockOutOfSync,
  governmentWorking,
  isApproved,
  issueCertificates,
  pauseReason,
  projectCaseGuards,
  stageItemsToOpen,
} from './project-case.rules';
import { childKeyFor, prerequisitesPayload, projectCaseEmits, wholeProcessTimers } from './project-case.effects';
import type {
  CertificateRecord,
  ItemRecord,
  ItemStatus,
  ProjectCaseContext,
  ProjectCaseInput,
  SectionDeclaration,
  SectionRecord,
} from './project-case.types';
import {
  permitLapsed,
  startWatchEffects,
  unwatchedPermit,
  watchStarted,
  workStartVersionFor,
} from './v4/work-start-watch';
import { dependsOnFor } from './v4/design-plan-pre-review';
import { markInRectification, RECTIFICATION_VERSION, rectificationStart } from './v5/rectification';
import {
  CLOCK_PAUSES_VERSION,
  clockPausesStart,
  markSectionWithEnterprise,
  pauseReasonStale,
  relabelPause,
  syncClockV8,
} from './v8/clock-pauses';
import { FOUNDATION_REVIEW_VERSION, foundationReviewStart, markFoundationWithDepartment } from './v9/foundation-review';
import { ENDED_ITEM_VERSION, releaseEndedItem } from './v10/ended-item';
import {
  ACCEPTANCE_CONDITIONS_VERSION,
  conditionsEffects,
  conditionsSent,
  conditionsStale,
  permitInForce,
} from './v11/acceptance-conditions';
import { recordWorkStarted } from './v11/work-started';

// The project's data and rules, where the definition, the other machines and the tests have always found them.
export * from './project-case.types';
export {
  clockOutOfSync,
  governmentWorking,
  isApproved,
  itemReapplyProblem,
  projectCaseGuards,
  reapplyProblem,
  reopenedStage,
  stageComplete,
  stageReopened,
} from './project-case.rules';

// The literal values the actions write, typed as the context declares them.
const open: ItemStatus = 'open';
const closed: ItemStatus = 'closed';
const approved: ItemStatus = 'approved';
const refused: ItemStatus = 'refused';
const review: DecisionBasis = 'review';
const valid: CertificateRecord['status'] = 'valid';
const lapsed: CertificateRecord['status'] = 'lapsed';
const revoked: CertificateRecord['status'] = 'revoked';
const accepted: SectionRecord['status'] = 'accepted';
const pendingSection: SectionRecord['status'] = 'pending';
const landPlanning: ProjectCaseContext['stage'] = 'landPlanning';

export function createProjectCaseMachine(catalog: Catalog, defaultBundle: Bundle | null, version = 1) {
  // v1/v2 stay as released; v3 (catalog v2) adds project flags, ordering, 撤件 after any decision, the
  // government-time clock and visible revocation.
  const v3 = version >= 3;
  const v4 = version >= 4;
  // v5 (v5/rectification.ts): a 告知承诺 in rectification reaches the foundation permit (v4).
  const v5 = version >= RECTIFICATION_VERSION;
  // v8 (v8/clock-pauses.ts): the clock's pauses give the true reason and never last nothing.
  const v8 = version >= CLOCK_PAUSES_VERSION;
  // v9 (v9/foundation-review.ts): the foundation permit (v6) says when the housing department reviews it.
  const v9 = version >= FOUNDATION_REVIEW_VERSION;
  // v10 (v10/ended-item.ts): a closed or revoked item is no longer with the enterprise (补正).
  const v10 = version >= ENDED_ITEM_VERSION;
  // v11 (v11/acceptance-conditions.ts): acceptance waits for the permit in force, work started, earlier approvals.
  const v11 = version >= ACCEPTANCE_CONDITIONS_VERSION;
  const stageKeys = catalog.stages.map((st) => st.key);
  const {
    earlyItems,
    cancelWholeProcessTimers,
    openPendingItems,
    notifyDependents,
    notifyDependentsRevoked,
    clockTimerEffects,
    notifyApplicationDecided,
    emitReapply,
    notifyFoundation,
    emitSections,
    notifyLastSection,
  } = projectCaseEmits(catalog, version);

  // The emit runs first so it sees the items still pending; the assign then marks them open.
  const openStage = (stage: StageKey) => [assign({ stage }), openPendingItems, 'markPendingItemsOpen'];
  // v4 (v4/work-start-watch.ts): a construction permit just issued starts its work-start period.
  const workStartWatchTransition = {
    guard: ({ context }: { context: ProjectCaseContext }) => unwatchedPermit(context, catalog) !== null,
    actions: [
      {
        type: 'emit' as const,
        params: ({ context }: { context: ProjectCaseContext }) => ({
          effects: startWatchEffects(context, catalog, workStartVersionFor(version)),
        }),
      },
      'recordWatchStarted' as const,
    ],
  };
  // v11: the open sections hear what acceptance waits for whenever it changes (and once they open).
  const acceptanceConditionsTransition = {
    guard: ({ context }: { context: ProjectCaseContext }) => conditionsStale(context, catalog),
    actions: [
      {
        type: 'emit' as const,
        params: ({ context }: { context: ProjectCaseContext }) => ({ effects: conditionsEffects(context, catalog) }),
      },
      'recordConditionsSent' as const,
    ],
  };

  return setup({
    types: {} as { context: ProjectCaseContext; events: ProjectCaseEvent; input: CreatedEvent<ProjectCaseInput> },
    guards: {
      ...projectCaseGuards,
      pauseReasonStale: ({ context }) => pauseReasonStale(context, stageKeys),
      // v8: the step that accepts the last section completes the project: no pause opens then (v3–v7 opened one
      // that never closed).
      clockOutOfSyncV8: ({ context }) => clockOutOfSync(context) && !projectCaseGuards.allSectionsAccepted({ context }),
      // v11: acceptance opens once the construction permit is in force (joint issuance: once the bundle is issued).
      constructionPermitInForce: ({ context }) =>
        projectCaseGuards.constructionPermitDone({ context }) && permitInForce(context, catalog),
    },
    actions: {
      emit: emitAction,
      markPendingItemsOpen: assign(({ context }) => {
        const items = { ...context.items };
        for (const code of stageItemsToOpen(context, earlyItems(context))) {
          items[code] = { ...items[code], status: 'open', attempts: 1, childKey: childKeyFor(code, 1) };
        }
        return { items };
      }),
      recordDecision: assign(({ context, event }) => {
        assertEvent(event, 'ITEM_DECIDED');
        const p = event.payload;
        const code = p.itemCode;
        const outcome = p.outcome;
        const basis = p.basis;
        const items = {
          ...context.items,
          [code]: {
            ...context.items[code],
            status: outcome,
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
        assertEvent(event, 'ITEM_COMMITMENT_FULFILLED');
        const code = event.payload.itemCode;
        const items = {
          ...context.items,
          [code]: { ...context.items[code], commitmentOpen: false, certificateReleasable: true },
        };
        return { items, ...issueCertificates({ ...context, items }, event.occurredAt) };
      }),
      recordRevocation: assign(({ context, event }) => {
        assertEvent(event, 'ITEM_REVOKED');
        const code = event.payload.itemCode;
        const reason = String(event.payload.cause ?? event.payload.reason ?? 'revoked');
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
        assertEvent(event, 'ITEM_CLOSED');
        const code = event.payload.itemCode;
        return { items: { ...context.items, [code]: { ...context.items[code], status: closed } } };
      }),
      reapply: assign(({ context, event }) => {
        assertEvent(event, 'REAPPLY_ITEM');
        const code = event.payload.itemCode;
        const attempts = context.items[code].attempts + 1;
        return {
          items: {
            ...context.items,
            [code]: {
              ...context.items[code],
              status: open,
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
            status: valid,
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
        assertEvent(event, 'FOUNDATION_PERMIT_LAPSED');
        const { cause, reason } = event.payload;
        return {
          certificates: {
            ...context.certificates,
            // v4: a revocation (cause 'revoked') reads 已撤销 in the certificate registry, not 已失效.
            foundationConstructionPermit:
              v4 && cause === 'revoked'
                ? {
                    ...current,
                    status: revoked,
                    revokedAt: event.occurredAt,
                    reason: typeof reason === 'string' ? reason : 'revoked',
                  }
                : { ...current, status: lapsed, revokedAt: event.occurredAt, reason: 'workNotStarted' },
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
            status: approved,
            basis: review,
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
            [code]: { ...context.items[code], status: refused, decidedAt: event.occurredAt },
          },
        };
      }),
      openSections: assign(({ context }) => {
        const sections = { ...context.sections };
        for (const k of context.sectionOrder) {
          // v11: started on acceptance-section v5, which takes the acceptance conditions.
          sections[k] = { ...sections[k], status: 'open', ...(v11 ? { takesConditions: true } : {}) };
        }
        return { sections };
      }),
      recordSectionAccepted: assign(({ context, event }) => {
        assertEvent(event, 'SECTION_ACCEPTED');
        const k = event.payload.sectionKey;
        return {
          ...(context.sectionsWithDepartment
            ? { sectionsWithDepartment: context.sectionsWithDepartment.filter((x) => x !== k) }
            : {}),
          sections: {
            ...context.sections,
            [k]: {
              ...context.sections[k],
              status: accepted,
              acceptedAt: event.occurredAt,
              productionAllowed: true,
            },
          },
        };
      }),
      syncClock: assign(({ context, event }) => {
        const at = event.occurredAt;
        if (v8) return syncClockV8(context, stageKeys, at);
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
        assertEvent(event, ['ITEM_WAITING_ON_ENTERPRISE', 'ITEM_BACK_WITH_DEPARTMENT', 'ITEM_DECIDED']);
        const code = event.payload.itemCode;
        const rest = (context.itemsWithEnterprise ?? []).filter((c) => c !== code);
        return { itemsWithEnterprise: params.on ? [...rest, code] : rest };
      }),
      markSectionWithDepartment: assign(({ context, event }, params: { on: boolean }) => {
        assertEvent(event, ['SECTION_WITH_DEPARTMENT', 'SECTION_WITH_ENTERPRISE']);
        const key = event.payload.sectionKey;
        const rest = (context.sectionsWithDepartment ?? []).filter((k) => k !== key);
        return {
          sectionsWithDepartment: params.on && key in context.sections ? [...rest, key] : rest,
          ...markSectionWithEnterprise(context, key, !params.on),
        };
      }),
      relabelPause: assign(({ context, event }) => relabelPause(context, stageKeys, event.occurredAt)),
      // v10: the item ended (closed or revoked); the enterprise no longer holds it in 补正.
      releaseEndedItem: assign(({ context, event }) => {
        assertEvent(event, ['ITEM_CLOSED', 'ITEM_REVOKED']);
        return releaseEndedItem(context, event.payload.itemCode);
      }),
      // v9: the foundation permit (v6) says whether the housing department reviews one of its applications.
      markFoundationWithDepartment: assign((_, params: { on: boolean }) => markFoundationWithDepartment(params.on)),
      // v4 (v4/work-start-watch.ts): the construction permit's work-start period.
      recordWatchStarted: assign(({ context }) => watchStarted(context, catalog, v11)),
      // v11: work-start v3 reports the start; acceptance waits for it.
      recordWorkStarted: assign(({ context, event }) => {
        assertEvent(event, 'CONSTRUCTION_WORK_STARTED');
        return recordWorkStarted(context, event.payload);
      }),
      recordConditionsSent: assign(({ context }) => conditionsSent(context, catalog)),
      recordPermitLapsed: assign(({ context, event }) => {
        assertEvent(event, 'CONSTRUCTION_PERMIT_LAPSED');
        return permitLapsed(context, event);
      }),
      // v5: an item's 告知承诺 enters rectification; it leaves it with ITEM_COMMITMENT_FULFILLED or ITEM_REVOKED.
      markInRectification: assign(({ context, event }, params: { on: boolean }) => {
        assertEvent(event, ['ITEM_COMMITMENT_IN_RECTIFICATION', 'ITEM_COMMITMENT_FULFILLED', 'ITEM_REVOKED']);
        return markInRectification(context, event.payload.itemCode, params.on);
      }),
      markWarning: assign({ timerState: 'warning' satisfies TimerState }),
      markOverdue: assign({ timerState: 'overdue' satisfies TimerState }),
      complete: assign(({ event }) => ({ completedAt: event.occurredAt, timerState: 'stopped' satisfies TimerState })),
    },
  }).createMachine({
    id: 'projectCase',
    type: 'parallel',
    context: ({ input }) => {
      // XState evaluates the initial context without input when it restores a snapshot: nothing to build then.
      if (input === undefined) return {} as never;
      const p = input.payload;
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
        timerState: 'normal' satisfies TimerState,
        items,
        itemOrder: projectItems.map((i) => i.code),
        stage: landPlanning,
        certificates: {},
        jointIssuedAt: null,
        applicationDecided: {},
        foundation: { status: practices.foundationFirst ? 'waiting' : 'notDeclared' },
        sections: Object.fromEntries(
          sections.map((s) => [
            s.key,
            { name: s.name, status: pendingSection, acceptedAt: null, productionAllowed: false },
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
        ...(v5 ? rectificationStart() : {}),
        ...(v8 ? clockPausesStart() : {}),
        ...(v9 ? foundationReviewStart() : {}),
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
            { guard: v8 ? 'clockOutOfSyncV8' : 'clockOutOfSync', actions: [clockTimerEffects, 'syncClock'] },
            ...(v8 ? [{ guard: 'pauseReasonStale' as const, actions: 'relabelPause' as const }] : []),
            ...(v4 ? [workStartWatchTransition] : []),
            ...(v11 ? [acceptanceConditionsTransition] : []),
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
      ...(v11 ? { CONSTRUCTION_WORK_STARTED: { actions: 'recordWorkStarted' as const } } : {}),
      ...(v9
        ? {
            FOUNDATION_WITH_DEPARTMENT: {
              actions: { type: 'markFoundationWithDepartment' as const, params: { on: true } },
            },
            FOUNDATION_WITH_ENTERPRISE: {
              actions: { type: 'markFoundationWithDepartment' as const, params: { on: false } },
            },
          }
        : {}),
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
      ...(v5
        ? {
            ITEM_COMMITMENT_IN_RECTIFICATION: {
              guard: 'knownItem',
              actions: [{ type: 'markInRectification' as const, params: { on: true } }, notifyFoundation],
            },
          }
        : {}),
      ITEM_COMMITMENT_FULFILLED: {
        guard: 'knownItem',
        actions: [
          'recordCommitmentFulfilled',
          ...(v5 ? [{ type: 'markInRectification' as const, params: { on: false } }] : []),
          notifyFoundation,
        ],
      },
      ITEM_REVOKED: {
        guard: 'knownItem',
        actions: [
          ...(v3 ? [notifyDependentsRevoked] : []),
          'recordRevocation',
          ...(v5 ? [{ type: 'markInRectification' as const, params: { on: false } }] : []),
          ...(v10 ? ['releaseEndedItem' as const] : []),
          notifyFoundation,
        ],
      },
      ITEM_CLOSED: { guard: 'knownItem', actions: ['recordClosed', ...(v10 ? ['releaseEndedItem' as const] : [])] },
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
            always: {
              guard: v11 ? 'constructionPermitInForce' : 'constructionPermitDone',
              target: 'completionAcceptance',
            },
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
                  params: { effects: cancelWholeProcessTimers },
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
                      // v5: v4, which hears of 告知承诺 in rectification (not after a migration from v4); v7: v5,
                      // each work-start extension from the end of the period before; v9: v6, which says when the
                      // department reviews its applications; v11: V11_CHILD_VERSIONS.
                      definitionVersion: context.rectificationNotice
                        ? v11
                          ? V11_CHILD_VERSIONS.foundationPermit
                          : v9
                            ? V9_CHILD_VERSIONS.foundationPermit
                            : version >= EXTENSION_FROM_END_PROJECT_VERSION
                              ? EXTENSION_FROM_END_CHILD_VERSIONS.foundationPermit
                              : CHILD_VERSIONS.rectification.foundationPermit
                        : CHILD_VERSIONS[v3 ? 'corrected' : 'released'].foundationPermit,
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

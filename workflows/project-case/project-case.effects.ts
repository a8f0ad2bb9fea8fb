/** What the 项目 asks of the engine: the inputs of the instances it creates, the notices it sends, its timers. */
import { assertEvent } from 'xstate';
import type { DeadlineSpec, Effect, Payload } from '../contract';
import type { Catalog } from '../catalog/types';
import { itemsForProject } from '../catalog';
import { appliesTo } from '../catalog';
import { resumeDeadline } from '../core/time';
import { cancelClock, notifyChild, scheduleClock, type ClockTimers } from '../core/kit';
import {
  APPLICATION_DECIDED,
  CHILD_VERSIONS,
  PROJECT_CASE_V8,
  PROJECT_CASE_V11,
  V8_CHILD_VERSIONS,
  V11_CHILD_VERSIONS,
  DEFINITION_IDS,
  PREREQUISITES_UPDATED,
  SITE_WIDE_CHECKS_DUE,
} from '../protocol';
import type { ProjectCaseEvent } from './project-case.events';
import { foundationActive, governmentWorking, isApproved, stageItemsToOpen } from './project-case.rules';
import type { ProjectCaseContext } from './project-case.types';
import { preReviewItems } from './v4/design-plan-pre-review';
import { RECTIFICATION_VERSION, rectificationNoticeFields } from './v5/rectification';

/**
 * `reapplied` (v11, xa F7): a re-application is a new application; nothing of it is decided yet, so it is not handed
 * the old application's decided flag and its 撤件 stays open until one of it is decided.
 */
export function itemInput(context: ProjectCaseContext, code: string, catalog?: Catalog, reapplied = false): Payload {
  const input: Payload = {
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
    if (context.applicationDecided[context.items[code].stage] && !reapplied) input.applicationDecided = true;
  }
  return input;
}

export function childKeyFor(code: string, attempt: number): string {
  return attempt <= 1 ? `item:${code}` : `item:${code}:${attempt}`;
}

export function prerequisitesPayload(context: ProjectCaseContext, catalog: Catalog): Payload {
  // v3: a review the project does not need (no 人防 shelter, not a 特殊建设工程) counts as satisfied.
  const notApplicable = context.flags ? catalog.items.map((i) => i.code).filter((c) => !(c in context.items)) : [];
  return {
    approvedItems: [...context.itemOrder.filter((c) => isApproved(context.items[c].status)), ...notApplicable],
    openCommitments: context.itemOrder.filter(
      (c) => context.items[c].commitmentOpen && isApproved(context.items[c].status),
    ),
    // 告知承诺 awaiting verification does not block the above-ground permit (foundation-permit v2); v5: one in
    // rectification is no longer awaiting verification.
    verificationPending: context.itemOrder.filter(
      (c) =>
        context.items[c].commitmentOpen &&
        context.items[c].basis === 'notifyCommitment' &&
        isApproved(context.items[c].status) &&
        !(context.commitmentsInRectification ?? []).includes(c),
    ),
    // v5: 告知承诺 in rectification and revoked block it (foundation-permit v4).
    ...rectificationNoticeFields(context),
  };
}

/** The whole-process clock's timers. */
const WHOLE_PROCESS_CLOCK: ClockTimers = {
  warning: { key: 'wholeProcess:warning', event: 'WHOLE_PROCESS_WARNING' },
  due: { key: 'wholeProcess:due', event: 'WHOLE_PROCESS_OVERDUE' },
};

export const wholeProcessTimers = (clock: DeadlineSpec): Effect[] => scheduleClock(WHOLE_PROCESS_CLOCK, clock);

const cancelWholeProcessTimers: Effect[] = cancelClock(WHOLE_PROCESS_CLOCK);
const none: Effect[] = [];
// A literal type, so the action objects match the action XState's setup declares.
const EMIT = 'emit' as const;

type Args = { context: ProjectCaseContext; event: ProjectCaseEvent };

/** A notice about an item to the open items that depend on it. */
function toDependents(context: ProjectCaseContext, code: string, type: string): Effect[] {
  return context.itemOrder
    .filter((c) => context.items[c].status === 'open' && context.items[c].dependsOn.includes(code))
    .map((c) => notifyChild(context.items[c].childKey!, type, { itemCode: code }));
}

/**
 * The machine's emit actions, for its catalog and version: each computes its effects from the context (and the
 * event) when the transition is taken.
 */
export function projectCaseEmits(catalog: Catalog, version: number) {
  const v3 = version >= 3;
  const v5 = version >= RECTIFICATION_VERSION;
  // v5: approval-item v3 passes a 告知承诺 rectification order on.
  const itemVersion =
    version >= PROJECT_CASE_V8
      ? V8_CHILD_VERSIONS.approvalItem
      : v5
        ? CHILD_VERSIONS.rectification.approvalItem
        : v3
          ? 2
          : 1;
  const catalogFor = v3 ? catalog : undefined;
  const catalogEarlyItems = v3 ? catalog.items.filter((i) => i.opensEarly).map((i) => i.code) : [];
  // v4: 带方案出让 pre-reviews the design plan in the land stage (v4/design-plan-pre-review.ts).
  const earlyItems = (context: ProjectCaseContext): string[] =>
    version >= 4 ? [...catalogEarlyItems, ...preReviewItems(catalog, context.category)] : catalogEarlyItems;
  const openPendingItems = {
    type: EMIT,
    params: ({ context }: Args) => ({
      effects: stageItemsToOpen(context, earlyItems(context)).map((c): Effect => ({
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
    type: EMIT,
    params: ({ context, event }: Args) => {
      assertEvent(event, 'ITEM_DECIDED');
      const code = event.payload.itemCode;
      if (!v3 || event.payload.outcome === 'refused') return { effects: none };
      return { effects: toDependents(context, code, 'DEPENDENCY_APPROVED') };
    },
  };
  // v3: a revocation reaches the undecided open items that depend on it: they wait again.
  const notifyDependentsRevoked = {
    type: EMIT,
    params: ({ context, event }: Args) => {
      assertEvent(event, 'ITEM_REVOKED');
      const code = event.payload.itemCode;
      return { effects: toDependents(context, code, 'DEPENDENCY_REVOKED') };
    },
  };
  // v3: pause or resume the whole-process clock, with its timers.
  const clockTimerEffects = {
    type: EMIT,
    params: ({ context, event }: Args) => {
      if (governmentWorking(context)) {
        const resumed = resumeDeadline(context.wholeProcess, event.occurredAt);
        return { effects: wholeProcessTimers(resumed) };
      }
      return { effects: cancelWholeProcessTimers };
    },
  };
  // Tell the other open items of the application that 撤件 is no longer possible (first decision only).
  const notifyApplicationDecided = {
    type: EMIT,
    params: ({ context, event }: Args) => {
      assertEvent(event, 'ITEM_DECIDED');
      const code = event.payload.itemCode;
      const stage = context.items[code].stage;
      // v1/v2 did not count a refusal as a decision of the application (issue #18, point 2).
      if (context.applicationDecided[stage] || (!v3 && event.payload.outcome === 'refused')) return { effects: none };
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
    type: EMIT,
    params: ({ context, event }: Args) => {
      assertEvent(event, 'REAPPLY_ITEM');
      const code = event.payload.itemCode;
      const child: Effect = {
        kind: 'createChild',
        childKey: context.items[code].childKey!,
        definitionId: DEFINITION_IDS.approvalItem,
        definitionVersion: itemVersion,
        input: itemInput(context, code, catalogFor, version >= PROJECT_CASE_V11),
      };
      return { effects: [child] };
    },
  };
  const notifyFoundation = {
    type: EMIT,
    params: ({ context }: Args) => ({
      effects: foundationActive(context)
        ? [
            {
              kind: 'notifyChild',
              childKey: 'foundation',
              event: { type: PREREQUISITES_UPDATED, payload: prerequisitesPayload(context, catalog) },
            } satisfies Effect,
          ]
        : none,
    }),
  };
  const emitSections = {
    type: EMIT,
    params: ({ context }: Args) => ({
      effects: context.sectionOrder.map((k): Effect => ({
        kind: 'createChild',
        childKey: `section:${k}`,
        definitionId: DEFINITION_IDS.acceptanceSection,
        definitionVersion:
          version >= PROJECT_CASE_V11
            ? V11_CHILD_VERSIONS.acceptanceSection
            : version >= PROJECT_CASE_V8
              ? V8_CHILD_VERSIONS.acceptanceSection
              : CHILD_VERSIONS[v3 ? 'corrected' : 'released'].acceptanceSection,
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
    type: EMIT,
    params: ({ context, event }: Args) => {
      assertEvent(event, 'SECTION_ACCEPTED');
      const open = context.sectionOrder.filter((k) => context.sections[k].status === 'open');
      const justAccepted = event.payload.sectionKey;
      return {
        effects:
          open.length === 1 && context.sectionOrder.length > 1 && justAccepted !== open[0]
            ? [
                {
                  kind: 'notifyChild',
                  childKey: `section:${open[0]}`,
                  event: { type: SITE_WIDE_CHECKS_DUE, payload: {} },
                } satisfies Effect,
              ]
            : none,
      };
    },
  };

  return {
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
  };
}

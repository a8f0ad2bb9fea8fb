/** The 验收分段's rules: when a round is passed, has defects or failed, and what is still open to record. */
import type { AcceptanceSectionEvent } from './acceptance-section.events';
import type { OpenCommitment } from '../protocol';
import type { AcceptanceSectionContext, SectionHolder } from './acceptance-section.types';

type On = { context: AcceptanceSectionContext };
type OnEvent = On & { event: AcceptanceSectionEvent };

export function siteWideProblems(ctx: AcceptanceSectionContext, totalFloorArea: number, greenRatio: number): string[] {
  const problems: string[] = [];
  if (ctx.permittedFloorArea !== null && totalFloorArea > ctx.permittedFloorArea) {
    problems.push(
      `总建筑面积 ${totalFloorArea}㎡ 超出规划许可 ${ctx.permittedFloorArea}㎡ / floor area exceeds the permit`,
    );
  }
  if (ctx.requiredGreenRatio !== null && greenRatio < ctx.requiredGreenRatio) {
    problems.push(`绿地率 ${greenRatio} 低于规划要求 ${ctx.requiredGreenRatio} / green ratio below the requirement`);
  }
  return problems;
}

/** v2: the 先建后验 checks that close with the last section. */
const commitmentChecks = (ctx: AcceptanceSectionContext) =>
  ctx.siteWideChecksDue ? Object.values(ctx.commitmentChecks ?? {}) : [];

const allRecorded = (ctx: AcceptanceSectionContext) =>
  Object.values(ctx.results).every((r) => r.result !== 'pending') &&
  (!ctx.siteWideChecksDue || ctx.siteWide !== null) &&
  commitmentChecks(ctx).every((c) => c.result !== 'pending');

const anyDefect = (ctx: AcceptanceSectionContext) =>
  Object.values(ctx.results).some((r) => r.result === 'rectify') ||
  (ctx.siteWideChecksDue && ctx.siteWide?.passed === false) ||
  commitmentChecks(ctx).some((c) => c.result === 'notMet');

/** Every check of the round recorded and passed. */
export const allPassed = (ctx: AcceptanceSectionContext) =>
  allRecorded(ctx) &&
  Object.values(ctx.results).every((r) => r.result === 'pass') &&
  (!ctx.siteWideChecksDue || ctx.siteWide?.passed === true) &&
  commitmentChecks(ctx).every((c) => c.result === 'met');

const COMMITMENT_STATE: Record<OpenCommitment['kind'], string> = {
  notifyCommitment: '告知承诺待核查',
  tolerance: '容缺材料待审核',
};

/**
 * v5: what keeps a section whose checks all passed from being accepted (zh-CN, for people), or null. Every section
 * waits while the project blocks acceptance (applyBlockedBy); the last one (the site-wide checks) also waits for
 * every open commitment. Before v5 the context has neither and nothing waits.
 */
export function acceptanceWaitsFor(ctx: AcceptanceSectionContext): string | null {
  if (ctx.applyBlockedBy) return `暂不能通过：${ctx.applyBlockedBy}`;
  const open = ctx.siteWideChecksDue ? (ctx.openCommitments ?? []) : [];
  return open.length
    ? `待承诺办结：${open.map((c) => `${c.itemName}（${COMMITMENT_STATE[c.kind]}）`).join('、')}`
    : null;
}

/**
 * v5: who holds a section that waits for its conditions: the enterprise while the project blocks acceptance (a
 * permit to apply for again, work to report started), the departments while commitments are verified or reviewed.
 */
export const waitingHolder = (ctx: AcceptanceSectionContext): SectionHolder =>
  ctx.applyBlockedBy ? 'enterprise' : 'department';

/** Pure guards, exported for tests. */
export const acceptanceSectionGuards = {
  allPassed: ({ context }: On) => allPassed(context),
  /** v5: the project does not block applying (the definition's `awaits` says why, greyed; the machine agrees). */
  applyOpen: ({ context }: On) => !context.applyBlockedBy,
  /** v5: passed, and nothing the project waits for stands in the way. */
  acceptable: ({ context }: On) => allPassed(context) && acceptanceWaitsFor(context) === null,
  someRectify: ({ context }: On) => allRecorded(context) && anyDefect(context),
  commitmentCheckOpen: ({ context, event }: OnEvent) =>
    context.siteWideChecksDue &&
    event.type === 'RECORD_COMMITMENT_CHECK' &&
    context.commitmentChecks?.[event.payload.itemCode]?.result === 'pending',
  resultOpen: ({ context, event }: OnEvent) =>
    event.type === 'RECORD_RESULT' && context.results[event.payload.acceptanceItem]?.result === 'pending',
  siteWideOpen: ({ context }: On) => context.siteWideChecksDue && context.siteWide === null,
  clockNotOverdue: ({ context }: On) => context.timerState === 'normal',
  clockRunning: ({ context }: On) => context.timerState === 'normal' || context.timerState === 'warning',
  /**
   * v2: a re-inspection that still finds defects is 不予通过. A re-inspection is a later round of the same
   * application: v5 counts from the round the application began with (after 不予通过 a new application's first
   * inspection orders rectification again); v2–v4 counted every round since the first application (round ≥ 2).
   */
  reinspectionFailed: ({ context }: On) =>
    context.round >= (context.applicationRound ?? 1) + 1 && allRecorded(context) && anyDefect(context),
};

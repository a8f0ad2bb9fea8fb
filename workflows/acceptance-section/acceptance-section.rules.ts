/** The 验收分段's rules: when a round is passed, has defects or failed, and what is still open to record. */
import type { AcceptanceSectionEvent } from './acceptance-section.events';
import type { AcceptanceSectionContext } from './acceptance-section.types';

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

/** Pure guards, exported for tests. */
export const acceptanceSectionGuards = {
  allPassed: ({ context }: On) =>
    allRecorded(context) &&
    Object.values(context.results).every((r) => r.result === 'pass') &&
    (!context.siteWideChecksDue || context.siteWide?.passed === true) &&
    commitmentChecks(context).every((c) => c.result === 'met'),
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
  /** v2: a re-inspection (round 2 and later) that still finds defects is 不予通过. */
  reinspectionFailed: ({ context }: On) => context.round >= 2 && allRecorded(context) && anyDefect(context),
};

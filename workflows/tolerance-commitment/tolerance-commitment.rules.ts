/** The 容缺受理's rules: who may have 容缺 now, the machine's guards and the reasons the definition gives. */
import type { EngineEvent } from '../contract';
import { rule } from '../core/define';
import { isBefore } from '../core/time';
import { toleranceIneligibility } from './eligibility';
import type { ToleranceCommitmentEvent } from './tolerance-commitment.events';
import type { ToleranceCommitmentContext } from './tolerance-commitment.types';

type On = { context: ToleranceCommitmentContext };
type OnEvent = On & { event: ToleranceCommitmentEvent };

/**
 * Why the enterprise may not have 容缺 now, judged from the case and the facts known when the event is judged
 * (`at` is the event's instant). v2: an unrepaired 告知承诺 record bars 容缺 too, while it bars 告知承诺.
 */
export function eligibilityReasons(
  context: ToleranceCommitmentContext,
  circumstances: Pick<EngineEvent, 'facts'> & { at?: string },
  version = 1,
): string[] {
  const until = circumstances.facts?.enterprise?.commitmentBarredUntil;
  // Facts that name the barring record already say it (toleranceIneligibility); older facts did not.
  const named = !!circumstances.facts?.enterprise?.toleranceBarredBy;
  const commitmentBar =
    version >= 2 && !named && until && (!circumstances.at || isBefore(circumstances.at, until))
      ? [
          rule(
            `申请人有未修复的告知承诺失信记录，${until.slice(0, 10)}前不得适用容缺受理`,
            `an unrepaired 告知承诺 record bars tolerance until ${until}`,
          ),
        ]
      : [];
  return [...commitmentBar, ...toleranceIneligibilityOf(context, circumstances)];
}

function toleranceIneligibilityOf(context: ToleranceCommitmentContext, event: Pick<EngineEvent, 'facts'>): string[] {
  return toleranceIneligibility(
    {
      itemName: context.item.name,
      toleranceMode: context.item.toleranceMode,
      materials: context.item.materials,
      submittedMaterials: context.submittedMaterials,
    },
    context.commitmentLetterSigned,
    event.facts,
  );
}

/** The status of the material an event names (supplied or reviewed), if it names one of the notice's. */
const statusOf = (context: ToleranceCommitmentContext, event: ToleranceCommitmentEvent) =>
  event.type === 'SUPPLY_MATERIAL' || event.type === 'REVIEW_MATERIAL'
    ? context.missing[event.payload.material]?.status
    : undefined;

/** Pure guards, exported for tests. */
export const toleranceCommitmentGuards = {
  eligible: ({ context, event }: OnEvent) =>
    eligibilityReasons(context, { facts: event.facts, at: event.occurredAt }, 1).length === 0,
  eligibleV2: ({ context, event }: OnEvent) =>
    eligibilityReasons(context, { facts: event.facts, at: event.occurredAt }, 2).length === 0,
  materialMissing: ({ context, event }: OnEvent) => statusOf(context, event) === 'missing',
  materialSupplied: ({ context, event }: OnEvent) => statusOf(context, event) === 'supplied',
  compliant: ({ event }: OnEvent) => event.type === 'REVIEW_MATERIAL' && event.payload.compliant === true,
  allAccepted: ({ context }: On) => Object.values(context.missing).every((m) => m.status === 'accepted'),
  notExtended: ({ context }: On) => context.extension === null,
  /** v2: a rejected material can still be supplied again before the deadline. */
  timeLeft: ({ context }: On) => context.deadlinePassed !== true,
  /** v2: some material has not reached the department. */
  anyMissing: ({ context }: On) => Object.values(context.missing).some((m) => m.status === 'missing'),
};

/** v2: is any supplied material still waiting for the department's review? */
export function awaitingReview(context: ToleranceCommitmentContext): boolean {
  return Object.values(context.missing).some((m) => m.status === 'supplied');
}

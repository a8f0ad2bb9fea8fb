/** The 告知承诺's rules: who may have a decision on commitment now, and the machine's guards. */
import type { EngineEvent } from '../contract';
import { rule } from '../core/define';
import { beijingDate } from '../core/time';
import { commitmentBarred } from '../approval-item/approval-item.rules';
import type { NotifyCommitmentEvent } from './notify-commitment.events';
import type { NotifyCommitmentContext } from './notify-commitment.types';

type OnEvent = { context: NotifyCommitmentContext; event: NotifyCommitmentEvent };

export function notifyCommitmentIneligibility(
  context: NotifyCommitmentContext,
  event: Pick<EngineEvent, 'facts' | 'occurredAt'>,
): string[] {
  const reasons: string[] = [];
  if (!context.item.notifyCommitAllowed) {
    reasons.push(rule(`「${context.item.name}」不适用告知承诺制`, 'this item does not allow approval on commitment'));
  }
  if (!context.commitmentSigned) reasons.push(rule('未签署告知承诺书', 'the commitment is not signed'));
  const barredUntil = event.facts?.enterprise?.commitmentBarredUntil;
  if (barredUntil && commitmentBarred(event.facts, event.occurredAt)) {
    reasons.push(
      rule(
        `申请人在${beijingDate(barredUntil)}前不得适用告知承诺`,
        `the applicant is barred from 告知承诺 until ${barredUntil}`,
      ),
    );
  }
  return reasons;
}

/** Pure guards, exported for tests. */
export const notifyCommitmentGuards = {
  eligible: ({ context, event }: OnEvent) => notifyCommitmentIneligibility(context, event).length === 0,
  compliant: ({ event }: OnEvent) => event.type === 'VERIFY' && event.payload.compliant === true,
};

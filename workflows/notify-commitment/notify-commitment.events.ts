/**
 * The 告知承诺's events: the payload schema of each (what the engine validates and allowedEvents offers) and the
 * union of the events the machine receives, typed from those schemas.
 */
import type { EventsOf } from '../core/events';
import { s } from '../core/json-schema';
import {
  RECTIFICATION_DEADLINE_PASSED,
  VERIFICATION_TIME_OVERDUE,
  VERIFICATION_TIME_WARNING,
} from './notify-commitment.types';

/** Every event's payload schema, in the order the definition lists them (v2's own events last). */
export function notifyCommitmentPayloads() {
  const reason = s.text('理由');
  return {
    DECIDE_ON_COMMITMENT: s.object({ opinion: s.text('审批意见') }),
    REFUSE_COMMITMENT: s.object({ reason }, ['reason']),
    VERIFY: s.object(
      {
        method: s.enumOf(['siteInspection', 'completionAcceptance'], '核查方式', {
          siteInspection: '现场核查',
          completionAcceptance: '竣工对标验收',
        }),
        compliant: s.boolean('是否符合承诺'),
        findings: s.text('核查发现'),
        rectificationDays: s.integer('整改期限（工作日）', 1, 90),
      },
      ['method', 'compliant'],
    ),
    FIND_FALSE_COMMITMENT: s.object({ reason }, ['reason']),
    REPORT_RECTIFIED: s.object({ note: s.text('整改说明') }),
    CONFIRM_RECTIFIED: s.object({ note: s.text('复查意见') }),
    REJECT_RECTIFICATION: s.object({ reason }, ['reason']),
    [RECTIFICATION_DEADLINE_PASSED]: s.empty(),
    // The item's notice carries nothing the commitment reads.
    PARENT_CLOSED: s.loose(),
    // v2
    [VERIFICATION_TIME_WARNING]: s.empty(),
    [VERIFICATION_TIME_OVERDUE]: s.empty(),
  };
}

export type NotifyCommitmentPayloads = ReturnType<typeof notifyCommitmentPayloads>;

/** What the machine receives: one member per event type, its payload as its schema declares it. */
export type NotifyCommitmentEvent = EventsOf<NotifyCommitmentPayloads>;

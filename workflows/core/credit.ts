/**
 * The credit rule (DOMAIN.md, "Decisions, second round", Credit), the one place it is decided. The engine (facts
 * stamped on an event), the case and task views (what is offered) and the credit view all read it, on the records
 * CreditRepository reads (creditBarsSql), judged at the event's time or the service clock's, never the database's
 * now(): the demo clock moves the first, not the second.
 *
 * - a 容缺 breach record bars 容缺 until it is repaired;
 * - a 告知承诺 record bars 告知承诺 and 容缺 until it is repaired or its bar ends (6 months after it was recorded).
 */
import type { CreditBarRecord, Facts } from '../contract';
import { readableReason } from './define';

/** A credit record as the rule reads it; `repairedAt` null or absent: not repaired. */
export interface CreditBar {
  barsTolerance: boolean;
  reason: string;
  recordedAt: string | Date;
  barsCommitmentUntil: string | Date | null;
  repairedAt?: string | Date | null;
}

const ms = (t: string | Date | number) => new Date(t).getTime();
const iso = (t: string | Date) => new Date(t).toISOString();

/** What one record bars at `at`, and until when (null: until repaired). */
export function recordBars(
  r: Pick<CreditBar, 'barsTolerance' | 'barsCommitmentUntil' | 'repairedAt'>,
  at: string | Date,
) {
  if (r.repairedAt) return { tolerance: false, notifyCommitment: false, until: barEnd(r) };
  const commitment = !!r.barsCommitmentUntil && ms(at) < ms(r.barsCommitmentUntil);
  return { tolerance: r.barsTolerance || commitment, notifyCommitment: commitment, until: barEnd(r) };
}

/** When a record's bar ends by itself; null: only a repair lifts it (a 容缺 breach). */
function barEnd(r: Pick<CreditBar, 'barsTolerance' | 'barsCommitmentUntil'>): string | null {
  return r.barsTolerance || !r.barsCommitmentUntil ? null : iso(r.barsCommitmentUntil);
}

export function asRecord(r: CreditBar): CreditBarRecord {
  return {
    kind: r.barsTolerance ? 'tolerance' : 'notifyCommitment',
    // users read it in refusals and the credit view: the Chinese of a reason stored bilingual
    reason: readableReason(r.reason),
    recordedAt: iso(r.recordedAt),
    until: barEnd(r),
  };
}

/**
 * The record that bars 容缺 at `at`, if any: the one that bars longest, a 容缺 breach (until repaired) before any
 * 告知承诺 record.
 */
export function toleranceBarredBy<R extends CreditBar>(records: R[], at: string | Date): R | undefined {
  return records
    .filter((r) => recordBars(r, at).tolerance)
    .sort(
      (a, b) =>
        Number(b.barsTolerance) - Number(a.barsTolerance) ||
        ms(b.barsCommitmentUntil ?? 0) - ms(a.barsCommitmentUntil ?? 0),
    )[0];
}

/** The enterprise's facts at `at`, from its records: what the workflow rules decide on. */
export function creditFacts(records: CreditBar[], at: string | Date): NonNullable<Facts['enterprise']> {
  const longest = toleranceBarredBy(records, at);
  const until = records
    .filter((r) => recordBars(r, at).notifyCommitment)
    .map((r) => ms(r.barsCommitmentUntil!))
    .sort((a, b) => a - b)
    .pop();
  return {
    toleranceBarred: !!longest,
    commitmentBarredUntil: until === undefined ? null : new Date(until).toISOString(),
    ...(longest ? { toleranceBarredBy: asRecord(longest) } : {}),
  };
}

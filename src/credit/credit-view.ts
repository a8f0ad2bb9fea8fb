import type { CreditRecordRow } from './credit.repository';

/** What a record bars and until when, at `now` (the service clock). */
export function recordBars(r: CreditRecordRow, now: Date) {
  const commitmentBar = !r.repairedAt && !!r.barsCommitmentUntil && r.barsCommitmentUntil.getTime() > now.getTime();
  return {
    /** An unrepaired 容缺 record bars 容缺; an unrepaired 告知承诺 record bars it too while it bars 告知承诺. */
    tolerance: (!r.repairedAt && r.barsTolerance) || commitmentBar,
    notifyCommitment: commitmentBar,
  };
}

function statusLabel(r: CreditRecordRow, now: Date): string {
  if (r.repairedAt) return '已修复';
  const bars = recordBars(r, now);
  if (bars.tolerance || bars.notifyCommitment) return '限制中';
  return '限制期满';
}

/** The credit view of one enterprise (信用记录): its records and what they bar now. */
export function creditView(enterprise: { id: string; name: string }, rows: CreditRecordRow[], now: Date) {
  const records = rows.map((r) => ({
    id: r.id,
    kind: r.barsTolerance ? 'tolerance' : 'notifyCommitment',
    kindLabel: r.barsTolerance ? '容缺受理失信' : '告知承诺失信',
    reason: r.reason,
    createdAt: r.createdAt.toISOString(),
    barsToleranceNow: recordBars(r, now).tolerance,
    barsNotifyCommitmentUntil: r.barsCommitmentUntil ? r.barsCommitmentUntil.toISOString() : null,
    status: r.repairedAt ? 'repaired' : recordBars(r, now).tolerance ? 'barring' : 'expired',
    statusLabel: statusLabel(r, now),
    repair: r.repairedAt
      ? {
          at: r.repairedAt.toISOString(),
          by: r.repairedBy,
          reason: r.repairReason,
          evidence: r.repairEvidence,
        }
      : null,
  }));
  const barred = rows.map((r) => recordBars(r, now));
  const commitmentUntil = rows
    .filter((r, i) => barred[i].notifyCommitment && r.barsCommitmentUntil)
    .map((r) => r.barsCommitmentUntil!.toISOString())
    .sort()
    .pop();
  return {
    enterprise,
    tolerance: {
      barred: barred.some((b) => b.tolerance),
      label: barred.some((b) => b.tolerance) ? '不得适用容缺受理' : '可适用容缺受理',
    },
    notifyCommitment: {
      barredUntil: commitmentUntil ?? null,
      label: commitmentUntil ? `${commitmentUntil.slice(0, 10)}前不得适用告知承诺` : '可适用告知承诺',
    },
    records,
  };
}

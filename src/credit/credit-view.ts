import { beijingDate } from '../../workflows/core/time';
import type { CreditRecordRow } from './credit.repository';
import { creditFacts, recordBars, toleranceBarredBy } from '../../workflows/core/credit';
import { chineseOf } from '../../workflows/core/define';

export { recordBars };

const asBar = (r: CreditRecordRow) => ({ ...r, recordedAt: r.createdAt });

/** What a record bars, in Chinese: the same rule the engine judges by (workflows/core/credit.ts). */
function barLabel(r: CreditRecordRow, now: Date): string {
  const bars = recordBars(asBar(r), now);
  if (r.repairedAt) return `已于${beijingDate(r.repairedAt.toISOString())}修复，不再限制`;
  if (bars.notifyCommitment) return `${beijingDate(bars.until!)}前不得适用告知承诺和容缺受理（信用修复后解除）`;
  if (bars.tolerance) return '不得适用容缺受理，至信用修复后解除';
  return `限制已于${beijingDate(bars.until!)}期满`;
}

function statusLabel(r: CreditRecordRow, now: Date): string {
  if (r.repairedAt) return '已修复';
  return recordBars(asBar(r), now).tolerance ? '限制中' : '限制期满';
}

/** The credit view of one enterprise (信用记录): its records, what each bars and until when, and what is barred now. */
export function creditView(enterprise: { id: string; name: string }, rows: CreditRecordRow[], now: Date) {
  const records = rows.map((r) => {
    const bars = recordBars(asBar(r), now);
    return {
      id: r.id,
      kind: r.barsTolerance ? 'tolerance' : 'notifyCommitment',
      kindLabel: r.barsTolerance ? '容缺受理失信' : '告知承诺失信',
      reason: chineseOf(r.reason),
      createdAt: r.createdAt.toISOString(),
      barsToleranceNow: bars.tolerance,
      barsNotifyCommitmentNow: bars.notifyCommitment,
      barsNotifyCommitmentUntil: r.barsCommitmentUntil ? r.barsCommitmentUntil.toISOString() : null,
      status: r.repairedAt ? 'repaired' : bars.tolerance ? 'barring' : 'expired',
      statusLabel: statusLabel(r, now),
      barLabel: barLabel(r, now),
      repair: r.repairedAt
        ? {
            at: r.repairedAt.toISOString(),
            by: r.repairedBy,
            reason: r.repairReason,
            evidence: r.repairEvidence,
          }
        : null,
    };
  });
  const facts = creditFacts(rows.map(asBar), now);
  const by = facts.toleranceBarredBy ?? null;
  const barredBy = toleranceBarredBy(rows.map(asBar), now);
  const until = facts.commitmentBarredUntil ?? null;
  return {
    enterprise,
    tolerance: {
      barred: facts.toleranceBarred,
      /** The record that bars 容缺 (the one that bars longest), and until when; null until: until repaired. */
      barredBy: by ? { recordId: barredBy?.id ?? null, reason: by.reason, until: by.until } : null,
      label: by
        ? `不得适用容缺受理：${by.reason}，${by.until ? `${beijingDate(by.until)}前` : '信用修复前'}`
        : '可适用容缺受理',
    },
    notifyCommitment: {
      barredUntil: until,
      label: until ? `${beijingDate(until)}前不得适用告知承诺` : '可适用告知承诺',
    },
    records,
  };
}

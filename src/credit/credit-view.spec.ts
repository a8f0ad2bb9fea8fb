import { creditView, recordBars } from './credit-view';
import type { CreditRecordRow } from './credit.repository';

const row = (over: Partial<CreditRecordRow>): CreditRecordRow => ({
  id: '1',
  enterpriseId: 'e',
  reason: 'r',
  barsTolerance: false,
  barsCommitmentUntil: null,
  instanceId: 'i',
  createdAt: new Date('2026-03-01T00:00:00Z'),
  repairedAt: null,
  repairedBy: null,
  repairReason: null,
  repairEvidence: null,
  ...over,
});

describe('credit bars (DOMAIN.md, credit)', () => {
  const notify = row({ barsCommitmentUntil: new Date('2026-09-01T00:00:00Z') });
  it('an unrepaired 告知承诺 record bars 告知承诺 and 容缺 for six months, then neither', () => {
    const until = '2026-09-01T00:00:00.000Z';
    expect(recordBars(notify, new Date('2026-08-31T00:00:00Z'))).toEqual({
      tolerance: true,
      notifyCommitment: true,
      until,
    });
    expect(recordBars(notify, new Date('2026-09-02T00:00:00Z'))).toEqual({
      tolerance: false,
      notifyCommitment: false,
      until,
    });
  });

  it('an unrepaired 容缺 record bars 容缺 until repaired; a repair lifts every bar', () => {
    const tolerance = row({ barsTolerance: true });
    expect(recordBars(tolerance, new Date('2030-01-01T00:00:00Z')).tolerance).toBe(true);
    const repaired = new Date('2026-04-01T00:00:00Z');
    expect(recordBars({ ...tolerance, repairedAt: repaired }, repaired).tolerance).toBe(false);
    expect(recordBars({ ...notify, repairedAt: repaired }, repaired)).toMatchObject({
      tolerance: false,
      notifyCommitment: false,
    });
  });

  it('the view says what is barred, in Chinese, per record and overall', () => {
    const v = creditView({ id: 'e', name: '甲公司' }, [notify], new Date('2026-05-01T00:00:00Z'));
    // It names the record that bars 容缺 and until when (Beijing dates).
    expect(v.tolerance).toEqual({
      barred: true,
      barredBy: { recordId: '1', reason: 'r', until: '2026-09-01T00:00:00.000Z' },
      label: '不得适用容缺受理：r，2026年9月1日前',
    });
    expect(v.notifyCommitment).toEqual({
      barredUntil: '2026-09-01T00:00:00.000Z',
      label: '2026年9月1日前不得适用告知承诺',
    });
    expect(v.records[0]).toMatchObject({
      kindLabel: '告知承诺失信',
      statusLabel: '限制中',
      barLabel: '2026年9月1日前不得适用告知承诺和容缺受理（信用修复后解除）',
      repair: null,
    });
    const later = creditView({ id: 'e', name: '甲公司' }, [notify], new Date('2026-09-02T00:00:00Z'));
    expect(later.tolerance).toEqual({ barred: false, barredBy: null, label: '可适用容缺受理' });
    expect(later.records[0]).toMatchObject({ statusLabel: '限制期满', barLabel: '限制已于2026年9月1日期满' });
  });

  it('a 容缺 breach bars 容缺 until repaired, and is the one named over a 告知承诺 record', () => {
    const tolerance = row({ id: '2', reason: '容缺受理失信：甲', barsTolerance: true });
    const v = creditView({ id: 'e', name: '甲公司' }, [notify, tolerance], new Date('2026-05-01T00:00:00Z'));
    expect(v.tolerance).toEqual({
      barred: true,
      barredBy: { recordId: '2', reason: '容缺受理失信：甲', until: null },
      label: '不得适用容缺受理：容缺受理失信：甲，信用修复前',
    });
    expect(v.records[1]).toMatchObject({ barLabel: '不得适用容缺受理，至信用修复后解除' });
  });
});

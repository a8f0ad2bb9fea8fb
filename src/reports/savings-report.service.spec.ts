import { defaultCalendar } from '../../workflows/calendar';
import type { HistoryEvent } from '../../workflows/savings';
import { savingsOf } from './savings-report.service';

/** savingsOf picks the catalog of the case's version and the items of the project's flags. */
describe('savingsOf', () => {
  const created = (flags?: Record<string, unknown>): HistoryEvent => ({
    path: [],
    type: 'INSTANCE_CREATED',
    payload: {
      practices: { jointIssuance: true },
      ...(flags ? { flags } : {}),
    },
    occurredAt: '2023-04-24T01:00:00.000Z',
  });
  const codes = (r: ReturnType<typeof savingsOf>) => [...r.baseline.bars, ...r.fastTrack.bars].map((b) => b.key);
  const permit = (r: ReturnType<typeof savingsOf>, line: 'baseline' | 'fastTrack') =>
    r[line].bars.find((b) => b.key === 'item:constructionPermit');

  it('project-case v3, industrial and exempt from 人防: no 人防 or fire review; the baseline on statutory limits', () => {
    const flags = { industrial: true, specialConstruction: false, civilDefense: 'exempt' as const };
    const r = savingsOf(defaultCalendar, [created(flags)], { definitionVersion: 3, flags, bundleCertificates: null });
    expect(codes(r)).not.toContain('item:civilDefenseDesignReview');
    expect(codes(r)).not.toContain('item:fireDesignReview');
    expect(permit(r, 'baseline')?.workingDays).toBe(7);
    expect(permit(r, 'fastTrack')?.workingDays).toBe(3);
    expect(r.assumptions.join('')).toContain('传统方式按法定时限计算');
  });

  it('project-case v3 with a 人防 shelter and 特殊建设工程: both reviews, on their statutory limits in the baseline', () => {
    const flags = { industrial: false, specialConstruction: true, civilDefense: 'shelter' as const };
    const r = savingsOf(defaultCalendar, [created(flags)], { definitionVersion: 3, flags, bundleCertificates: null });
    const base = (code: string) => r.baseline.bars.find((b) => b.key === `item:${code}`)?.workingDays;
    expect(base('civilDefenseDesignReview')).toBe(20);
    expect(base('fireDesignReview')).toBe(15);
  });

  it('project-case v1: catalog v1 as released (every item, promised limits in both)', () => {
    const r = savingsOf(defaultCalendar, [created()], { definitionVersion: 1, flags: null, bundleCertificates: null });
    expect(codes(r)).toContain('item:civilDefenseDesignReview');
    expect(permit(r, 'baseline')?.workingDays).toBe(7);
    expect(r.assumptions.join('')).toContain('目录尚未载明法定时限');
  });
});

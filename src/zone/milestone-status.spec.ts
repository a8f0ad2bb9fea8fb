import { beijingDate, isIsoDate, milestoneStatus } from './milestone-status';

describe('milestoneStatus (作战图)', () => {
  it('is 滞后 the day after its planned date without an actual date, counting the days', () => {
    expect(milestoneStatus('2026-05-01', null, '2026-05-01')).toEqual({ status: 'warning', daysLate: 0 });
    expect(milestoneStatus('2026-05-01', null, '2026-05-04')).toEqual({ status: 'slipping', daysLate: 3 });
  });
  it('warns within seven days of the planned date, not before', () => {
    expect(milestoneStatus('2026-05-08', null, '2026-05-01')).toEqual({ status: 'warning', daysLate: 0 });
    expect(milestoneStatus('2026-05-09', null, '2026-05-01')).toEqual({ status: 'onTrack', daysLate: 0 });
  });
  it('is done on or before the planned date, done late after it', () => {
    expect(milestoneStatus('2026-05-01', '2026-05-01', '2026-06-01')).toEqual({ status: 'done', daysLate: 0 });
    expect(milestoneStatus('2026-05-01', '2026-05-11', '2026-06-01')).toEqual({ status: 'doneLate', daysLate: 10 });
  });
  it('reads the date in Beijing time', () => {
    expect(beijingDate(new Date('2026-05-01T16:30:00Z'))).toBe('2026-05-02');
    expect(beijingDate(new Date('2026-05-01T15:59:00Z'))).toBe('2026-05-01');
  });

  it('takes real calendar dates only', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});

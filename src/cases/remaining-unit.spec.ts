import { remainingUnitOf } from './remaining-unit';

describe('remainingUnitOf', () => {
  it('counts a months limit in calendar days, not months; working days as working days', () => {
    expect(remainingUnitOf('months')).toBe('naturalDays');
    expect(remainingUnitOf('naturalDays')).toBe('naturalDays');
    expect(remainingUnitOf('workingDays')).toBe('workingDays');
  });
});

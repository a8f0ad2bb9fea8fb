import type { TimeUnit } from '../../workflows/contract';

/** What a deadline's remaining count is in: the calendar counts a naturalDays and a months limit in calendar days. */
export type RemainingUnit = 'workingDays' | 'naturalDays';

/** The unit `remaining` is counted in for a limit of `unit` (a months limit counts calendar days, not months). */
export function remainingUnitOf(unit: TimeUnit): RemainingUnit {
  return unit === 'workingDays' ? 'workingDays' : 'naturalDays';
}

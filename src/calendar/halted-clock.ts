import type { TimerState } from '../../workflows/contract';

/**
 * Timer states in which an instance's clock does not run (补正, 特别程序): its deadline has no instants in the
 * query columns (due_at, warn_at), so lists, filters and queues agree with the detail view.
 */
export const HALTED_TIMER_STATES: readonly TimerState[] = ['paused', 'stopped'];

export function clockHalted(state: TimerState | null | undefined): boolean {
  return !!state && HALTED_TIMER_STATES.includes(state);
}

/** The same as a SQL condition over a workflow_instance row aliased `alias`: true while its clock runs. */
export function clockRunsSql(alias = ''): string {
  const col = alias ? `${alias}.timer_state` : 'timer_state';
  return `coalesce(${col}, '') NOT IN (${HALTED_TIMER_STATES.map((s) => `'${s}'`).join(', ')})`;
}

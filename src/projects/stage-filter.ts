/**
 * The project list's stage filter: a stage of an active project, or 'complete' for a finished one (竣工验收 done).
 * A completed case keeps its last stage in the stage column, so a stage alone would also match finished projects.
 */
import { STAGES, type StageKey } from '../../workflows/catalog';
import { COMPLETE_STAGE } from './project-status';

export type StageFilter = StageKey | typeof COMPLETE_STAGE.key;

export const STAGE_FILTERS: readonly StageFilter[] = [...STAGES, COMPLETE_STAGE.key];

/** The SQL condition on the project case row `c` for a filter value; `param` binds a value and names it. */
export function stageFilterSql(stage: StageFilter, param: (value: unknown) => string): string {
  if (stage === COMPLETE_STAGE.key) return `c.status = 'done'`;
  return `(c.stage = ${param(stage)} AND c.status = 'active')`;
}

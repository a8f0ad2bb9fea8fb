/**
 * A stage's header on the project page (进行中 / 未开始 / 已完成 / 已撤销…), read from its items as well as from the
 * stage the case reached: an item a stage opened early (施工图审查 after the design plan, xa C1) starts the stage, and
 * a required item revoked in the stage the case is at (never completed) waits for its re-application (xb 15), as in
 * a completed stage the revocation reopened. The project case's own summary (the list row, the queue) is the
 * definition's and is left alone.
 */
import type { ItemStatus } from '../../workflows/project-case/project-case.types';

export const STEP_LABELS = { done: '已完成', inProgress: '进行中', notReached: '未开始' } as const;
export type StepStatus = keyof typeof STEP_LABELS;

const REVOKED_STAGE_LABEL = '已撤销，待重新申报';
const LAPSED_STAGE_LABEL = '施工许可证已失效，待重新申报';

/** One item of the stage as the header reads it. */
export interface StageItemFact {
  required: boolean;
  status: ItemStatus;
  /** The item's construction permit lapsed (逾期未开工): its revocation reads 已失效. */
  lapsed: boolean;
}

/**
 * @param position where the stage is against the stage the case reached
 * @param reopenedLabel the label of a passed stage a revocation reopened (the definition's rule), else null
 */
export function stageStep(
  position: 'passed' | 'current' | 'ahead',
  reopenedLabel: string | null,
  items: readonly StageItemFact[],
): { status: StepStatus; statusLabel: string } {
  const step = (status: StepStatus, statusLabel: string = STEP_LABELS[status]) => ({ status, statusLabel });
  if (position === 'passed') return reopenedLabel === null ? step('done') : step('inProgress', reopenedLabel);
  if (position === 'current') {
    const revoked = items.filter((i) => i.required && i.status === 'revoked');
    if (!revoked.length) return step('inProgress');
    return step('inProgress', revoked.some((i) => i.lapsed) ? LAPSED_STAGE_LABEL : REVOKED_STAGE_LABEL);
  }
  // Not reached: started all the same once one of its items was opened (or decided) ahead of it.
  const started = items.some((i) => i.status !== 'pending');
  return started ? step('inProgress') : step('notReached');
}

/** The 问题清单's rules: the machine's guards. */
import type { ProblemContext } from './problem.types';

type On = { context: ProblemContext };

/** Pure guards, exported for tests. */
export const problemGuards = {
  clockNotOverdue: ({ context }: On) => context.timerState === 'normal',
  clockRunning: ({ context }: On) => context.timerState === 'normal' || context.timerState === 'warning',
};

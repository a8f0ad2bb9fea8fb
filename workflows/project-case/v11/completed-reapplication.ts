/**
 * project-case v11 (outside check xb 3): a complete project (已竣工验收) whose approval was revoked, or lapsed, later
 * takes REAPPLY_ITEM (the machine always did), but its summary read done and the case view offers nothing on a done
 * case, so the re-application was accepted and never offered. From v11 such a project is not done while an item
 * can be applied for again: its label says so, the enterprise holds it, and REAPPLY_ITEM is offered.
 */
import { itemReapplyProblem } from '../project-case.rules';
import type { ProjectCaseContext } from '../project-case.types';

/** The items of a project that can be applied for again (重新申报): refused, closed or revoked ones. */
export function reapplicableItems(context: ProjectCaseContext): string[] {
  return context.itemOrder.filter((code) => itemReapplyProblem(context, code) === null);
}

/** The label of a complete project with an item to apply for again, or null when there is none. */
export function completedReapplicationLabel(context: ProjectCaseContext): string | null {
  const codes = reapplicableItems(context);
  if (codes.length === 0) return null;
  return codes.some((c) => context.items[c].status === 'revoked')
    ? '已竣工验收（有审批已撤销，待重新申报）'
    : '已竣工验收（有事项待重新申报）';
}

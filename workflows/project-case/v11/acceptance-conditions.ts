/**
 * project-case v11 (issue #18, outside checks xa F1/F3/F4, xb 4/7): acceptance waits for what it stands on. The
 * project computes what a section's application for acceptance waits for (AcceptanceConditionsPayload) from its
 * own records and tells every open section (acceptance-section v5) whenever that changes: the construction permit
 * in force, work reported started, no approval of an earlier stage standing revoked, refused or closed; and the
 * commitments (容缺 / 告知承诺) still open, which the last section is not accepted while any is.
 */
import type { Catalog } from '../../catalog/types';
import type { Effect } from '../../contract';
import { notifyChild } from '../../core/kit';
import {
  ACCEPTANCE_CONDITIONS,
  PROJECT_CASE_V11,
  type AcceptanceConditionsPayload,
  type OpenCommitment,
} from '../../protocol';
import { isApproved } from '../project-case.rules';
import type { ItemStatus, ProjectCaseContext } from '../project-case.types';
import { workNotReportedStarted } from './work-started';

/** The first project-case version that tells its sections what acceptance waits for. */
export const ACCEPTANCE_CONDITIONS_VERSION = PROJECT_CASE_V11;

const ENDED: Partial<Record<ItemStatus, string>> = {
  revoked: '已撤销',
  refused: '不予通过',
  closed: '已终止',
};

/** Why the construction permit is not in force (zh-CN), or null when it is. */
export function permitProblem(context: ProjectCaseContext, catalog: Catalog): string | null {
  const code = catalog.foundationFirst.constructionPermitItem;
  const record = context.items[code];
  if (!record?.certificate) return null;
  const cert = context.certificates[record.certificate];
  if (cert?.status === 'valid') return null;
  if (cert?.status === 'revoked') return '建筑工程施工许可证已撤销，须重新申报后方可申请竣工验收';
  if (cert?.status === 'lapsed') return '建筑工程施工许可证已失效，须重新申报后方可申请竣工验收';
  // 桩基先行: the construction permit comes with the above-ground permit.
  if (record.viaFoundationPermit) return '±0.000以上施工许可尚未核发，不能申请竣工验收';
  return '建筑工程施工许可证尚未核发，不能申请竣工验收';
}

/** The construction permit is in force (issued — jointly, when its bundle waits — and not revoked or lapsed). */
export function permitInForce(context: ProjectCaseContext, catalog: Catalog): boolean {
  return permitProblem(context, catalog) === null;
}

/** Why no section may apply for acceptance now (zh-CN, the first that applies), or null. */
export function applyBlockedBy(context: ProjectCaseContext, catalog: Catalog): string | null {
  const permit = permitProblem(context, catalog);
  if (permit) return permit;
  if (workNotReportedStarted(context, catalog)) return '尚未报告开工，不能申请竣工验收';
  const nameOf = (code: string) => catalog.items.find((i) => i.code === code)?.name ?? code;
  for (const code of context.itemOrder) {
    const record = context.items[code];
    if (!record.required) continue;
    const ended = ENDED[record.status];
    if (ended) return `「${nameOf(code)}」${ended}，须重新申报后方可申请竣工验收`;
    // Applied for again (重新申报) and not decided yet: the approval does not stand until it is.
    if (record.status === 'open' && record.attempts > 1) {
      return `「${nameOf(code)}」重新申报办理中，办结后方可申请竣工验收`;
    }
  }
  return null;
}

/** The commitments still open, in catalog order. */
export function openCommitments(context: ProjectCaseContext, catalog: Catalog): OpenCommitment[] {
  return context.itemOrder.flatMap((code): OpenCommitment[] => {
    const record = context.items[code];
    if (!record.commitmentOpen || !isApproved(record.status)) return [];
    const kind = record.basis === 'tolerance' ? 'tolerance' : record.basis === 'notifyCommitment' ? record.basis : null;
    if (!kind) return [];
    return [{ itemCode: code, itemName: catalog.items.find((i) => i.code === code)?.name ?? code, kind }];
  });
}

export function acceptanceConditions(context: ProjectCaseContext, catalog: Catalog): AcceptanceConditionsPayload {
  return { applyBlockedBy: applyBlockedBy(context, catalog), openCommitments: openCommitments(context, catalog) };
}

/** The open sections started on acceptance-section v5 (by v11): they take the conditions. */
export function sectionsTakingConditions(context: ProjectCaseContext): string[] {
  return context.sectionOrder.filter(
    (k) => context.sections[k].status === 'open' && context.sections[k].takesConditions === true,
  );
}

function samePayload(a: AcceptanceConditionsPayload, b: AcceptanceConditionsPayload): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The conditions differ from the last ones the open sections were told (the `always` guard). */
export function conditionsStale(context: ProjectCaseContext, catalog: Catalog): boolean {
  if (sectionsTakingConditions(context).length === 0) return false;
  const sent = context.acceptanceConditionsSent;
  return !sent || !samePayload(sent, acceptanceConditions(context, catalog));
}

export function conditionsEffects(context: ProjectCaseContext, catalog: Catalog): Effect[] {
  const payload = acceptanceConditions(context, catalog);
  return sectionsTakingConditions(context).map((k) => notifyChild(`section:${k}`, ACCEPTANCE_CONDITIONS, payload));
}

export function conditionsSent(context: ProjectCaseContext, catalog: Catalog): Partial<ProjectCaseContext> {
  return { acceptanceConditionsSent: acceptanceConditions(context, catalog) };
}

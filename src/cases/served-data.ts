/**
 * A case's data as GET /api/cases/{id} serves it: its context, with the one stored text people read that named
 * codes. foundation-permit v2–v6 stored a revocation for a revoked basis by the approvals' codes
 * (所依据的审批已撤销：designPlanReview; v7 stores names); the stored snapshot keeps it, the view names them.
 */
import { nameCodes } from '../common/errors/zh-names';
import { DEFINITION_IDS } from '../../workflows/protocol';

export function servedData(definitionId: string, context: Record<string, unknown>): Record<string, unknown> {
  if (definitionId !== DEFINITION_IDS.foundationPermit) return context;
  const revocation = context.revocation;
  if (typeof revocation !== 'object' || revocation === null || !('reason' in revocation)) return context;
  if (typeof revocation.reason !== 'string') return context;
  return { ...context, revocation: { ...revocation, reason: nameCodes(revocation.reason) } };
}

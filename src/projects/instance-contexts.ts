/**
 * An instance's context as the type its definition's machine writes, read by its definition id: the project page
 * reads children of every kind from one list of rows, and each reader answers only for its own definition (null
 * for another's), so a field is never read off the wrong machine's context.
 */
import type { AcceptanceSectionContext } from '../../workflows/acceptance-section/acceptance-section.types';
import type { ApprovalItemContext } from '../../workflows/approval-item/approval-item.types';
import type { FoundationPermitContext } from '../../workflows/foundation-permit/foundation-permit.types';
import type { NotifyCommitmentContext } from '../../workflows/notify-commitment/notify-commitment.types';
import type { ProjectCaseContext } from '../../workflows/project-case/project-case.types';
import { DEFINITION_IDS } from '../../workflows/protocol';
import type { ToleranceCommitmentContext } from '../../workflows/tolerance-commitment/tolerance-commitment.types';
import type { WorkStartContext } from '../../workflows/work-start/work-start.machine';
import type { InstanceRow } from './projects.repository';

/**
 * The context type of each definition, every version: a field a later version added is optional in the type
 * (e.g. FoundationPermitContext.commitmentsRevoked, v4), so a reader of an older instance handles its absence.
 */
interface Contexts {
  [DEFINITION_IDS.projectCase]: ProjectCaseContext;
  [DEFINITION_IDS.approvalItem]: ApprovalItemContext;
  [DEFINITION_IDS.toleranceCommitment]: ToleranceCommitmentContext;
  [DEFINITION_IDS.notifyCommitment]: NotifyCommitmentContext;
  [DEFINITION_IDS.foundationPermit]: FoundationPermitContext;
  [DEFINITION_IDS.workStart]: WorkStartContext;
  [DEFINITION_IDS.acceptanceSection]: AcceptanceSectionContext;
}

type Reader<K extends keyof Contexts> = (i: InstanceRow | null | undefined) => Contexts[K] | null;

/** The one place a stored context takes its type: the definition id says which machine wrote it. */
const reader =
  <K extends keyof Contexts>(id: K): Reader<K> =>
  (i) =>
    i && i.definitionId === id ? (i.snapshot.context as unknown as Contexts[K]) : null;

export const contextOf = {
  projectCase: reader(DEFINITION_IDS.projectCase),
  approvalItem: reader(DEFINITION_IDS.approvalItem),
  toleranceCommitment: reader(DEFINITION_IDS.toleranceCommitment),
  notifyCommitment: reader(DEFINITION_IDS.notifyCommitment),
  foundationPermit: reader(DEFINITION_IDS.foundationPermit),
  workStart: reader(DEFINITION_IDS.workStart),
  acceptanceSection: reader(DEFINITION_IDS.acceptanceSection),
};

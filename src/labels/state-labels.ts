/**
 * zh-CN labels of every definition's state paths, from the definitions' own tables (the ones their describe()
 * reads). The project case describes itself by stage and flags, so its paths are labelled here from the
 * catalog's stage names and the two parallel regions (联合发证, 桩基先行) that no other place names.
 */
import { LABELS as ACCEPTANCE_SECTION } from '../../workflows/acceptance-section/acceptance-section.definition';
import { STATUS_LABELS as APPROVAL_ITEM } from '../../workflows/approval-item/approval-item.definition';
import type { Catalog } from '../../workflows/catalog';
import { LABELS as FOUNDATION_PERMIT } from '../../workflows/foundation-permit/foundation-permit.definition';
import { LABELS as NOTIFY_COMMITMENT } from '../../workflows/notify-commitment/notify-commitment.definition';
import { PROBLEM_STATE_LABELS } from '../../workflows/problem/problem.definition';
import { DEFINITION_IDS } from '../../workflows/protocol';
import { LABELS as TOLERANCE_COMMITMENT } from '../../workflows/tolerance-commitment/tolerance-commitment.definition';
import { LABELS as WORK_START } from '../../workflows/work-start/work-start.definition';

const PROJECT_CASE_REGIONS: Record<string, string> = {
  stages: '办理阶段',
  'stages.complete': '已竣工验收',
  jointIssuance: '联合发证',
  'jointIssuance.deciding': '联合发证待确定',
  'jointIssuance.notDeclared': '未申请联合发证',
  'jointIssuance.pending': '待联合发证',
  'jointIssuance.issued': '已联合发证',
  foundationFirst: '桩基先行',
  'foundationFirst.deciding': '桩基先行待确定',
  'foundationFirst.notDeclared': '未申请桩基先行',
  'foundationFirst.waiting': '桩基先行待申请',
  'foundationFirst.inProgress': '桩基先行办理中',
  'foundationFirst.foundationPermitted': '桩基先行施工中',
  'foundationFirst.aboveGroundPermitted': '已核发±0.000以上施工许可',
  'foundationFirst.stoppedAtFoundation': '停工于桩基阶段',
  'foundationFirst.lapsed': '桩基施工许可已失效',
  'foundationFirst.refused': '桩基先行未获准',
};

/** The parts of a project case's state that say nothing to a reader (no practice declared). */
const SILENT_PARTS = new Set(['jointIssuance.notDeclared', 'foundationFirst.notDeclared']);

export type StateLabels = Record<string, Record<string, string>>;

export function stateLabels(catalogs: Catalog[]): StateLabels {
  const stages: Record<string, string> = {};
  for (const c of catalogs) for (const s of c.stages) stages[`stages.${s.key}`] = `${s.name}阶段`;
  return {
    [DEFINITION_IDS.approvalItem]: { ...APPROVAL_ITEM },
    [DEFINITION_IDS.projectCase]: { ...stages, ...PROJECT_CASE_REGIONS },
    [DEFINITION_IDS.acceptanceSection]: { ...ACCEPTANCE_SECTION },
    [DEFINITION_IDS.toleranceCommitment]: { ...TOLERANCE_COMMITMENT },
    [DEFINITION_IDS.notifyCommitment]: { ...NOTIFY_COMMITMENT },
    [DEFINITION_IDS.foundationPermit]: { ...FOUNDATION_PERMIT },
    [DEFINITION_IDS.problem]: { ...PROBLEM_STATE_LABELS },
    [DEFINITION_IDS.workStart]: { ...WORK_START },
  };
}

/**
 * The label of a state as stored (describe().state, the event's stateAfter): a path, or a parallel state's
 * regions joined by '|' (the project case), labelled region by region. Null when a part has no label, so a
 * caller never shows a path for a label.
 */
export function labelOfState(labels: StateLabels, definitionId: string, state: string): string | null {
  const table = labels[definitionId];
  if (!table || !state) return null;
  if (table[state]) return table[state];
  const parts = state.split('|').filter((p) => !SILENT_PARTS.has(p));
  const named = parts.map((p) => table[p]);
  return named.length > 0 && named.every((n) => n !== undefined) ? named.join('，') : null;
}

/**
 * Every zh-CN label the UI shows for a code, built once from the single sources: the catalogs (departments,
 * items, materials), the released definitions (event and state labels), the user roles and the practices.
 * The UI keeps no tables of its own.
 */
import type { Catalog } from '../../workflows/catalog';
import type { WorkflowDefinition } from '../../workflows/contract';
import { INSTANCE_CREATED, INSTANCE_MIGRATED, MATERIAL_UPLOADED, NOTICE_STORED } from '../../workflows/contract';
import { PRACTICE_NAMES } from '../../workflows/savings/types';
import { ROLE_LABELS } from '../users/user-role';
import { stateLabels, type StateLabels } from './state-labels';

export interface Labels {
  roles: Record<string, string>;
  departments: Record<string, string>;
  /** Who a case waits on (InstanceSummary.waitingOn). */
  waiting: Record<string, string>;
  practices: Record<string, string>;
  states: StateLabels;
  events: Record<string, string>;
  materials: Record<string, string>;
  items: Record<string, string>;
}

/** Events the engine records itself, which no definition declares. */
export const ENGINE_EVENT_LABELS: Record<string, string> = {
  [INSTANCE_CREATED]: '创建案件',
  [INSTANCE_MIGRATED]: '版本迁移',
  [MATERIAL_UPLOADED]: '上传材料',
  [NOTICE_STORED]: '文书存档',
};

export const WAITING_LABELS: Record<string, string> = {
  department: '待部门办理',
  enterprise: '待建设单位办理',
  system: '系统处理中',
  none: '无需办理',
};

/**
 * Catalogs in release order, definitions in registry order: a later one's name for the same code wins, so the
 * labels are the current ones.
 */
export function buildLabels(catalogs: Catalog[], definitions: WorkflowDefinition[]): Labels {
  const departments: Record<string, string> = {};
  const items: Record<string, string> = {};
  const materials: Record<string, string> = {};
  for (const c of catalogs) {
    for (const d of c.departments) departments[d.code] = d.name;
    for (const i of c.items) {
      items[i.code] = i.name;
      for (const m of i.materials) materials[m.code] = m.name;
    }
    for (const a of c.acceptanceItems) items[a.code] = a.name;
  }
  const events: Record<string, string> = { ...ENGINE_EVENT_LABELS };
  const ordered = [...definitions].sort((a, b) => a.version - b.version);
  for (const def of ordered) for (const e of Object.values(def.events)) events[e.type] = e.label;
  return {
    roles: { ...ROLE_LABELS },
    departments,
    waiting: { ...WAITING_LABELS },
    practices: { ...PRACTICE_NAMES },
    states: stateLabels(catalogs),
    events,
    materials,
    items,
  };
}

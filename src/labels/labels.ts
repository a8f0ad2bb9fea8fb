/**
 * Every zh-CN label the UI shows for a code, built once from the single sources: the catalogs (departments,
 * items, materials), the released definitions (event and state labels), the user roles and the practices.
 * The UI keeps no tables of its own.
 */
import type { Catalog } from '../../workflows/catalog';
import type { TimeUnit, WorkflowDefinition } from '../../workflows/contract';
import { INSTANCE_CREATED, INSTANCE_MIGRATED, MATERIAL_UPLOADED, NOTICE_STORED } from '../../workflows/contract';
import type { ApprovalItemContext } from '../../workflows/approval-item/approval-item.types';
import { PROBLEM_CATEGORIES } from '../../workflows/problem/problem.machine';
import { PRACTICE_NAMES, type BarKind } from '../../workflows/savings/types';
import { CIVIL_DEFENSE_LABELS, COMPLETE_STAGE, TIMER_STATE_LABELS } from '../projects/project-status';
import { INVESTOR_TYPES, LAND_SUPPLY_MODES } from '../projects/project-options';
import { ROLE_LABELS } from '../users/user-role';
import { MEETING_TYPE_LABELS } from '../zone/dto/meeting.dto';
import { STANDARD_MILESTONES } from '../zone/milestone-status';
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
  /** The approval stages (a project's or an item's `stage`), and 'complete' (已竣工验收) after the last. */
  stages: Record<string, string>;
  /** Project categories with their overall limit (湖北 80/60/40). */
  projectCategories: Record<string, string>;
  investorTypes: Record<string, string>;
  landSupplyModes: Record<string, string>;
  civilDefense: Record<string, string>;
  /** 特别程序 (an item's specialProcedure.procedure), as the definitions' payload schemas title them. */
  procedures: Record<string, string>;
  /** An item's decision (decision.outcome), as the definitions' payload schemas title them. */
  outcomes: Record<string, string>;
  /** A clock's state (正常, 预警, 暂停计时 …). */
  timerStates: Record<string, string>;
  /** Units of a promised limit, after the number ('20 个工作日'). */
  timeUnits: Record<string, string>;
  /** Where an item's 容缺 request stands (its context's tolerance.status). */
  toleranceStatuses: Record<string, string>;
  /** 问题清单 categories. */
  problemCategories: Record<string, string>;
  /** The standard milestones of the battle map (作战图). */
  milestones: Record<string, string>;
  /** Kinds of time on the savings timelines. */
  timeKinds: Record<string, string>;
  /** 现场办公 or 视频调度 (a meeting's type). */
  meetingTypes: Record<string, string>;
  /** event type → payload field → its name, as the event's payload schema names it (the history's 内容). */
  payloadFields: Record<string, Record<string, string>>;
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

type ToleranceStatus = NonNullable<ApprovalItemContext['tolerance']>['status'];

/** Typed by the context's own union, so a new status without a label does not compile. */
export const TOLERANCE_STATUS_LABELS: Record<ToleranceStatus, string> = {
  requested: '已申请',
  accepted: '已容缺受理',
  rejected: '未获同意',
  fulfilled: '材料已补齐',
  breached: '承诺失信',
};

export const TIME_UNIT_LABELS: Record<TimeUnit, string> = {
  workingDays: '个工作日',
  naturalDays: '天',
  months: '个月',
};

export const TIME_KIND_LABELS: Record<BarKind, string> = {
  government: '政府审批',
  enterprise: '企业准备/等待',
  construction: '施工',
  acceptance: '竣工验收',
};

/** code → title of every enumerated payload property `name` of any event (e.g. the special procedures). */
function payloadEnum(definitions: WorkflowDefinition[], name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of definitions)
    for (const e of Object.values(def.events)) {
      const props = (e.payloadSchema as { properties?: Record<string, { oneOf?: unknown }> }).properties;
      const oneOf = props?.[name]?.oneOf;
      if (!Array.isArray(oneOf)) continue;
      for (const o of oneOf as { const?: unknown; title?: unknown }[])
        if (typeof o.const === 'string' && typeof o.title === 'string') out[o.const] = o.title;
    }
  return out;
}

/** Each event's payload fields by the name its schema gives them (title, else the zh-CN description). */
function payloadFields(definitions: WorkflowDefinition[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const def of definitions)
    for (const e of Object.values(def.events)) {
      const props = (e.payloadSchema as { properties?: Record<string, { title?: unknown; description?: unknown }> })
        .properties;
      for (const [field, schema] of Object.entries(props ?? {})) {
        const name = String(schema.title ?? schema.description ?? '').split(' / ')[0];
        if (/[\u4e00-\u9fff]/.test(name) && !/[A-Za-z]{2,}/.test(name)) (out[e.type] ??= {})[field] = name;
      }
    }
  return out;
}

/**
 * Catalogs in release order, definitions in registry order: a later one's name for the same code wins, so the
 * labels are the current ones.
 */
export function buildLabels(catalogs: Catalog[], definitions: WorkflowDefinition[]): Labels {
  const departments: Record<string, string> = {};
  const stages: Record<string, string> = {};
  const projectCategories: Record<string, string> = {};
  const items: Record<string, string> = {};
  const materials: Record<string, string> = {};
  for (const c of catalogs) {
    for (const d of c.departments) departments[d.code] = d.name;
    for (const i of c.items) {
      items[i.code] = i.name;
      for (const m of i.materials) materials[m.code] = m.name;
    }
    for (const a of c.acceptanceItems) items[a.code] = a.name;
    for (const st of c.stages) stages[st.key] = st.name;
    for (const pc of c.projectCategories) projectCategories[pc.code] = `${pc.name}（≤${pc.targetWorkingDays}个工作日）`;
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
    // The project list's stage filter and row offer 'complete' as a stage (COMPLETE_STAGE).
    stages: { ...stages, [COMPLETE_STAGE.key]: COMPLETE_STAGE.name },
    projectCategories,
    investorTypes: { ...INVESTOR_TYPES },
    landSupplyModes: { ...LAND_SUPPLY_MODES },
    civilDefense: { ...CIVIL_DEFENSE_LABELS },
    procedures: payloadEnum(ordered, 'procedure'),
    outcomes: payloadEnum(ordered, 'outcome'),
    timeUnits: { ...TIME_UNIT_LABELS },
    timerStates: { ...TIMER_STATE_LABELS },
    toleranceStatuses: { ...TOLERANCE_STATUS_LABELS },
    problemCategories: { ...PROBLEM_CATEGORIES },
    milestones: Object.fromEntries(STANDARD_MILESTONES.map((m) => [m.code, m.name])),
    timeKinds: { ...TIME_KIND_LABELS },
    meetingTypes: { ...MEETING_TYPE_LABELS },
    payloadFields: payloadFields(ordered),
  };
}

// @ts-check
/**
 * The zh-CN names of codes (roles, departments, states, events, materials, items …), served by GET /api/labels
 * and loaded once after login; the UI keeps no tables of its own. Lookups are synchronous: the shell awaits
 * loadLabels() before it renders a signed-in page. A code the labels do not know shows as '—', never as itself.
 */
import { api } from './api.js';

/** @typedef {import('./types.js').Labels} Labels */

/** @type {Labels} */
const EMPTY = {
  roles: {},
  departments: {},
  waiting: {},
  practices: {},
  states: {},
  events: {},
  materials: {},
  items: {},
  stages: {},
  projectCategories: {},
  investorTypes: {},
  landSupplyModes: {},
  civilDefense: {},
  procedures: {},
  outcomes: {},
  timerStates: {},
  timeUnits: {},
  toleranceStatuses: {},
  problemCategories: {},
  milestones: {},
  timeKinds: {},
  meetingTypes: {},
  payloadFields: {},
};

/** @type {Labels} */
let labels = EMPTY;
/** @type {Promise<Labels> | null} */
let loading = null;

/** Loads the labels once per page (again after a failure, so a later page can retry). */
export async function loadLabels() {
  if (!loading) {
    loading = api.get('/api/labels').then(
      (body) => (labels = { ...EMPTY, ...body }),
      () => {
        loading = null;
        return labels;
      },
    );
  }
  return loading;
}

/**
 * @param {keyof Labels} kind
 * @param {string | null | undefined} code
 * @returns {string}
 */
export function label(kind, code) {
  if (!code) return '—';
  const table = /** @type {Record<string, unknown>} */ (labels[kind]);
  const text = table[code];
  return typeof text === 'string' ? text : '—';
}

/** [code, label] pairs of one kind, in the API's order (for <select> options). @param {keyof Labels} kind */
export function entries(kind) {
  return Object.entries(labels[kind]).filter(([, v]) => typeof v === 'string');
}

/** [state path, label] pairs of one definition's states, in the API's order. @param {string} definitionId */
export function stateEntries(definitionId) {
  const byState = labels.states[definitionId];
  return byState && typeof byState === 'object' ? Object.entries(byState).filter(([, v]) => typeof v === 'string') : [];
}

/**
 * The name of a field of an event's payload, as its schema names it, or null (then it is not shown).
 * @param {string} eventType @param {string} field
 */
export function payloadFieldName(eventType, field) {
  const byField = labels.payloadFields[eventType];
  const text = byField && typeof byField === 'object' ? byField[field] : undefined;
  return typeof text === 'string' ? text : null;
}

/** @param {string | null | undefined} role */
export const roleLabel = (role) => label('roles', role);
/** @param {string | null | undefined} code */
export const waitingLabel = (code) => label('waiting', code);
/** @param {string | null | undefined} code */
export const practiceLabel = (code) => label('practices', code);
/** @param {string | null | undefined} code */
export const eventLabel = (code) => label('events', code);
/** @param {string | null | undefined} code */
export const materialName = (code) => label('materials', code);
/** @param {string | null | undefined} code */
export const itemName = (code) => label('items', code);

/**
 * A department's name from its code, or from a { code, name } the API already named.
 * @param {string | { code?: string, name?: string } | null | undefined} dept
 */
export function departmentName(dept) {
  if (!dept) return '—';
  if (typeof dept === 'object') return dept.name || label('departments', dept.code);
  return label('departments', dept);
}

/**
 * A state's zh-CN label within a definition ('approval-item', 'departmentAccepted.reviewing'), or '—'.
 * @param {string | null | undefined} definitionId
 * @param {string | null | undefined} state
 */
export function stateLabel(definitionId, state) {
  if (!definitionId || !state) return '—';
  const byState = labels.states[definitionId];
  const text = byState && typeof byState === 'object' ? byState[state] : undefined;
  return typeof text === 'string' ? text : '—';
}

/**
 * A child case in words from its key: 'item:projectFiling' → the item's name; others by their kind with the
 * definition's title as the fallback ('tolerance:1' → '容缺受理（第 1 次）').
 * @param {string | null | undefined} childKey @param {string} fallback
 */
export function childName(childKey, fallback) {
  if (!childKey) return fallback;
  const [kind, rest = ''] = childKey.split(':');
  if (kind === 'item') {
    const name = itemName(rest);
    return name === '—' ? fallback : name;
  }
  const n = /^\d+$/.test(rest) ? `（第 ${rest} 次）` : '';
  return `${fallback}${n}`;
}

// @ts-check
/** Small cells the parts of the project page share. */
import { h, link, timerBadge } from '../../util.js';

/** A link to a case when there is one, else the text. @param {string | null | undefined} id @param {string} text */
export const caseLink = (id, text) => (id ? link(`/cases/${id}`, text) : text);

/**
 * The promised time limit of an open step: 正常/预警/逾期, or 未计时 before a department has accepted it.
 * @param {string | null} state @param {string | null} label @param {unknown} deadline
 */
export function timerCell(state, label, deadline) {
  if (state === 'stopped' && !deadline) return h('span', { class: 'badge badge-stopped' }, '未计时');
  return timerBadge(state, label) || '—';
}

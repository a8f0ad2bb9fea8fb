// @ts-check
/**
 * The whole-process clock (全流程时限: deadline, days counted and left, and the pauses when the project waited
 * on the enterprise: 补正, between stages, construction, 整改) and the timeline of every step.
 */
import { deadlineCell, fmtDate, fmtTime, h, section, table, timerBadge } from '../../util.js';

const STEP_ICON = { done: '✓', inProgress: '●', notReached: '○' };

/** @param {Record<string, any>} p  GET /api/projects/:id */
export function clockCard(p) {
  const whole = p.wholeProcess || {};
  const pauses = whole.pauses || [];
  return section(
    '全流程时限',
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, '办结期限'),
      h(
        'dd',
        null,
        h(
          'span',
          { class: 'inline' },
          deadlineCell(whole.deadline),
          ' ',
          timerBadge(whole.timerState, whole.timerStateLabel),
        ),
      ),
      // The API words it (已超期 N 个工作日 once past the target, not a negative remainder).
      whole.daysLabel ? [h('dt', null, '已用 / 剩余'), h('dd', null, whole.daysLabel)] : null,
      whole.governmentTimeOnly
        ? [h('dt', null, '计时方式'), h('dd', null, '只计政府办理时间，企业办理期间暂停计时')]
        : null,
    ),
    pauses.length
      ? [
          h('h3', { class: 'sub-title' }, '暂停计时'),
          table(
            [
              { title: '原因', cell: (x) => x.reasonLabel || '暂停计时' },
              { title: '开始', class: 'nowrap', cell: (x) => fmtDate(x.from) },
              { title: '结束', class: 'nowrap', cell: (x) => (x.to ? fmtDate(x.to) : '暂停中') },
            ],
            pauses,
            { class: 'clock-pauses' },
          ),
        ]
      : null,
  );
}

/** @param {Array<Record<string, any>>} timeline */
export function timelineCard(timeline) {
  return section(
    '办理进度时间线',
    h(
      'ol',
      { class: 'timeline' },
      timeline.map((t) =>
        h(
          'li',
          { class: `tl-item tl-${t.status}` },
          h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, STEP_ICON[t.status] || '○'),
          h(
            'div',
            { class: 'tl-body' },
            h('div', { class: 'tl-label' }, t.label),
            h(
              'div',
              { class: 'muted small' },
              t.statusLabel,
              t.detail && t.detail !== t.statusLabel ? ` · ${t.detail}` : '',
              t.at ? ` · ${fmtTime(t.at)}` : '',
            ),
          ),
        ),
      ),
    ),
  );
}

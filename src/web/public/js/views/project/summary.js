// @ts-check
/** 项目进度, the head: name, the project's facts and flags, the stepper of the four stages, and what happens next. */
import { api } from '../../api.js';
import { practiceLabel } from '../../labels.js';
import { deadlineCell, facts, fmtTime, h, link, section, table } from '../../util.js';
import { caseLink, timerCell } from './parts.js';

/** @param {Record<string, any>} p  GET /api/projects/:id */
export function head(p) {
  const user = api.session.get().user;
  return h(
    'div',
    { class: 'page-head' },
    h('div', null, h('div', { class: 'muted mono small' }, p.code), h('h1', null, p.name)),
    h(
      'div',
      { class: 'page-actions' },
      link(`/cases/${p.case.id}`, '项目案件', { class: 'btn' }),
      user.role !== 'admin' ? link(`/cases/${p.case.id}/audit`, '办理历史', { class: 'btn' }) : null,
      user.role !== 'clerk' ? link(`/projects/${p.id}/savings`, '节省分析', { class: 'btn' }) : null,
    ),
  );
}

/** @param {Record<string, any>} p */
export function summary(p) {
  const practices = Object.entries(p.practices || {})
    .filter(([, on]) => on)
    .map(([k]) =>
      h(
        'span',
        { class: 'chip chip-practice' },
        k === 'jointIssuance' && p.certificates.bundle ? p.certificates.bundle.name : practiceLabel(k),
      ),
    );
  const flags = p.flags;
  return h(
    'section',
    { class: 'card summary' },
    facts([
      ['建设单位', (p.enterprise && p.enterprise.name) || '—'],
      [
        '项目类别',
        p.category
          ? `${p.category.name}${p.category.targetWorkingDays ? `（全流程 ≤${p.category.targetWorkingDays} 个工作日）` : ''}`
          : '—',
      ],
      p.investorType ? ['投资类型', p.investorType.name] : null,
      p.landSupplyMode ? ['供地方式', p.landSupplyMode.name] : null,
      typeof p.investmentAmount === 'number' ? ['总投资', `${p.investmentAmount.toLocaleString('zh-CN')} 万元`] : null,
      flags ? ['工业项目', flags.industrial ? '是' : '否'] : null,
      flags ? ['特殊建设工程', flags.specialConstruction ? '是' : '否'] : null,
      flags && flags.civilDefense ? ['人防', flags.civilDefense.name] : null,
      ['当前阶段', p.currentStage ? p.currentStage.name : '—'],
      ['办理状态', p.case ? p.case.statusLabel : '—'],
      ['改革举措', practices.length ? h('div', { class: 'chips' }, practices) : '—'],
      ['申报时间', fmtTime(p.createdAt)],
    ]),
  );
}

/**
 * 立项用地规划许可 → 工程建设许可 → 施工许可 → 竣工验收, with where the project stands.
 * @param {Array<Record<string, any>>} stages
 */
export function stepper(stages) {
  return h(
    'ol',
    { class: 'stepper', 'aria-label': '审批阶段' },
    stages.map((s, i) =>
      h(
        'li',
        { class: `step step-${s.status}`, 'aria-current': s.status === 'inProgress' ? 'step' : null },
        h('span', { class: 'step-no' }, s.status === 'done' ? '✓' : String(i + 1)),
        h(
          'span',
          { class: 'step-text' },
          h('span', { class: 'step-name' }, s.name),
          h('span', { class: 'step-status' }, s.statusLabel),
        ),
      ),
    ),
  );
}

/**
 * 待办操作: what can be done now, and what is not possible yet greyed with the server's reason (disabledReason),
 * never listed as if it could be done.
 * @param {Array<{ label: string, disabledReason?: string }>} events
 */
function expectedCell(events) {
  if (!events.length) return '—';
  const ready = events.filter((e) => !e.disabledReason);
  const waiting = events.filter((e) => e.disabledReason);
  return h(
    'span',
    { class: 'expected-events' },
    ready.length ? h('span', { class: 'expected-ready' }, ready.map((e) => e.label).join('、')) : null,
    ...waiting.map((e, i) =>
      h(
        'span',
        { class: 'muted small expected-waiting', title: e.disabledReason },
        `${ready.length || i ? '；' : ''}${e.label}（暂不能办理：${e.disabledReason}）`,
      ),
    ),
  );
}

/** 下一步办理: what waits on whom, with a 去办理 for what the caller can do. @param {Record<string, any>} p */
export function nextSteps(p) {
  return section(
    '下一步办理',
    table(
      [
        { title: '事项', cell: (a) => caseLink(a.instanceId, a.subject) },
        { title: '当前状态', cell: (a) => a.statusLabel },
        {
          title: '由谁办理',
          cell: (a) =>
            h('span', { class: a.waitingOn === 'enterprise' ? 'who who-you' : 'who' }, a.who ? a.who.label : '—'),
        },
        { title: '待办操作', cell: (a) => expectedCell(a.expectedEvents || []) },
        { title: '时限', cell: (a) => deadlineCell(a.deadline) },
        { title: '计时', class: 'col-badge', cell: (a) => timerCell(a.timerState, a.timerStateLabel, a.deadline) },
        {
          title: '',
          class: 'col-action',
          cell: (a) =>
            a.yourEvents && a.yourEvents.length
              ? link(`/cases/${a.instanceId}`, '去办理', { class: 'btn btn-small btn-primary' })
              : link(`/cases/${a.instanceId}`, '查看', { class: 'btn btn-small' }),
        },
      ],
      p.nextActions || [],
      { empty: '当前没有待办理的事项' },
    ),
  );
}

// @ts-check
/**
 * 节省分析 (GET /api/reports/savings): the project's two timelines — traditional and fast-track — as Gantt-like
 * charts on one time scale, each practice's effect marked in its colour, the days saved, each practice's share
 * and what the figures rest on.
 */
import { api } from '../api.js';
import { charts } from '../charts.js';
import { entries as labelEntries } from '../labels.js';
import { append, h, link, section } from '../util.js';

const PRACTICE_COLORS = {
  foundationFirst: '#d97706',
  tolerance: '#059669',
  notifyCommit: '#7c3aed',
  jointIssuance: '#db2777',
  stagedAcceptance: '#0891b2',
};
const KIND_COLORS = { government: '#2563eb', enterprise: '#9ca3af', construction: '#cbd5e1', acceptance: '#1e3a8a' };
const MILESTONES = ['constructionPermit', 'workStart', 'firstSectionInUse', 'completion'];

const colorOf = (bar) => (bar.practice ? PRACTICE_COLORS[bar.practice] : KIND_COLORS[bar.kind]) || '#64748b';

/** A Gantt chart of one timeline on the shared scale [min, max]. */
function ganttOption(timeline, min, max, practiceNames) {
  const { dayMs, escape } = charts;
  const bars = timeline.bars;
  const narrow = window.innerWidth < 600;
  return {
    grid: { left: 8, right: 16, top: 28, bottom: 28, containLabel: true },
    tooltip: {
      confine: true,
      formatter: (p) => {
        const b = bars[p.dataIndex];
        if (!b) return '';
        const practice = b.practice ? `<br>${escape(practiceNames[b.practice] || '')}` : '';
        return `${escape(b.name)}<br>${b.start} → ${b.end}（${b.workingDays}个工作日）<br>${escape(b.note)}${practice}`;
      },
    },
    xAxis: {
      type: 'time',
      min,
      max,
      axisLabel: {
        hideOverlap: true,
        fontSize: narrow ? 10 : 12,
        formatter: { year: '{yyyy}年', month: '{M}月', day: '{M}/{d}' },
      },
      splitLine: { show: true, lineStyle: { color: '#eef2f7' } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      data: bars.map((b) => b.name),
      axisLabel: { width: narrow ? 96 : 180, overflow: 'truncate', fontSize: narrow ? 10 : 12 },
      axisTick: { show: false },
    },
    series: [
      {
        type: 'custom',
        name: 'bars',
        renderItem: (params, api) => {
          const y = api.value(0);
          const start = api.coord([api.value(1), y]);
          const end = api.coord([api.value(2), y]);
          const height = api.size([0, 1])[1] * 0.62;
          const cs = params.coordSys;
          const shape = window.echarts.graphic.clipRectByRect(
            { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 3), height },
            { x: cs.x, y: cs.y, width: cs.width, height: cs.height },
          );
          return shape && { type: 'rect', transition: [], shape, style: api.style() };
        },
        encode: { x: [1, 2], y: 0 },
        data: bars.map((b, i) => ({
          value: [i, dayMs(b.start), dayMs(b.end) + 86_400_000],
          itemStyle: {
            color: colorOf(b),
            borderColor: b.practice ? '#111827' : undefined,
            borderWidth: b.practice ? 1 : 0,
          },
        })),
      },
      {
        type: 'scatter',
        data: [],
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#dc2626', type: 'dashed' },
          label: { formatter: '{b}', fontSize: narrow ? 9 : 11, color: '#b91c1c' },
          data: MILESTONES.filter((k, i, all) => {
            // One line per date: 开工 on the permit day would print twice.
            const d = timeline.milestones[k].date;
            return all.findIndex((x) => timeline.milestones[x].date === d) === i;
          }).map((k) => ({ name: timeline.milestones[k].name, xAxis: dayMs(timeline.milestones[k].date) })),
        },
      },
    ],
  };
}

function legend(practiceNames) {
  const item = (color, label) =>
    h('span', { class: 'legend-item' }, h('span', { class: 'legend-swatch', style: `background:${color}` }), label);
  return h(
    'div',
    { class: 'chart-legend' },
    labelEntries('timeKinds').map(([k, label]) => item(KIND_COLORS[k], label)),
    Object.entries(PRACTICE_COLORS).map(([k, color]) => item(color, practiceNames[k])),
    item('#dc2626', '里程碑'),
  );
}

function kpi(label, value, sub, id) {
  return h(
    'div',
    { class: 'kpi', id },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    sub ? h('div', { class: 'kpi-sub' }, sub) : null,
  );
}

export async function savings(main, params) {
  const [status, r] = await Promise.all([
    api.get(`/api/projects/${params.id}`),
    api.get('/api/reports/savings', { projectId: params.id }),
  ]);
  const practiceNames = Object.fromEntries(Object.entries(r.byPractice).map(([k, v]) => [k, v.name]));
  const saved = r.savedByMilestone;
  const baselineEl = h('div', { class: 'chart chart-gantt', id: 'savings-baseline' });
  const fastEl = h('div', { class: 'chart chart-gantt', id: 'savings-fasttrack' });
  const practicesEl = h('div', { class: 'chart chart-practices', id: 'savings-practices' });
  const height = (t) => `${Math.max(240, t.bars.length * 24 + 70)}px`;
  baselineEl.style.height = height(r.baseline);
  fastEl.style.height = height(r.fastTrack);

  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h('div', null, h('div', { class: 'muted mono small' }, status.code), h('h1', null, `节省分析 · ${status.name}`)),
      h('div', { class: 'page-actions' }, link(`/projects/${params.id}`, '返回项目', { class: 'btn' })),
    ),
    h(
      'div',
      { class: 'kpi-row', id: 'savings-summary', 'data-saved-working-days': String(r.savedWorkingDays) },
      kpi(
        '首个车间投产提前',
        `${r.savedWorkingDays} 个工作日`,
        `${r.savedCalendarDays} 个自然日（${r.fastTrack.milestones.firstSectionInUse.date}，传统方式 ${r.baseline.milestones.firstSectionInUse.date}）`,
        'kpi-first-in-use',
      ),
      kpi(
        '开工提前',
        `${saved.workStart.workingDays} 个工作日`,
        `${saved.workStart.calendarDays} 个自然日`,
        'kpi-work-start',
      ),
      kpi(
        '竣工提前',
        `${saved.completion.workingDays} 个工作日`,
        `${saved.completion.calendarDays} 个自然日`,
        'kpi-completion',
      ),
    ),
    section('传统方式', h('p', { class: 'muted small' }, '无改革措施，证书逐一办理，全部完工后一次验收'), baselineEl),
    section(
      '快速通道（本项目）',
      h('p', { class: 'muted small' }, '带颜色边框的环节受改革措施影响'),
      fastEl,
      legend(practiceNames),
    ),
    section(
      '各项措施的贡献',
      h('p', { class: 'muted small' }, '单独关闭某项措施、其余不变时，首个车间投产推迟的工作日'),
      practicesEl,
      h(
        'ul',
        { class: 'practice-list', id: 'savings-explanations' },
        Object.entries(r.byPractice).map(([k, p]) =>
          h(
            'li',
            { 'data-practice': k },
            h('span', { class: 'legend-swatch', style: `background:${PRACTICE_COLORS[k]}` }),
            h('strong', null, `${p.name}：${p.savedWorkingDays} 个工作日`),
            ' ',
            p.explanation,
          ),
        ),
      ),
    ),
    section(
      '计算依据',
      h(
        'ol',
        { class: 'assumptions', id: 'savings-assumptions' },
        r.assumptions.map((a) => h('li', null, a)),
      ),
    ),
  ]);

  const all = [...r.baseline.bars, ...r.fastTrack.bars];
  const { dayMs } = charts;
  const min = Math.min(...all.map((b) => dayMs(b.start)));
  const max = Math.max(...all.map((b) => dayMs(b.end))) + 7 * 86_400_000;
  await charts.draw(baselineEl, ganttOption(r.baseline, min, max, practiceNames));
  await charts.draw(fastEl, ganttOption(r.fastTrack, min, max, practiceNames));
  const entries = Object.entries(r.byPractice);
  await charts.draw(practicesEl, {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { confine: true },
    xAxis: { type: 'value', name: '工作日', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: entries.map(([, p]) => p.name) },
    series: [
      {
        type: 'bar',
        data: entries.map(([k, p]) => ({ value: p.savedWorkingDays, itemStyle: { color: PRACTICE_COLORS[k] } })),
        label: { show: true, position: 'right', formatter: '{c}' },
      },
    ],
  });
}

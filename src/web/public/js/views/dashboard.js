// @ts-check
/**
 * 园区概览 (GET /api/reports/zone): the zone at a glance — projects by stage, investment, overdue and warning
 * items per department, open commitments, certificates per month, government days against the 80/60/40
 * targets and the days fast-tracking saved; the same figures as CSV.
 */
import { api } from '../api.js';
import { charts } from '../charts.js';
import { append, h, section, table, toast } from '../util.js';

function kpi(label, value, sub, id) {
  return h(
    'div',
    { class: 'kpi', id },
    h('div', { class: 'kpi-label' }, label),
    h('div', { class: 'kpi-value' }, value),
    sub ? h('div', { class: 'kpi-sub' }, sub) : null,
  );
}

const downloadCsv = () => api.saveFile('/api/reports/zone?format=csv', '园区概览.csv');

export async function dashboard(main) {
  const r = await api.get('/api/reports/zone');
  const chart = (id) => h('div', { class: 'chart chart-small', id });
  const stagesEl = chart('zone-stages');
  const departmentsEl = chart('zone-departments');
  const certificatesEl = chart('zone-certificates');
  const targetsEl = chart('zone-targets');
  const csv = h('button', { type: 'button', class: 'btn', id: 'zone-csv' }, '导出 CSV');
  csv.addEventListener('click', () => downloadCsv().catch((e) => toast(e.zhMessage, 'error')));
  const breaches = r.commitments.breaches;

  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('div', { class: 'muted small' }, r.scope ? `${r.scope.name}经办的项目` : '全区'),
        h('h1', null, '园区概览'),
      ),
      h('div', { class: 'page-actions' }, csv),
    ),
    h(
      'div',
      { class: 'kpi-row', id: 'zone-kpis' },
      kpi('项目总数', String(r.projects.total), `${r.year}年申报 ${r.projects.filedThisYear} 个`, 'kpi-projects'),
      kpi('今年开工', String(r.projects.startedThisYear), '报开工或取得施工许可', 'kpi-started'),
      kpi(
        '总投资',
        `${(r.investment.totalWanYuan / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 亿元`,
        r.investment.projectsWithoutAmount ? `${r.investment.projectsWithoutAmount} 个项目未填报` : null,
        'kpi-investment',
      ),
      kpi(
        '改革措施节省',
        `${r.savings.savedWorkingDays} 个工作日`,
        `${r.savings.projectsCounted} 个项目合计，${r.savings.savedCalendarDays} 个自然日`,
        'kpi-saved',
      ),
    ),
    h(
      'div',
      { class: 'chart-grid' },
      section('项目所处阶段', stagesEl),
      section('各部门在办、预警与逾期', departmentsEl),
      section('每月发证数', certificatesEl),
      section('政府审批用时与 80/60/40 目标', h('p', { class: 'muted small' }, r.governmentDays.note), targetsEl),
    ),
    section(
      '在途承诺与失信',
      table(
        [
          { title: '承诺', cell: (c) => c.kindName },
          { title: '期限', cell: (c) => c.bucketName },
          { title: '数量', cell: (c) => String(c.count), class: 'num' },
        ],
        r.commitments.open,
        { empty: '没有在途承诺' },
      ),
      h(
        'p',
        { class: 'small', id: 'zone-breaches' },
        `违诺记录 ${breaches.total} 条（未修复 ${breaches.unrepaired} 条，今年 ${breaches.thisYear} 条）`,
      ),
    ),
  ]);

  const small = window.innerWidth < 600;
  await charts.draw(stagesEl, {
    tooltip: { trigger: 'item', confine: true },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: small ? ['30%', '60%'] : ['35%', '65%'],
        center: ['50%', '45%'],
        label: { position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 'bold' },
        data: r.projects.byStage.map((s) => ({ name: s.name, value: s.count })),
      },
    ],
  });
  await charts.draw(departmentsEl, {
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: r.departments.map((d) => d.name) },
    series: [
      {
        name: '正常',
        type: 'bar',
        stack: 'n',
        color: '#93c5fd',
        data: r.departments.map((d) => d.open - d.warning - d.overdue),
      },
      { name: '预警', type: 'bar', stack: 'n', color: '#f59e0b', data: r.departments.map((d) => d.warning) },
      { name: '逾期', type: 'bar', stack: 'n', color: '#dc2626', data: r.departments.map((d) => d.overdue) },
    ],
  });
  await charts.draw(certificatesEl, {
    tooltip: { trigger: 'axis', confine: true },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: r.certificatesPerMonth.map((c) => c.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', color: '#2563eb', data: r.certificatesPerMonth.map((c) => c.count) }],
  });
  const categories = r.governmentDays.byCategory;
  await charts.draw(targetsEl, {
    tooltip: { trigger: 'axis', confine: true },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 16, bottom: 36, containLabel: true },
    xAxis: { type: 'value', name: '工作日' },
    yAxis: { type: 'category', inverse: true, data: categories.map((c) => c.name) },
    series: [
      { name: '目标', type: 'bar', color: '#cbd5e1', data: categories.map((c) => c.targetWorkingDays) },
      {
        name: '平均用时',
        type: 'bar',
        color: '#059669',
        data: categories.map((c) => c.averageWorkingDays),
        label: { show: true, position: 'right', formatter: (p) => (p.value === null ? '' : String(p.value)) },
      },
    ],
  });
}

// @ts-check
/** The four stages with their items (department, status, time limit, certificate) and 分段竣工验收 sections. */
import { departmentName } from '../../labels.js';
import { deadlineCell, fmtTime, h, table } from '../../util.js';
import { certStatus } from './certificates.js';
import { caseLink, timerCell } from './parts.js';

/** @param {Record<string, any>} stage */
export function stageCard(stage) {
  const head = h(
    'div',
    { class: 'stage-head' },
    h('h2', { class: 'card-title' }, stage.name),
    h('span', { class: `badge badge-step-${stage.status}` }, stage.statusLabel),
    stage.leadDepartment ? h('span', { class: 'muted small' }, `牵头部门：${stage.leadDepartment.name}`) : null,
  );
  const items = table(
    [
      {
        title: '审批事项',
        cell: (i) =>
          h(
            'div',
            null,
            caseLink(i.instanceId, i.name),
            i.required === false ? h('span', { class: 'muted small' }, '（非必需）') : null,
          ),
      },
      { title: '办理部门', cell: (i) => departmentName(i.department) },
      {
        title: '办理状态',
        cell: (i) =>
          h(
            'span',
            null,
            h('span', { class: `status status-${i.itemStatus}` }, i.statusLabel || '—'),
            i.affected ? h('span', { class: 'badge badge-overdue', title: '所依据的审批已被撤销' }, '受影响') : null,
          ),
      },
      {
        title: '承诺时限',
        cell: (i) => (i.timerState === 'stopped' ? h('span', { class: 'muted' }, '—') : deadlineCell(i.deadline)),
      },
      {
        title: '计时',
        class: 'col-badge',
        cell: (i) => (i.itemStatus === 'open' ? timerCell(i.timerState, i.timerStateLabel, i.deadline) : '—'),
      },
      { title: '办结时间', class: 'nowrap', cell: (i) => (i.decidedAt ? fmtTime(i.decidedAt) : '—') },
      {
        title: '证照',
        cell: (i) =>
          i.certificate
            ? h(
                'span',
                null,
                i.certificate.name,
                ' ',
                h('span', { class: `badge badge-cert-${i.certificate.status}` }, certStatus(i.certificate.status)),
              )
            : '—',
      },
    ],
    stage.items || [],
    { empty: '本阶段无审批事项' },
  );
  const hasSections = stage.sections && stage.sections.length;
  const children = [head, hasSections && !(stage.items || []).length ? null : items];
  if (hasSections) {
    children.push(
      h('h3', { class: 'sub-title' }, '分段竣工验收'),
      table(
        [
          { title: '验收分段', cell: (s) => caseLink(s.instanceId, s.name) },
          { title: '建筑面积', cell: (s) => (s.area ? `${s.area} ㎡` : '—') },
          { title: '验收状态', cell: (s) => s.statusLabel },
          { title: '牵头部门', cell: (s) => departmentName(s.department) },
          { title: '时限', cell: (s) => deadlineCell(s.deadline) },
          { title: '可投产', cell: (s) => (s.productionAllowed ? '是' : '否') },
          { title: '验收通过时间', class: 'nowrap', cell: (s) => fmtTime(s.acceptedAt) },
        ],
        stage.sections,
      ),
    );
  }
  return h('section', { class: `card stage stage-${stage.status}` }, ...children);
}

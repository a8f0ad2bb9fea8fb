// @ts-check
/** 项目列表: the projects the caller may see (GET /api/projects), with a search by 项目编号 or name and paging. */
import { api } from '../api.js';
import { entries } from '../labels.js';
import { navigate, withQuery } from '../router.js';
import { alertBox, append, clear, fmtTime, h, link, table, timerBadge } from '../util.js';

const PAGE = 20;

export async function projects(main, params) {
  const user = api.session.get().user;
  const offset = Math.max(0, Number(params.offset) || 0);
  const canCreate =
    ['enterprise', 'steward'].includes(user.role) || (user.role === 'clerk' && user.department === 'window');
  const auditing = user.role === 'auditor';

  const q = h('input', {
    type: 'search',
    name: 'q',
    placeholder: '项目编号或项目名称',
    value: params.q || '',
    maxlength: 100,
    'aria-label': '项目编号或项目名称',
  });
  const stage = h(
    'select',
    { name: 'stage', 'aria-label': '阶段' },
    [['', '全部阶段'], ...entries('stages')].map(([v, l]) => h('option', { value: v }, l)),
  );
  stage.value = params.stage || '';
  const overdue = h('input', {
    type: 'checkbox',
    name: 'overdue',
    id: 'filter-overdue',
    checked: params.overdue === 'true',
  });
  const search = h(
    'form',
    { class: 'toolbar', role: 'search' },
    q,
    stage,
    h('label', { class: 'check', for: 'filter-overdue' }, overdue, h('span', null, '仅看逾期')),
    h('button', { type: 'submit', class: 'btn' }, '搜索'),
  );
  search.addEventListener('submit', (e) => {
    e.preventDefault();
    navigate(withQuery('/projects', { q: q.value.trim(), stage: stage.value, overdue: overdue.checked ? 'true' : '' }));
  });

  const body = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, '正在加载项目…'));
  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, auditing ? '审计 · 选择项目' : user.role === 'enterprise' ? '我的项目' : '项目进度'),
      canCreate
        ? h('div', { class: 'page-actions' }, link('/projects/new', '＋ 申报新项目', { class: 'btn btn-primary' }))
        : null,
    ),
    auditing
      ? h(
          'p',
          { class: 'muted' },
          '按项目编号（如 SZGX-2026-0001）或名称查找项目，查看其案件的办理历史、回放与完整性校验。',
        )
      : null,
    h('section', { class: 'card' }, search, body),
  ]);

  let data;
  try {
    data = await api.get('/api/projects', {
      q: params.q,
      stage: params.stage,
      overdue: params.overdue === 'true' ? 'true' : undefined,
      limit: PAGE,
      offset,
    });
  } catch (err) {
    clear(body).appendChild(alertBox(err.zhMessage));
    return;
  }

  const target = (p) => (auditing ? `/cases/${p.id}/audit` : `/projects/${p.id}`);
  // A steward's projects say who looks after them (the API's steward on each row).
  const assignment = (p) => (p.steward && p.steward.name) || '—';
  const columns = [
    { title: '项目编号', class: 'mono nowrap', cell: (p) => p.code },
    { title: '项目名称', cell: (p) => link(target(p), p.name, { class: 'strong' }) },
    { title: '建设单位', cell: (p) => (p.enterprise && p.enterprise.name) || '—' },
    { title: '项目类别', cell: (p) => (p.category && p.category.name) || '—' },
    user.role === 'steward' ? { title: '项目管家', class: 'assignment', cell: assignment } : null,
    { title: '当前阶段', cell: (p) => (p.stage ? p.stage.name : p.status === 'done' ? '已竣工验收' : '—') },
    { title: '办理状态', cell: (p) => p.statusLabel || '—' },
    {
      title: '计时',
      class: 'col-badge',
      cell: (p) => timerBadge(p.timerState, p.timerStateLabel, { overdue: p.overdue }) || '—',
    },
    { title: '申报时间', class: 'nowrap', cell: (p) => fmtTime(p.createdAt) },
    {
      title: '',
      class: 'col-action',
      cell: (p) =>
        auditing
          ? link(`/cases/${p.id}/audit`, '审计', { class: 'btn btn-small' })
          : link(`/projects/${p.id}`, '查看进度', { class: 'btn btn-small' }),
    },
  ];
  clear(body).appendChild(
    table(columns.filter(Boolean), data.items, {
      empty: params.q ? `没有名称包含“${params.q}”的项目` : '暂无项目',
      rowClass: (p) => (p.overdue ? 'row-overdue' : null),
    }),
  );
  if (data.total > PAGE) {
    const page = Math.floor(offset / PAGE) + 1;
    const pages = data.totalCapped ? '…' : Math.ceil(data.total / PAGE);
    const at = (o) =>
      withQuery('/projects', { q: params.q, stage: params.stage, overdue: params.overdue, offset: o || '' });
    body.appendChild(
      h(
        'div',
        { class: 'pager' },
        offset > 0 ? link(at(offset - PAGE), '上一页', { class: 'btn btn-small' }) : null,
        h(
          'span',
          { class: 'muted' },
          `第 ${page} / ${pages} 页，共 ${data.total}${data.totalCapped ? '+' : ''} 个项目`,
        ),
        offset + PAGE < data.total || (data.totalCapped && data.items.length === PAGE)
          ? link(at(offset + PAGE), '下一页', { class: 'btn btn-small' })
          : null,
      ),
    );
  }
}

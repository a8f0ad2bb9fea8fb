// @ts-check
/**
 * The zone command (包保制, 1+1+N): the leader's view and the steward's work list (/zone), the problem list with
 * raising a problem (/problems; handling goes through the case page, whose actions come from allowedEvents),
 * meetings (/meetings), the battle map as a Gantt-like chart (/projects/:id/battle-map, Apache ECharts served
 * by the app) and 站内消息 (/notifications). Labels come from the API.
 */
import { api } from '../api.js';
import { navigate, withQuery } from '../router.js';
import { departmentName, entries, stateEntries } from '../labels.js';
import {
  alertBox,
  append,
  clear,
  facts,
  fmtDate,
  fmtTime,
  h,
  lastDay,
  link,
  nowCstLocal,
  section,
  table,
  timerBadge,
  toast,
  zhPart,
} from '../util.js';

const MILESTONE_COLORS = {
  done: '#2e7d32',
  doneLate: '#f9a825',
  slipping: '#c62828',
  warning: '#ef6c00',
  onTrack: '#1565c0',
};

const errorText = (err) => (err && err.zhMessage) || zhPart((err && err.body && err.body.message) || '操作失败');
const badge = (text, kind) => h('span', { class: `badge badge-${kind}` }, text);

// ---- 项目长视图 / 项目管家工作台 -------------------------------------------------------------------------
export async function zone(main) {
  const user = api.session.get().user;
  const title = user.role === 'leader' ? '项目长视图' : user.role === 'steward' ? '项目管家工作清单' : '重点项目调度';
  const body = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, '正在加载…'));
  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, title),
      h(
        'div',
        { class: 'page-actions' },
        link('/problems', '问题清单', { class: 'btn' }),
        link('/meetings', '会议调度', { class: 'btn' }),
      ),
    ),
    h('section', { class: 'card', id: 'zone-projects' }, body),
  ]);
  const data = await api.get('/api/zone/projects');
  clear(body);
  const overdue = data.items.reduce((n, p) => n + p.overdueWork + p.overdueProblems, 0);
  const open = data.items.reduce((n, p) => n + p.openProblems, 0);
  append(body, [
    h(
      'div',
      { class: 'stat-row' },
      h(
        'div',
        { class: 'stat' },
        h('span', { class: 'stat-value' }, String(data.items.length)),
        h('span', { class: 'stat-label' }, '项目'),
      ),
      h(
        'div',
        { class: 'stat stat-overdue' },
        h('span', { class: 'stat-value', id: 'zone-overdue' }, String(overdue)),
        h('span', { class: 'stat-label' }, '逾期事项/问题'),
      ),
      h(
        'div',
        { class: 'stat' },
        h('span', { class: 'stat-value', id: 'zone-open-problems' }, String(open)),
        h('span', { class: 'stat-label' }, '未办结问题'),
      ),
      h(
        'div',
        { class: 'stat stat-warning' },
        h('span', { class: 'stat-value', id: 'zone-slipping' }, String(data.slippingProjects)),
        h('span', { class: 'stat-label' }, '作战图滞后项目'),
      ),
    ),
    table(
      [
        {
          title: '项目',
          cell: (p) =>
            h(
              'span',
              null,
              link(`/projects/${p.id}`, p.name),
              p.keyProject ? [' ', badge('重点项目', 'warning')] : null,
            ),
        },
        { title: '项目长', cell: (p) => (p.leader ? p.leader.name : null) },
        { title: '项目管家', cell: (p) => (p.steward ? p.steward.name : null) },
        { title: '审批进度', cell: (p) => p.caseStatus },
        {
          title: '逾期/预警',
          class: 'nowrap',
          cell: (p) =>
            p.overdueWork || p.warningWork
              ? h(
                  'span',
                  null,
                  p.overdueWork ? badge(`逾期 ${p.overdueWork}`, 'overdue') : null,
                  ' ',
                  p.warningWork ? badge(`预警 ${p.warningWork}`, 'warning') : null,
                )
              : badge('正常', 'normal'),
        },
        { title: '待企业办理', class: 'num', cell: (p) => String(p.waitingOnEnterprise) },
        {
          title: '问题',
          cell: (p) =>
            link(
              `/problems?projectId=${p.id}`,
              `未办结 ${p.openProblems}${p.overdueProblems ? `（逾期 ${p.overdueProblems}）` : ''}`,
            ),
        },
        {
          title: '作战图',
          cell: (p) =>
            h(
              'span',
              null,
              link(`/projects/${p.id}/battle-map`, p.slippingMilestones.length ? '滞后：' : '查看'),
              p.slippingMilestones.map((m) => [' ', badge(`${m.name} 滞后${m.daysLate}天`, 'overdue')]),
            ),
        },
      ],
      data.items,
      { empty: '暂无项目', rowClass: (p) => (p.atRisk ? 'row-overdue' : null) },
    ),
  ]);
}

// ---- 问题清单 ---------------------------------------------------------------------------------------------
async function raiseForm(user, params, onRaised) {
  const projects = await api.get('/api/projects', { limit: 100 });
  const meetings = await api.get('/api/meetings').catch(() => ({ items: [] }));
  const field = (label, control) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
  const project = h(
    'select',
    { name: 'projectId', required: true },
    projects.items.map((p) => h('option', { value: p.id }, p.name)),
  );
  if (params.projectId) project.value = params.projectId;
  const title = h('input', {
    name: 'title',
    required: true,
    maxlength: 200,
    placeholder: '例如：施工临时用电尚未接入',
  });
  const description = h('textarea', { name: 'description', rows: 2, maxlength: 2000 });
  const category = h(
    'select',
    { name: 'category' },
    entries('problemCategories').map(([v, l]) => h('option', { value: v }, l)),
  );
  const department = h(
    'select',
    { name: 'department' },
    entries('departments').map(([v, l]) => h('option', { value: v }, l)),
  );
  const limit = h('input', { name: 'limitWorkingDays', type: 'number', min: 1, max: 90, value: 5, required: true });
  const meeting = h(
    'select',
    { name: 'meetingId' },
    h('option', { value: '' }, '（非会议提出）'),
    meetings.items.map((m) => h('option', { value: m.id }, `${m.heldOn} ${m.typeLabel}`)),
  );
  const message = h('div', { class: 'form-message', role: 'status' });
  const form = h(
    'form',
    { class: 'fields', id: 'raise-problem' },
    field('项目', project),
    field('问题', title),
    field('说明', description),
    field('类别', category),
    field('责任部门', department),
    field('办理时限（工作日）', limit),
    field('会议', meeting),
    message,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '提出问题')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const body = {
      projectId: project.value,
      title: title.value.trim(),
      category: category.value,
      department: department.value,
      limitWorkingDays: Number(limit.value),
    };
    if (description.value.trim()) body.description = description.value.trim();
    if (meeting.value) body.meetingId = meeting.value;
    try {
      const res = await api.request('POST', '/api/problems', {
        body,
        idempotencyKey: true,
      });
      toast('问题已提出', 'success');
      onRaised(res.body);
    } catch (err) {
      message.appendChild(alertBox(errorText(err)));
    }
  });
  void user;
  return section('提出问题', h('div', { class: 'card-body' }, form));
}

export async function problems(main, params) {
  const user = api.session.get().user;
  const status = h(
    'select',
    { name: 'status', 'aria-label': '状态' },
    [['', '全部状态'], ...stateEntries('problem')].map(([v, l]) => h('option', { value: v }, l)),
  );
  status.value = params.status || '';
  status.addEventListener('change', () =>
    navigate(withQuery('/problems', { projectId: params.projectId, status: status.value })),
  );
  const body = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, '正在加载问题…'));
  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, user.role === 'clerk' ? `交办问题 · ${departmentName(user.department)}` : '问题清单'),
    ),
    h('section', { class: 'card', id: 'problem-list' }, h('div', { class: 'toolbar' }, status), body),
  ]);
  if (['enterprise', 'steward', 'leader'].includes(user.role)) {
    main.appendChild(await raiseForm(user, params, (view) => navigate(`/cases/${view.id}`)));
  }
  const data = await api.get('/api/problems', { projectId: params.projectId, status: params.status });
  clear(body);
  body.appendChild(
    table(
      [
        { title: '问题', cell: (p) => link(`/cases/${p.id}`, p.title) },
        { title: '项目', cell: (p) => p.project.name },
        { title: '类别', cell: (p) => p.category.name },
        { title: '责任部门', cell: (p) => p.department.name },
        { title: '状态', cell: (p) => h('span', { class: 'status-pill' }, p.statusLabel) },
        {
          title: '时限',
          class: 'nowrap',
          cell: (p) =>
            p.timerStateLabel && !p.done && p.timerState !== 'stopped'
              ? h('span', null, timerBadge(p.timerState, p.timerStateLabel), p.dueAt ? ` ${lastDay(p.dueAt)}` : '')
              : null,
        },
        { title: '提出', cell: (p) => `${p.raisedBy.roleLabel} ${fmtDate(p.raisedAt)}` },
        {
          title: '督办',
          cell: (p) => (p.escalations.length ? badge(`已提级督办 ${p.escalations.length}次`, 'overdue') : null),
        },
      ],
      data.items,
      { empty: '暂无问题', rowClass: (p) => (p.overdue ? 'row-overdue' : null) },
    ),
  );
}

// ---- 会议调度 ---------------------------------------------------------------------------------------------
export async function meetings(main) {
  const user = api.session.get().user;
  append(main, [h('div', { class: 'page-head' }, h('h1', null, '现场办公 · 视频调度'))]);
  const list = h('div', { id: 'meeting-list' }, h('p', { class: 'loading' }, '正在加载会议…'));
  main.appendChild(list);
  const data = await api.get('/api/meetings');
  clear(list);
  if (!data.items.length) list.appendChild(h('p', { class: 'empty' }, '暂无会议记录'));
  for (const m of data.items) {
    list.appendChild(
      section(
        `${m.heldOn} ${m.typeLabel}`,
        h(
          'div',
          { class: 'card-body' },
          facts([
            ['主持', m.leader.name],
            [m.type === 'video' ? '会议链接' : '地点', m.type === 'video' ? m.link : m.place],
            ['参会', m.attendees.join('、')],
            ['调度项目', m.projects.map((p) => p.name).join('、')],
          ]),
          h('h3', { class: 'sub-title' }, '议定事项'),
          m.decisions.length
            ? h(
                'ol',
                null,
                m.decisions.map((d) => h('li', null, d)),
              )
            : h('p', { class: 'muted' }, '—'),
          h('h3', { class: 'sub-title' }, '会上提出的问题'),
          table(
            [
              { title: '问题', cell: (p) => link(`/cases/${p.id}`, p.title) },
              { title: '项目', cell: (p) => p.project.name },
              { title: '责任部门', cell: (p) => p.department.name },
              { title: '状态', cell: (p) => p.statusLabel },
            ],
            m.problemsRaised,
            { empty: '无' },
          ),
          m.problemsReviewed.length
            ? [
                h('h3', { class: 'sub-title' }, '会上复核的问题'),
                h(
                  'ul',
                  null,
                  m.problemsReviewed.map((p) => h('li', null, `${p.title}（${p.statusLabel}）`)),
                ),
              ]
            : null,
        ),
      ),
    );
  }
  if (!['leader', 'steward'].includes(user.role)) return;
  const zone = await api.get('/api/zone/projects');
  const field = (label, control) => h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control);
  const heldOn = h('input', { type: 'date', name: 'heldOn', required: true, value: nowCstLocal().slice(0, 10) });
  const type = h(
    'select',
    { name: 'type', required: true },
    entries('meetingTypes').map(([v, l]) => h('option', { value: v }, l)),
  );
  // The server's rules (CreateMeetingDto, MeetingsService): a place (≤ 200 characters) on site, a link with its
  // protocol for a video call, each attendee ≤ 100, each decision ≤ 1000, 1–50 projects, a leader to chair.
  const place = h('input', { name: 'place', maxlength: 200, placeholder: '现场办公地点 / 视频会议链接（https://…）' });
  const attendees = h('input', { name: 'attendees', placeholder: '参会人员，以顿号分隔' });
  const decisions = h('textarea', { name: 'decisions', rows: 3, placeholder: '议定事项，每行一条' });
  const boxes = zone.items.map((p) => h('input', { type: 'checkbox', value: p.id, name: 'projectIds' }));
  const message = h('div', { class: 'form-message' });
  const form = h(
    'form',
    { class: 'fields', id: 'record-meeting' },
    field('日期', heldOn),
    field('类型', type),
    field('地点或链接', place),
    field('参会人员', attendees),
    h(
      'fieldset',
      { class: 'checks' },
      h('legend', null, '调度项目'),
      zone.items.map((p, i) => h('label', { class: 'check' }, boxes[i], h('span', null, p.name))),
    ),
    field('议定事项', decisions),
    message,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '记录会议')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const where = place.value.trim();
    const body = {
      heldOn: heldOn.value,
      type: type.value,
      attendees: attendees.value
        .split(/[、,，]/)
        .map((s) => s.trim())
        .filter(Boolean),
      projectIds: boxes.filter((b) => b.checked).map((b) => b.value),
      decisions: decisions.value
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
    };
    // A steward's meeting is chaired by the leader of a project it dispatches (the server needs one).
    const chair =
      user.role === 'steward' ? zone.items.find((p) => body.projectIds.includes(p.id) && p.leader) : undefined;
    const problem =
      body.projectIds.length === 0
        ? '请至少选择一个调度项目'
        : body.projectIds.length > 50
          ? '一次最多调度 50 个项目'
          : user.role === 'steward' && !chair
            ? '所选项目尚未配备项目长，请选择有项目长的项目'
            : type.value === 'video' && !/^https?:\/\/\S+$/.test(where)
              ? '视频调度请填写以 http:// 或 https:// 开头的会议链接'
              : type.value !== 'video' && !where
                ? '现场办公请填写地点'
                : body.attendees.some((a) => a.length > 100)
                  ? '每位参会人员不超过 100 字'
                  : body.decisions.some((d) => d.length > 1000)
                    ? '每条议定事项不超过 1000 字'
                    : null;
    if (problem) {
      message.appendChild(alertBox(problem));
      return;
    }
    if (type.value === 'video') body.link = where;
    else body.place = where;
    if (chair) body.leaderUserId = chair.leader.id;
    try {
      await api.request('POST', '/api/meetings', { body });
      toast('会议已记录', 'success');
      navigate('/meetings', { replace: true });
    } catch (err) {
      message.appendChild(alertBox(errorText(err)));
    }
  });
  main.appendChild(section('记录会议', h('div', { class: 'card-body' }, form)));
}

// ---- 作战图 -----------------------------------------------------------------------------------------------
let echartsLoading = null;
function loadECharts() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!echartsLoading) {
    echartsLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/vendor/echarts.min.js';
      s.onload = () => resolve(window.echarts);
      s.onerror = () => {
        echartsLoading = null;
        reject(new Error('图表组件加载失败'));
      };
      document.head.appendChild(s);
    });
  }
  return echartsLoading;
}

const dayMs = (d) => Date.parse(`${d}T00:00:00+08:00`);

/** Gantt-like: one row per milestone, a bar from the planned date to the actual date (or today), coloured by status. */
function chartOption(map) {
  const rows = map.milestones;
  const names = rows.map((m) => m.name);
  const data = rows.map((m, i) => {
    const planned = dayMs(m.plannedOn);
    const end = m.actualOn ? dayMs(m.actualOn) : dayMs(map.today);
    return {
      name: m.name,
      value: [i, Math.min(planned, end), Math.max(planned, end) + 86_400_000, planned],
      itemStyle: { color: MILESTONE_COLORS[m.status] },
      m,
    };
  });
  return {
    animation: false,
    tooltip: {
      formatter: (p) =>
        `${p.data.m.name}：计划 ${p.data.m.plannedOn}，实际 ${p.data.m.actualOn || '—'}（${p.data.m.statusLabel}${p.data.m.daysLate ? `，${p.data.m.daysLate}天` : ''}）`,
    },
    grid: { left: 90, right: 30, top: 30, bottom: 40 },
    xAxis: { type: 'time', axisLabel: { formatter: '{yyyy}-{MM}-{dd}' } },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [
      {
        type: 'custom',
        renderItem: (params, api) => {
          const y = api.value(0);
          const start = api.coord([api.value(1), y]);
          const end = api.coord([api.value(2), y]);
          const planned = api.coord([api.value(3), y]);
          const height = api.size([0, 1])[1] * 0.5;
          return {
            type: 'group',
            children: [
              {
                type: 'rect',
                shape: { x: start[0], y: start[1] - height / 2, width: Math.max(end[0] - start[0], 2), height },
                style: api.style(),
              },
              {
                type: 'line',
                shape: { x1: planned[0], y1: planned[1] - height, x2: planned[0], y2: planned[1] + height },
                style: { stroke: '#333', lineWidth: 2 },
              },
            ],
          };
        },
        encode: { x: [1, 2], y: 0 },
        data,
      },
      {
        type: 'line',
        markLine: {
          symbol: 'none',
          label: { formatter: '今天' },
          lineStyle: { color: '#888', type: 'dashed' },
          data: [{ xAxis: dayMs(map.today) }],
        },
        data: [],
      },
    ],
  };
}

function milestoneEditor(map, projectId, reload) {
  const rows = map.milestones.map((m) => ({
    code: m.code,
    name: m.name,
    standard: m.standard,
    plannedOn: m.plannedOn,
    actualOn: m.actualSource === 'steward' ? m.actualOn : null,
  }));
  if (!rows.length) {
    const today = map.today;
    for (const [code, name] of entries('milestones'))
      rows.push({ code, name, standard: true, plannedOn: today, actualOn: null });
  }
  const tbody = h('tbody');
  const render = () => {
    clear(tbody);
    rows.forEach((r) => {
      const planned = h('input', {
        type: 'date',
        required: true,
        value: r.plannedOn,
        'aria-label': `${r.name}计划日期`,
      });
      const actual = h('input', { type: 'date', value: r.actualOn || '', 'aria-label': `${r.name}实际日期` });
      planned.addEventListener('change', () => (r.plannedOn = planned.value));
      actual.addEventListener('change', () => (r.actualOn = actual.value || null));
      tbody.appendChild(h('tr', null, h('td', null, r.name), h('td', null, planned), h('td', null, actual)));
    });
  };
  render();
  const newName = h('input', { placeholder: '新增里程碑名称', 'aria-label': '新增里程碑名称', maxlength: 100 });
  const add = h('button', { type: 'button', class: 'btn btn-small' }, '＋ 新增');
  add.addEventListener('click', () => {
    if (!newName.value.trim()) return;
    rows.push({ name: newName.value.trim(), standard: false, plannedOn: map.today, actualOn: null });
    newName.value = '';
    render();
  });
  const message = h('div', { class: 'form-message' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary' }, '保存作战图');
  const form = h(
    'form',
    // The form's own check names the milestones in Chinese (the browser's bubble names one field, not which).
    { id: 'milestone-editor', novalidate: true },
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'table table-compact' },
        h(
          'thead',
          null,
          h('tr', null, h('th', null, '里程碑'), h('th', null, '计划日期'), h('th', null, '实际日期（管家填报）')),
        ),
        tbody,
      ),
    ),
    h('div', { class: 'toolbar' }, newName, add),
    message,
    h('div', { class: 'form-actions' }, save),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    // The server's rules (PutMilestonesDto): at most 40, each with its planned date.
    const undated = rows.filter((r) => !r.plannedOn).map((r) => r.name);
    if (undated.length || rows.length > 40) {
      message.appendChild(
        alertBox(undated.length ? `请填写计划日期：${undated.join('、')}` : '作战图最多 40 个里程碑'),
      );
      return;
    }
    const milestones = rows.map((r) => ({
      ...(r.code ? { code: r.code } : {}),
      ...(r.standard ? {} : { name: r.name }),
      plannedOn: r.plannedOn,
      ...(r.actualOn ? { actualOn: r.actualOn } : {}),
    }));
    try {
      // If-Match: the version this form was built from, so a save cannot overwrite someone else's newer map.
      await api.request('PUT', `/api/projects/${projectId}/milestones`, {
        body: { milestones },
        ifMatch: api.versionTag(map.version),
      });
      toast('作战图已保存', 'success');
      reload();
    } catch (err) {
      if (err.isStaleEdit) {
        toast(err.staleEditText, 'error');
        reload();
        return;
      }
      message.appendChild(alertBox(errorText(err)));
    }
  });
  return section('编辑作战图', h('div', { class: 'card-body' }, form));
}

export async function battleMap(main, params) {
  const user = api.session.get().user;
  const map = await api.get(`/api/projects/${params.id}/milestones`);
  const chart = h('div', { id: 'battle-map-chart', style: 'width:100%;height:360px' });
  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, `作战图 · ${map.project.name}`),
      h('div', { class: 'page-actions' }, link(`/projects/${params.id}`, '项目进度', { class: 'btn' })),
    ),
    h(
      'div',
      { class: 'stat-row' },
      h(
        'div',
        { class: 'stat stat-overdue' },
        h('span', { class: 'stat-value', id: 'battle-slipping' }, String(map.slipping)),
        h('span', { class: 'stat-label' }, '滞后'),
      ),
      h(
        'div',
        { class: 'stat stat-warning' },
        h('span', { class: 'stat-value' }, String(map.warnings)),
        h('span', { class: 'stat-label' }, '临近计划日期'),
      ),
    ),
    section(
      '进度甘特图',
      h('div', { class: 'card-body' }, map.milestones.length ? chart : h('p', { class: 'empty' }, '尚未制定作战图')),
    ),
    section(
      '里程碑',
      h(
        'div',
        { class: 'card-body', id: 'milestone-table' },
        table(
          [
            { title: '里程碑', cell: (m) => m.name },
            { title: '计划日期', class: 'nowrap', cell: (m) => m.plannedOn },
            {
              title: '实际日期',
              class: 'nowrap',
              cell: (m) =>
                m.actualOn ? `${m.actualOn}${m.actualSource === 'workflow' ? '（审批系统）' : '（管家填报）'}` : null,
            },
            {
              title: '状态',
              cell: (m) =>
                badge(
                  `${m.statusLabel}${m.daysLate ? ` ${m.daysLate}天` : ''}`,
                  { done: 'normal', doneLate: 'warning', slipping: 'overdue', warning: 'warning', onTrack: 'normal' }[
                    m.status
                  ],
                ),
            },
          ],
          map.milestones,
          {
            empty: '尚未制定作战图',
            rowClass: (m) => (m.status === 'slipping' ? 'row-overdue' : m.status === 'warning' ? 'row-warning' : null),
          },
        ),
      ),
    ),
  ]);
  if (['steward', 'leader'].includes(user.role)) {
    main.appendChild(
      milestoneEditor(map, params.id, () => navigate(`/projects/${params.id}/battle-map`, { replace: true })),
    );
  }
  if (map.milestones.length) {
    try {
      const echarts = await loadECharts();
      const instance = echarts.init(chart);
      instance.setOption(chartOption(map));
      chart.dataset.rendered = 'true';
    } catch (err) {
      chart.appendChild(alertBox(errorText(err)));
    }
  }
}

/** 作战图 index: the caller's projects, each linking to its battle map (an enterprise has no zone view). */
export async function battleMaps(main) {
  const data = await api.get('/api/projects', { limit: 100 });
  append(main, [
    h('div', { class: 'page-head' }, h('h1', null, '作战图')),
    h(
      'section',
      { class: 'card', id: 'battle-map-index' },
      h(
        'div',
        { class: 'card-body' },
        table(
          [
            { title: '项目', cell: (p) => link(`/projects/${p.id}/battle-map`, p.name) },
            { title: '审批进度', cell: (p) => p.statusLabel },
          ],
          data.items,
          { empty: '暂无项目' },
        ),
      ),
    ),
  ]);
}

// ---- 站内消息 ---------------------------------------------------------------------------------------------
export async function notifications(main) {
  const data = await api.get('/api/notifications');
  const list = h('div', { class: 'card-body', id: 'notification-list' });
  append(main, [h('div', { class: 'page-head' }, h('h1', null, '站内消息')), h('section', { class: 'card' }, list)]);
  list.appendChild(
    table(
      [
        {
          title: '消息',
          cell: (n) => {
            const a = link(n.link, n.title, { class: n.readAt ? '' : 'strong' });
            a.addEventListener('click', () => {
              if (!n.readAt) api.request('POST', `/api/notifications/${n.id}/read`).catch(() => undefined);
            });
            return a;
          },
        },
        { title: '时间', class: 'nowrap', cell: (n) => fmtTime(n.createdAt) },
        { title: '', cell: (n) => (n.readAt ? h('span', { class: 'muted' }, '已读') : badge('未读', 'warning')) },
      ],
      data.items,
      { empty: '暂无消息' },
    ),
  );
}

/** The nav's unread count (站内消息), refreshed on each page. */
export async function refreshUnread(inbox) {
  try {
    const data = await api.get('/api/notifications', { unread: 'true' });
    if (data.unread > 0)
      inbox.appendChild(h('span', { class: 'badge badge-overdue', id: 'unread-count' }, String(data.unread)));
  } catch {
    // the count is a convenience; the page works without it
  }
}

// @ts-check
/**
 * 办件工作台: the caller's work queue (GET /api/tasks), most urgent first, with 逾期/预警 badges and the working
 * days left. A clerk sees their department's queue; an enterprise or steward what waits on them; an auditor
 * reads any department's queue.
 */
import { api } from '../api.js';
import { navigate } from '../router.js';
import { departmentName, entries, waitingLabel } from '../labels.js';
import { alertBox, append, clear, deadlineCell, h, lastDay, link, table, timerBadge } from '../util.js';

const FILTERS = [
  { key: 'all', label: '全部待办', query: {} },
  { key: 'overdue', label: '逾期', query: { overdue: 'true' } },
  { key: 'warning', label: '预警', query: { warning: 'true' } },
];

const byDue = (a, b) => {
  const rank = (t) => (t.overdue ? 0 : t.warning ? 1 : 2);
  return rank(a) - rank(b) || (a.dueAt || '9999').localeCompare(b.dueAt || '9999');
};

/** The deadline shape of a task: its own fields when the API gives them, else what the case view says. */
function remainingOf(task) {
  if (task.deadline) return task.deadline;
  if (task.remainingWorkingDays !== undefined) {
    return { dueAt: task.dueAt, dueDate: task.dueDate, remainingWorkingDays: task.remainingWorkingDays };
  }
  return null;
}

export async function tasks(main, params) {
  const user = api.session.get().user;
  const filter = FILTERS.find((f) => f.key === params.filter) || FILTERS[0];
  const department = user.role === 'auditor' ? params.department || '' : '';
  const title =
    user.role === 'clerk'
      ? `办件工作台 · ${departmentName(user.department)}`
      : user.role === 'auditor'
        ? '部门待办队列（只读）'
        : '我的待办';
  const body = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, '正在加载待办…'));
  const counts = h('div', { class: 'stat-row' });

  const tabs = h(
    'div',
    { class: 'tabs', role: 'tablist' },
    FILTERS.map((f) =>
      link(`/tasks?filter=${f.key}${department ? `&department=${department}` : ''}`, f.label, {
        class: `tab${f === filter ? ' is-active' : ''}`,
        role: 'tab',
        'aria-selected': f === filter ? 'true' : 'false',
      }),
    ),
  );
  let departmentPicker = null;
  if (user.role === 'auditor') {
    departmentPicker = h(
      'select',
      { 'aria-label': '选择部门', class: 'inline-select' },
      h('option', { value: '' }, '全部部门'),
      entries('departments').map(([code, name]) => h('option', { value: code }, name)),
    );
    departmentPicker.value = department;
    departmentPicker.addEventListener('change', () =>
      navigate(`/tasks?filter=${filter.key}${departmentPicker.value ? `&department=${departmentPicker.value}` : ''}`),
    );
  }

  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h('h1', null, title),
      h(
        'div',
        { class: 'page-actions' },
        departmentPicker,
        link(main.dataset.path || '/tasks', '刷新', { class: 'btn' }),
      ),
    ),
    counts,
    h('section', { class: 'card' }, tabs, body),
  ]);

  let data;
  try {
    data = await api.get('/api/tasks', { limit: 100, ...filter.query, department: department || undefined });
  } catch (err) {
    clear(body).appendChild(alertBox(err.zhMessage));
    return;
  }
  const sorted = [...data.items].sort(byDue);
  // A row is a to-do when the caller has an action on it, even a disabled one: its reason names what to do first
  // (e.g. upload the file of a 容缺 supplement). The others (waiting on someone else) are listed apart and not
  // counted. Rows without allowedEvents (an auditor's read-only queue) count as they are.
  const canAct = (t) => !Array.isArray(t.allowedEvents) || t.allowedEvents.length > 0 || user.role === 'auditor';
  const items = sorted.filter(canAct);
  const others = sorted.filter((t) => !canAct(t));
  const counted = data.counts || {};
  const overdue = counted.overdue ?? items.filter((t) => t.overdue).length;
  const warning = counted.warning ?? items.filter((t) => t.warning && !t.overdue).length;
  const complete = !data.totalCapped && data.total <= data.items.length;
  const todo = complete ? items.length : data.totalCapped ? `${data.total}+` : data.total;
  append(counts, [
    stat('待办事项', todo, ''),
    filter.key === 'all' ? stat('逾期', overdue, overdue ? 'overdue' : '') : null,
    filter.key === 'all' ? stat('预警', warning, warning ? 'warning' : '') : null,
  ]);

  const remainingCells = new Map();
  const columns = [
    {
      title: '计时',
      class: 'col-badge',
      cell: (t) =>
        // Before a department accepts, the promised time limit has not started (the window's own step).
        !t.dueAt && t.timerState === 'stopped'
          ? h('span', { class: 'badge badge-stopped' }, '未计时')
          : timerBadge(t.timerState, t.timerStateLabel, { overdue: t.overdue, warning: t.warning }) || '—',
    },
    {
      title: '办理事项',
      cell: (t) =>
        h(
          'div',
          null,
          link(`/cases/${t.instanceId}`, t.subject || t.itemName || '事项', { class: 'strong' }),
          t.stageName ? h('div', { class: 'muted small' }, t.stageName) : null,
        ),
    },
    {
      title: '项目',
      cell: (t) =>
        h('div', null, h('div', null, t.project.name), h('div', { class: 'muted small mono' }, t.project.code)),
    },
    { title: '当前状态', cell: (t) => t.statusLabel },
    {
      title: '办理部门',
      // Every department that can act on it (several at a joint acceptance inspection), as the API names them.
      cell: (t) =>
        t.departments && t.departments.length
          ? t.departments.map((d) => d.name).join('、')
          : t.department
            ? t.department.name
            : waitingLabel(t.waitingOn),
    },
    {
      title: '办理时限',
      class: 'nowrap',
      cell: (t) => {
        const known = remainingOf(t);
        if (known) return deadlineCell(known);
        if (!t.dueAt) return h('span', { class: 'muted' }, '—');
        // Until the case view answers: the last day (dueAt is the instant after it), then the days left.
        const cell = h('span', null, deadlineCell({ dueDate: lastDay(t.dueAt) }));
        remainingCells.set(t.instanceId, cell);
        return cell;
      },
    },
    {
      title: '可办理',
      cell: (t) => {
        // Only what can be sent now is listed as 可办理; an offer that cannot shows its reason instead.
        const offers = t.allowedEvents || [];
        const ready = offers.filter((e) => !e.disabledReason);
        if (ready.length)
          return h(
            'div',
            { class: 'chips' },
            ready.slice(0, 3).map((e) => h('span', { class: 'chip' }, e.label)),
            ready.length > 3 ? h('span', { class: 'muted small' }, `等 ${ready.length} 项`) : null,
          );
        return offers.length
          ? h('span', { class: 'muted small disabled-reason' }, offers[0].disabledReason)
          : h('span', { class: 'muted' }, '—');
      },
    },
    {
      title: '',
      class: 'col-action',
      cell: (t) => link(`/cases/${t.instanceId}`, '办理', { class: 'btn btn-small btn-primary' }),
    },
  ];
  clear(body).appendChild(
    table(columns, items, {
      empty: filter.key === 'all' ? '当前没有待办事项' : `没有${filter.label}的待办事项`,
      rowClass: (t) => (t.overdue ? 'row-overdue' : t.warning ? 'row-warning' : null),
    }),
  );
  if (others.length) {
    body.appendChild(
      h(
        'details',
        { class: 'waiting-others', id: 'waiting-others' },
        h('summary', null, `等待他人办理的事项（${others.length} 件，仅供了解）`),
        table(
          columns.map((c) =>
            c.class === 'col-action'
              ? { ...c, cell: (t) => link(`/cases/${t.instanceId}`, '查看', { class: 'btn btn-small' }) }
              : c,
          ),
          others,
        ),
      ),
    );
  }
  if (data.total > items.length) {
    body.appendChild(
      h(
        'p',
        { class: 'muted small' },
        `仅显示最紧急的 ${items.length} 件，共 ${data.totalCapped ? `${data.total} 件以上` : `${data.total} 件`}。`,
      ),
    );
  }
  fillRemaining(remainingCells);
}

function stat(label, value, kind) {
  return h(
    'div',
    { class: `stat${kind ? ` stat-${kind}` : ''}` },
    h('div', { class: 'stat-value' }, String(value)),
    h('div', { class: 'stat-label' }, label),
  );
}

/** Working days left come from the case view (the working-day calendar lives on the server). */
async function fillRemaining(cells) {
  const queue = [...cells.entries()];
  const worker = async () => {
    while (queue.length) {
      const [id, cell] = queue.shift();
      try {
        const view = await api.get(`/api/cases/${id}`);
        clear(cell).appendChild(deadlineCell(view.deadline));
      } catch {
        clear(cell).appendChild(h('span', { class: 'muted' }, '—'));
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

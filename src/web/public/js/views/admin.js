// @ts-check
/**
 * 系统管理 (admin): user accounts (list, create, enable/disable; GET/POST/PATCH /api/users), the holiday
 * calendar's years (GET /api/calendar/years, PUT /api/calendar/years/:year) and, in demo mode, the demo clock
 * (GET /api/admin/clock, POST /api/admin/clock/advance).
 */
import { api } from '../api.js';
import { enterprisePicker } from '../enterprise-picker.js';
import { departmentName, entries, roleLabel } from '../labels.js';
import { alertBox, append, clear, fmtTime, h, link, section, table, toast } from '../util.js';

/** The admin pages' tabs. @param {string} active */
function tabs(active) {
  return h(
    'div',
    { class: 'tabs', role: 'tablist' },
    [
      ['/admin/users', '用户管理'],
      ['/admin/calendar', '节假日日历'],
      ['/admin/clock', '演示时钟'],
    ].map(([href, label]) => link(href, label, { class: `tab${href === active ? ' is-active' : ''}`, role: 'tab' })),
  );
}

/** Field errors of a refused request as one zh-CN line, with the form's own names. @param {any} err */
function errorText(err, names) {
  const fields = err.fieldErrors || [];
  if (!fields.length) return err.zhMessage;
  return `填写有误：${fields.map((f) => `${names[f.field] || '填写内容'}（${f.message}）`).join('；')}`;
}

const USER_FIELDS = {
  username: '用户名',
  displayName: '姓名',
  password: '密码',
  role: '角色',
  department: '所属部门',
  enterpriseId: '建设单位',
};

/** @param {HTMLElement} main */
export async function adminUsers(main) {
  const list = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, '正在加载用户…'));
  const load = async () => {
    let users;
    try {
      users = await api.get('/api/users');
    } catch (err) {
      clear(list).append(alertBox(err.zhMessage));
      return;
    }
    clear(list).append(
      table(
        [
          { title: '姓名', cell: (u) => u.displayName },
          // A login name is typed to sign in, not translated (translate="no").
          { title: '用户名', class: 'mono', cell: (u) => h('span', { translate: 'no' }, u.username) },
          {
            title: '角色',
            cell: (u) =>
              `${roleLabel(u.role)}${u.role === 'clerk' && u.department ? ` · ${departmentName(u.department)}` : ''}`,
          },
          {
            title: '状态',
            cell: (u) =>
              h(
                'span',
                { class: `badge ${u.active ? 'badge-cert-valid' : 'badge-stopped'}` },
                u.active ? '启用' : '停用',
              ),
          },
          { title: '创建时间', class: 'nowrap', cell: (u) => fmtTime(u.createdAt) },
          {
            title: '',
            class: 'col-action',
            cell: (u) =>
              h(
                'button',
                {
                  type: 'button',
                  class: `btn btn-small${u.active ? ' btn-danger' : ''}`,
                  dataset: { user: u.username },
                  onclick: async () => {
                    try {
                      // If-Match: the account as listed, so a stale list cannot undo someone else's change.
                      await api.request('PATCH', `/api/users/${u.id}`, {
                        body: { active: !u.active },
                        ifMatch: api.versionTag(u.version),
                      });
                      toast(`${u.displayName}：已${u.active ? '停用' : '启用'}`, 'success');
                      await load();
                    } catch (err) {
                      if (err.isStaleEdit) {
                        toast(err.staleEditText, 'error');
                        await load();
                        return;
                      }
                      toast(err.zhMessage, 'error');
                    }
                  },
                },
                u.active ? '停用' : '启用',
              ),
          },
        ],
        users,
        { empty: '暂无用户', class: 'table-compact' },
      ),
    );
  };

  // The new-user form: the department only for a clerk, the enterprise only for an enterprise user.
  const input = (name, attrs = {}) => h('input', { name, id: `user-${name}`, ...attrs });
  // The server's limits (CreateUserDto): username 2–63 of a-z 0-9 . _ -, a name ≤ 100, a password of 8–256.
  const username = input('username', {
    autocomplete: 'off',
    required: true,
    maxlength: 63,
    pattern: '[a-z0-9][a-z0-9._\\-]{1,62}',
    placeholder: '小写字母、数字、. _ -',
  });
  const displayName = input('displayName', { required: true, maxlength: 100 });
  const password = input('password', {
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    minlength: 8,
    maxlength: 256,
  });
  const role = h(
    'select',
    { name: 'role', id: 'user-role-select', required: true },
    h('option', { value: '' }, '请选择'),
    entries('roles')
      .filter(([code]) => code !== 'system')
      .map(([code, label]) => h('option', { value: code }, label)),
  );
  const department = h(
    'select',
    { name: 'department', id: 'user-department' },
    h('option', { value: '' }, '请选择'),
    entries('departments').map(([code, name]) => h('option', { value: code }, name)),
  );
  const picker = enterprisePicker();
  const departmentField = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { class: 'field-label', for: 'user-department' }, '所属部门'),
    department,
  );
  const enterpriseField = h('div', { hidden: true }, picker.element);
  const roleValue = () => (role instanceof HTMLSelectElement ? role.value : '');
  role.addEventListener('change', () => {
    departmentField.hidden = roleValue() !== 'clerk';
    enterpriseField.hidden = roleValue() !== 'enterprise';
  });
  const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
  const field = (label, control) =>
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: control.id }, label), control);
  const form = h(
    'form',
    { class: 'schema-form', id: 'user-form', novalidate: true },
    field('用户名', username),
    field('姓名', displayName),
    field('初始密码（至少 8 位）', password),
    field('角色', role),
    departmentField,
    enterpriseField,
    message,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '创建用户')),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const value = (el) => (el instanceof HTMLInputElement || el instanceof HTMLSelectElement ? el.value.trim() : '');
    /** @type {Record<string, unknown>} */
    const body = {
      username: value(username),
      displayName: value(displayName),
      password: value(password),
      role: roleValue(),
    };
    if (roleValue() === 'clerk') body.department = value(department) || undefined;
    if (roleValue() === 'enterprise') body.enterpriseId = picker.value() || undefined;
    // What the server would refuse is said here, before sending (its own answer names fields only vaguely).
    const problem = !/^[a-z0-9][a-z0-9._-]{1,62}$/.test(String(body.username))
      ? '用户名须为 2–63 位小写字母、数字或 . _ -，以字母或数字开头'
      : !body.displayName || String(body.displayName).length > 100
        ? '请填写姓名（不超过 100 字）'
        : String(body.password).length < 8 || String(body.password).length > 256
          ? '初始密码须为 8–256 位'
          : !body.role
            ? '请选择角色'
            : body.role === 'clerk' && !body.department
              ? '请选择所属部门'
              : body.role === 'enterprise' && !body.enterpriseId
                ? '请选择建设单位'
                : null;
    if (problem) {
      message.append(alertBox(problem));
      return;
    }
    try {
      await api.request('POST', '/api/users', { body });
      toast(`已创建用户：${body.displayName}`, 'success');
      if (form instanceof HTMLFormElement) form.reset();
      departmentField.hidden = true;
      enterpriseField.hidden = true;
      await load();
    } catch (err) {
      message.append(alertBox(errorText(err, USER_FIELDS)));
    }
  });

  append(main, [
    h('div', { class: 'page-head' }, h('h1', null, '系统管理 · 用户')),
    tabs('/admin/users'),
    h('section', { class: 'card' }, list),
    section('新建用户', form),
  ]);
  await load();
}

/** Lines 'YYYY-MM-DD 名称' → [{ date, name }]; wrong lines are named. @param {string} text */
function parseDays(text) {
  /** @type {{ date: string, name: string }[]} */
  const days = [];
  /** @type {number[]} */
  const wrong = [];
  text
    .split('\n')
    .map((l) => l.trim())
    .forEach((line, i) => {
      if (!line) return;
      const m = /^(\d{4}-\d{2}-\d{2})\s+(.+)$/.exec(line);
      if (m) days.push({ date: m[1], name: m[2].trim() });
      else wrong.push(i + 1);
    });
  return { days, wrong };
}

/** @param {HTMLElement} main */
export async function adminCalendar(main) {
  const list = h('div', { class: 'card-body' }, h('p', { class: 'loading' }, '正在加载…'));
  const detail = h('div', { id: 'calendar-year-detail' });
  const showYear = async (year) => {
    try {
      const y = await api.get(`/api/calendar/years/${year}`);
      clear(detail).append(
        section(
          `${year} 年节假日安排`,
          h('p', { class: 'muted small' }, `依据：${y.source}`),
          h('h3', { class: 'sub-title' }, '放假'),
          table(
            [
              { title: '日期', class: 'nowrap', cell: (d) => d.date },
              { title: '节日', cell: (d) => d.name },
            ],
            y.holidays,
            { class: 'table-compact' },
          ),
          h('h3', { class: 'sub-title' }, '调休上班'),
          table(
            [
              { title: '日期', class: 'nowrap', cell: (d) => d.date },
              { title: '说明', cell: (d) => d.name },
            ],
            y.workdays,
            { class: 'table-compact', empty: '无调休上班日' },
          ),
        ),
      );
    } catch (err) {
      clear(detail).append(alertBox(err.zhMessage));
    }
  };
  /** Each listed year's version (a year not listed: 0), for If-Match; null until the list has loaded. */
  let versions = null;
  const load = async () => {
    try {
      const years = await api.get('/api/calendar/years');
      versions = new Map(years.map((y) => [y.year, y.version]));
      clear(list).append(
        table(
          [
            { title: '年份', class: 'num', cell: (y) => String(y.year) },
            { title: '放假天数', class: 'num', cell: (y) => String(y.holidays) },
            { title: '调休上班', class: 'num', cell: (y) => String(y.workdays) },
            { title: '依据', cell: (y) => y.source },
            {
              title: '',
              class: 'col-action',
              cell: (y) =>
                h('button', { type: 'button', class: 'btn btn-small', onclick: () => showYear(y.year) }, '查看'),
            },
          ],
          years,
          { empty: '尚未导入任何年份' },
        ),
      );
    } catch (err) {
      clear(list).append(alertBox(err.zhMessage));
    }
  };

  const year = h('input', { type: 'number', name: 'year', id: 'calendar-year', min: 2000, max: 2100 });
  const source = h('input', {
    name: 'source',
    id: 'calendar-source',
    required: true,
    maxlength: 300,
    placeholder: '如 国办发明电〔2026〕X号',
  });
  const holidays = h('textarea', {
    name: 'holidays',
    id: 'calendar-holidays',
    rows: 8,
    placeholder: '每行一天：2027-02-06 春节',
  });
  const workdays = h('textarea', {
    name: 'workdays',
    id: 'calendar-workdays',
    rows: 3,
    placeholder: '每行一天：2027-02-14 春节调休',
  });
  const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
  const field = (label, control) =>
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: control.id }, label), control);
  const form = h(
    'form',
    { class: 'schema-form', id: 'calendar-form', novalidate: true },
    field('年份', year),
    field('发布依据', source),
    field('放假日期', holidays),
    field('调休上班日期（周六或周日）', workdays),
    message,
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, '导入该年份')),
  );
  const text = (el) => (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el.value : '');
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const y = Number(text(year));
    const off = parseDays(text(holidays));
    const on = parseDays(text(workdays));
    const wrong = [...off.wrong.map((n) => `放假日期第 ${n} 行`), ...on.wrong.map((n) => `调休上班日期第 ${n} 行`)];
    if (!Number.isInteger(y) || y < 2000 || y > 2100) wrong.unshift('年份');
    if (wrong.length) {
      message.append(alertBox(`请检查：${wrong.join('、')}（每行写「日期 名称」，如 2027-02-06 春节）`));
      return;
    }
    // The rest of CalendarYearDto: a source of 1–300 characters, ≤ 80 days off, ≤ 20 make-up days, names ≤ 40.
    const problem = !text(source).trim()
      ? '请填写发布依据'
      : off.days.length > 80
        ? '放假日期最多 80 天'
        : on.days.length > 20
          ? '调休上班日期最多 20 天'
          : [...off.days, ...on.days].some((d) => d.name.length > 40)
            ? '每天的名称不超过 40 字'
            : null;
    if (problem) {
      message.append(alertBox(problem));
      return;
    }
    try {
      // If-Match: the year as listed, so two admins importing the same year do not silently replace each other's.
      await api.request('PUT', `/api/calendar/years/${y}`, {
        body: { year: y, source: text(source).trim(), holidays: off.days, workdays: on.days },
        ifMatch: versions ? api.versionTag(versions.get(y) ?? 0) : undefined,
      });
      toast(`已导入 ${y} 年节假日安排`, 'success');
      await load();
      await showYear(y);
    } catch (err) {
      if (err.isStaleEdit) {
        message.append(alertBox(err.staleEditText));
        await load();
        await showYear(y);
        return;
      }
      message.append(
        alertBox(errorText(err, { year: '年份', source: '发布依据', holidays: '放假日期', workdays: '调休上班日期' })),
      );
    }
  });

  append(main, [
    h('div', { class: 'page-head' }, h('h1', null, '系统管理 · 节假日日历')),
    tabs('/admin/calendar'),
    h(
      'section',
      { class: 'card' },
      h('p', { class: 'muted' }, '办理时限按工作日计算；未导入的年份，到期日为暂估。'),
      list,
    ),
    detail,
    section('导入年度节假日安排', form),
  ]);
  await load();
}

/** @param {HTMLElement} main */
export async function adminClock(main) {
  append(main, [h('div', { class: 'page-head' }, h('h1', null, '系统管理 · 演示时钟')), tabs('/admin/clock')]);
  const body = h('div', { class: 'card-body' });
  main.append(h('section', { class: 'card' }, body));
  let clock;
  try {
    clock = await api.get('/api/admin/clock');
  } catch (err) {
    body.append(
      alertBox(
        err.status === 404 ? '演示时钟只在演示模式下可用；正式运行时系统时间不可调整。' : err.zhMessage,
        err.status === 404 ? 'info' : 'error',
      ),
    );
    return;
  }
  const now = h('strong', { id: 'clock-now' }, fmtTime(clock.now));
  const offset = h('span', { id: 'clock-offset' }, `${clock.offsetDays} 天`);
  const days = h('input', { type: 'number', id: 'clock-days', name: 'days', min: 1, max: 400, value: '1' });
  const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
  const form = h(
    'form',
    { class: 'toolbar', id: 'clock-form' },
    h('label', { for: 'clock-days' }, '前进天数'),
    days,
    h('button', { type: 'submit', class: 'btn btn-primary' }, '时钟前进'),
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const n = Number(days instanceof HTMLInputElement ? days.value : 0);
    if (!Number.isInteger(n) || n < 1 || n > 400) {
      message.append(alertBox('前进天数须为 1 至 400 的整数'));
      return;
    }
    try {
      const r = (await api.request('POST', '/api/admin/clock/advance', { body: { days: n } })).body;
      clear(now).append(fmtTime(r.now));
      clear(offset).append(`${r.offsetDays} 天`);
      toast(`时钟已前进 ${n} 天，处理到期事项 ${r.timersFired} 件`, 'success');
    } catch (err) {
      message.append(alertBox(err.zhMessage));
    }
  });
  body.append(
    h('p', { class: 'muted' }, '演示模式：让系统时间前进，观察预警、逾期和容缺补交期限的变化。'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', null, '系统时间'),
      h('dd', null, now),
      h('dt', null, '已前进'),
      h('dd', null, offset),
    ),
    form,
    message,
  );
}

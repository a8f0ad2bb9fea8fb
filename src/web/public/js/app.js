// @ts-check
/** The shell: header (user, role, logout), navigation per role, and a small history-API router. */
import { api } from './api.js';
import { homeOf, navigate, onNavigate, withQuery } from './router.js';
import { applyTech } from './tech.js';
import { departmentName, loadLabels, roleLabel } from './labels.js';
import { alertBox, append, clear, h, link } from './util.js';
import { adminCalendar, adminClock, adminUsers } from './views/admin.js';
import { audit, auditHome } from './views/audit.js';
import { caseView } from './views/case.js';
import { dashboard } from './views/dashboard.js';
import { login } from './views/login.js';
import { newProject } from './views/new-project.js';
import { project } from './views/project.js';
import { projects } from './views/projects.js';
import { savings } from './views/savings.js';
import { tasks } from './views/tasks.js';
import { battleMap, battleMaps, meetings, notifications, problems, refreshUnread, zone } from './views/zone.js';

/** Route name → view: each renders into main from the route's params. */
const VIEWS = {
  login,
  tasks,
  projects,
  newProject,
  project,
  case: caseView,
  audit,
  auditHome,
  savings,
  dashboard,
  adminUsers,
  adminCalendar,
  adminClock,
  zone,
  problems,
  meetings,
  notifications,
  battleMap,
  battleMaps,
};

/**
 * Each role's menu. A link is offered only where the API lets the role in (src/auth/permissions.ts): /zone to
 * whoever holds zone:read (steward, leader, auditor, admin); browser-zone.e2e-spec.ts walks the menus.
 */
const NAV = {
  clerk: [
    ['/tasks', '办件工作台'],
    ['/problems', '交办问题'],
    ['/projects', '项目查询'],
    ['/dashboard', '园区概览'],
  ],
  steward: [
    ['/projects', '项目进度'],
    ['/tasks', '待办事项'],
    ['/zone', '工作清单'],
    ['/problems', '问题清单'],
    ['/projects/new', '申报项目'],
  ],
  leader: [
    ['/zone', '项目长视图'],
    ['/problems', '问题清单'],
    ['/meetings', '会议调度'],
    ['/dashboard', '园区概览'],
  ],
  enterprise: [
    ['/projects', '项目进度'],
    ['/tasks', '待办事项'],
    ['/problems', '问题反映'],
    ['/battle-map', '作战图'],
    ['/projects/new', '申报项目'],
  ],
  auditor: [
    ['/audit', '审计'],
    ['/tasks', '部门队列'],
    ['/zone', '重点项目调度'],
    ['/dashboard', '园区概览'],
  ],
  admin: [
    ['/projects', '项目查询'],
    ['/zone', '重点项目调度'],
    ['/admin/users', '系统管理'],
    ['/dashboard', '园区概览'],
  ],
};

/** @type {Array<[RegExp, keyof typeof VIEWS, { public?: boolean, params?: string[] }?]>} */
const ROUTES = [
  [/^\/login$/, 'login', { public: true }],
  [/^\/tasks$/, 'tasks'],
  [/^\/projects$/, 'projects'],
  [/^\/projects\/new$/, 'newProject'],
  [/^\/projects\/([0-9a-fA-F-]{36})$/, 'project', { params: ['id'] }],
  [/^\/cases\/([0-9a-fA-F-]{36})$/, 'case', { params: ['id'] }],
  [/^\/cases\/([0-9a-fA-F-]{36})\/audit$/, 'audit', { params: ['id'] }],
  [/^\/audit$/, 'auditHome'],
  [/^\/projects\/([0-9a-fA-F-]{36})\/savings$/, 'savings', { params: ['id'] }],
  [/^\/dashboard$/, 'dashboard'],
  [/^\/admin\/users$/, 'adminUsers'],
  [/^\/admin\/calendar$/, 'adminCalendar'],
  [/^\/admin\/clock$/, 'adminClock'],
  // The zone command (views/zone.js)
  [/^\/zone$/, 'zone'],
  [/^\/problems$/, 'problems'],
  [/^\/meetings$/, 'meetings'],
  [/^\/notifications$/, 'notifications'],
  [/^\/battle-map$/, 'battleMaps'],
  [/^\/projects\/([0-9a-fA-F-]{36})\/battle-map$/, 'battleMap', { params: ['id'] }],
];

const TITLES = {
  login: '登录',
  tasks: '办件工作台',
  projects: '项目进度',
  newProject: '申报新项目',
  project: '项目进度',
  case: '案件详情',
  audit: '审计',
  auditHome: '审计',
  savings: '节省分析',
  dashboard: '园区概览',
  adminUsers: '用户管理',
  adminCalendar: '节假日日历',
  adminClock: '演示时钟',
  zone: '项目调度',
  problems: '问题清单',
  meetings: '会议调度',
  notifications: '站内消息',
  battleMap: '作战图',
  battleMaps: '作战图',
};

function renderHeader(user) {
  const nav = clear(document.getElementById('nav'));
  const box = clear(document.getElementById('userbox'));
  if (!user) return;
  const path = window.location.pathname;
  for (const [href, label] of NAV[user.role] || []) {
    const active =
      path === href ||
      (href !== '/projects' && path.startsWith(href)) ||
      (href.startsWith('/admin') && path.startsWith('/admin')) ||
      (href === '/projects' && /^\/projects\/[0-9a-f-]{36}/i.test(path));
    nav.appendChild(link(href, label, { class: `nav-link${active ? ' is-active' : ''}` }));
  }
  // 站内消息 with its unread count, for everyone (views/zone.js).
  const inbox = link('/notifications', '消息', {
    class: `nav-link${path === '/notifications' ? ' is-active' : ''}`,
    id: 'nav-notifications',
  });
  nav.appendChild(inbox);
  refreshUnread(inbox);
  const logout = h('button', { type: 'button', class: 'btn btn-small btn-ghost btn-light', id: 'logout' }, '退出');
  logout.addEventListener('click', () => {
    api.session.clear();
    navigate('/login', { replace: true });
  });
  append(box, [
    h(
      'div',
      { class: 'user' },
      h('span', { class: 'user-name', id: 'user-name' }, user.displayName || user.username),
      h(
        'span',
        { class: 'user-role', id: 'user-role' },
        roleLabel(user.role),
        user.role === 'clerk' && user.department ? ` · ${departmentName(user.department)}` : '',
      ),
    ),
    logout,
  ]);
}

let routeSeq = 0;

async function route() {
  const seq = ++routeSeq;
  const { pathname, search } = window.location;
  const query = Object.fromEntries(new URLSearchParams(search));
  const s = api.session.get();
  const main = clear(document.getElementById('main'));
  main.dataset.path = pathname + search;
  main.setAttribute('aria-busy', 'true');

  if (pathname === '/' || pathname === '/index.html') {
    return navigate(s ? homeOf(s.user.role) : '/login', { replace: true });
  }
  const match = ROUTES.map(([re, view, opts]) => ({ m: re.exec(pathname), view, opts: opts || {} })).find((r) => r.m);
  if (!match) {
    renderHeader(s && s.user);
    main.appendChild(alertBox('页面不存在'));
    main.appendChild(link(s ? homeOf(s.user.role) : '/login', '返回首页', { class: 'btn' }));
    return;
  }
  if (!match.opts.public && !s) {
    return navigate(withQuery('/login', { next: pathname + search }), { replace: true });
  }
  if (match.view === 'login' && s) {
    return navigate(homeOf(s.user.role), { replace: true });
  }
  const params = { ...query };
  (match.opts.params || []).forEach((name, i) => (params[name] = match.m[i + 1]));
  document.title = `${TITLES[match.view] || ''} · 随州高新区工程建设项目审批服务`;
  document.body.dataset.view = match.view;
  // Every signed-in page names codes through the API's labels: loaded once, before the first render.
  if (s) await loadLabels();
  if (seq !== routeSeq) return;
  renderHeader(s && s.user);
  applyTech();
  try {
    await VIEWS[match.view](main, params);
  } catch (err) {
    if (seq === routeSeq) main.appendChild(alertBox(err && err.zhMessage ? err.zhMessage : '页面出错，请刷新后重试'));
  }
  if (seq === routeSeq) main.setAttribute('aria-busy', 'false');
}

onNavigate(route);

api.onUnauthenticated((err) => {
  if (window.location.pathname === '/login') return;
  const reason = err.code === 'TOKEN_EXPIRED' ? '登录已过期，请重新登录。' : '登录已失效，请重新登录。';
  window.history.replaceState(
    null,
    '',
    withQuery('/login', { next: window.location.pathname + window.location.search, reason }),
  );
  route();
});

// Same-origin links marked data-link are handled by the router (ctrl/cmd-click still opens a new tab).
document.addEventListener('click', (e) => {
  const a = e.target instanceof Element ? e.target.closest('a[data-link]') : null;
  if (
    !(a instanceof HTMLAnchorElement) ||
    e.defaultPrevented ||
    e.button !== 0 ||
    e.metaKey ||
    e.ctrlKey ||
    e.shiftKey ||
    e.altKey
  )
    return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
window.addEventListener('popstate', route);
route();

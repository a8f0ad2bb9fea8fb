/* global window, document, URL, URLSearchParams */
/** The shell: header (user, role, logout), navigation per role, and a small history-API router. */
(() => {
  const App = window.App;
  const { h } = App;

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
      ['/dashboard', '园区概览'],
    ],
    admin: [
      ['/projects', '项目查询'],
      ['/dashboard', '园区概览'],
    ],
  };

  const HOME = {
    clerk: '/tasks',
    steward: '/projects',
    leader: '/zone',
    enterprise: '/projects',
    auditor: '/audit',
    admin: '/projects',
  };

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
    zone: '项目调度',
    problems: '问题清单',
    meetings: '会议调度',
    notifications: '站内消息',
    battleMap: '作战图',
    battleMaps: '作战图',
  };

  function withQuery(path, query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query || {}))
      if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
    const s = q.toString();
    return s ? `${path}?${s}` : path;
  }

  function navigate(url, opts = {}) {
    if (opts.replace) window.history.replaceState(null, '', url);
    else window.history.pushState(null, '', url);
    route();
  }

  function renderHeader(user) {
    const nav = App.clear(document.getElementById('nav'));
    const box = App.clear(document.getElementById('userbox'));
    if (!user) return;
    const path = window.location.pathname;
    for (const [href, label] of NAV[user.role] || []) {
      const active =
        path === href ||
        (href !== '/projects' && path.startsWith(href)) ||
        (href === '/projects' && /^\/projects\/[0-9a-f-]{36}/i.test(path));
      nav.appendChild(App.link(href, label, { class: `nav-link${active ? ' is-active' : ''}` }));
    }
    // 站内消息 with its unread count, for everyone (views/zone.js).
    const inbox = App.link('/notifications', '消息', {
      class: `nav-link${path === '/notifications' ? ' is-active' : ''}`,
      id: 'nav-notifications',
    });
    nav.appendChild(inbox);
    if (App.refreshUnread) App.refreshUnread(inbox);
    const logout = h('button', { type: 'button', class: 'btn btn-small btn-ghost btn-light', id: 'logout' }, '退出');
    logout.addEventListener('click', () => {
      App.api.session.clear();
      navigate('/login', { replace: true });
    });
    App.append(box, [
      h(
        'div',
        { class: 'user' },
        h('span', { class: 'user-name', id: 'user-name' }, user.displayName || user.username),
        h(
          'span',
          { class: 'user-role', id: 'user-role' },
          App.roleLabel(user.role),
          user.role === 'clerk' && user.department ? ` · ${App.departmentName(user.department)}` : '',
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
    const s = App.api.session.get();
    const main = App.clear(document.getElementById('main'));
    main.dataset.path = pathname + search;

    if (pathname === '/' || pathname === '/index.html') {
      return navigate(s ? HOME[s.user.role] || '/projects' : '/login', { replace: true });
    }
    const match = ROUTES.map(([re, view, opts]) => ({ m: re.exec(pathname), view, opts: opts || {} })).find((r) => r.m);
    if (!match) {
      renderHeader(s && s.user);
      main.appendChild(App.alertBox('页面不存在'));
      main.appendChild(App.link(s ? HOME[s.user.role] : '/login', '返回首页', { class: 'btn' }));
      return;
    }
    if (!match.opts.public && !s) {
      return navigate(withQuery('/login', { next: pathname + search }), { replace: true });
    }
    if (match.view === 'login' && s) {
      return navigate(HOME[s.user.role] || '/projects', { replace: true });
    }
    const params = { ...query };
    (match.opts.params || []).forEach((name, i) => (params[name] = match.m[i + 1]));
    document.title = `${TITLES[match.view] || ''} · 随州高新区工程建设项目审批服务`;
    document.body.dataset.view = match.view;
    renderHeader(s && s.user);
    try {
      await App.views[match.view](main, params);
    } catch (err) {
      if (seq === routeSeq)
        main.appendChild(App.alertBox(err && err.zhMessage ? err.zhMessage : `页面出错：${err && err.message}`));
    }
    if (seq === routeSeq) main.setAttribute('aria-busy', 'false');
  }

  App.navigate = navigate;
  App.withQuery = withQuery;
  App.afterLogin = (next) => {
    const s = App.api.session.get();
    const safeNext = typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') ? next : null;
    navigate(safeNext || HOME[s.user.role] || '/projects', { replace: true });
  };

  App.api.onUnauthenticated((err) => {
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
    const a = e.target.closest && e.target.closest('a[data-link]');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const url = new URL(a.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
  window.addEventListener('popstate', route);
  route();
})();

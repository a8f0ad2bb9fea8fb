// @ts-check
/** 登录: username and password → token in sessionStorage; clear messages for 401 and 429. */
import { api } from '../api.js';
import { afterLogin } from '../router.js';
import { alertBox, append, clear, h } from '../util.js';

export function login(main, params) {
  const message = h('div', { class: 'form-message', role: 'alert', 'aria-live': 'assertive' });
  const username = h('input', {
    id: 'login-username',
    name: 'username',
    type: 'text',
    autocomplete: 'username',
    required: true,
    maxlength: 64,
    autofocus: true,
  });
  const password = h('input', {
    id: 'login-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    maxlength: 256,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-block' }, '登录');
  const form = h(
    'form',
    { class: 'login-form', novalidate: true },
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'login-username' }, '用户名'), username),
    h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'login-password' }, '密码'), password),
    message,
    submit,
  );
  if (params.reason) append(message, [alertBox(params.reason, 'info')]);

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    if (!username.value.trim() || !password.value) {
      message.appendChild(alertBox('请输入用户名和密码'));
      return;
    }
    submit.disabled = true;
    submit.textContent = '正在登录…';
    try {
      await api.login(username.value.trim(), password.value);
      afterLogin(params.next);
    } catch (err) {
      const text =
        err.status === 401
          ? '用户名或密码错误'
          : err.status === 429
            ? `登录失败次数过多，请${err.retryAfter ? ` ${err.retryAfter} 秒后` : '稍后'}再试`
            : err.status === 400
              ? '请输入有效的用户名和密码'
              : err.zhMessage;
      message.appendChild(alertBox(text));
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = '登录';
    }
  });

  append(main, [
    h(
      'div',
      { class: 'login-page' },
      h(
        'div',
        { class: 'login-card card' },
        h('h1', { class: 'login-title' }, '用户登录'),
        h('p', { class: 'muted' }, '工程建设项目审批管理系统 · 随州高新区政务服务中心'),
        form,
      ),
      h(
        'div',
        { class: 'login-aside' },
        h('h2', null, '服务说明'),
        h(
          'ul',
          null,
          h('li', null, '窗口/科室工作人员：办件工作台，按承诺时限处理本部门事项。'),
          h('li', null, '建设单位与项目管家：申报项目、查看审批进度、补正与容缺材料。'),
          h('li', null, '审计：查阅办理历史、按时间回放、校验记录完整性。'),
        ),
      ),
    ),
  ]);
  username.focus();
}

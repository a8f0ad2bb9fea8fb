/* global window */
/**
 * 案件详情: a case's status, deadline, data and children, and one action form per allowed event, generated
 * from the event's payload schema. Each submit carries a fresh Idempotency-Key and If-Match with the ETag
 * loaded, so a stale page cannot overwrite someone else's step (409 → "案件已被他人更新，请刷新").
 */
(() => {
  const App = window.App;
  const { h } = App;

  const DANGER = /^(REFUSE|NOT_ACCEPT|REJECT|REVOKE|WITHDRAW|RECALL|STOP)/;
  const OUTCOME_LABELS = { approved: '通过', approvedWithTolerance: '容缺通过', refused: '不通过' };
  const TOLERANCE_LABELS = {
    requested: '已申请',
    accepted: '已容缺受理',
    rejected: '未获同意',
    fulfilled: '材料已补齐',
    breached: '承诺失信',
  };
  const PROCEDURE_LABELS = {
    publicNotice: '公示',
    hearing: '听证',
    expertReview: '专家评审',
    onSiteSurvey: '现场勘验',
  };
  const EXIT_LABELS = { notAccepted: '不予受理', withdrawn: '撤件', recalled: '撤回', revoked: '撤销' };

  async function load(id) {
    const res = await App.api.request('GET', `/api/cases/${encodeURIComponent(id)}`);
    return { view: res.body, etag: res.headers.get('ETag') || `"${res.body.seq}"` };
  }

  App.views.case = async function caseView(main, params, flash) {
    let loaded;
    try {
      loaded = await load(params.id);
    } catch (err) {
      main.appendChild(App.alertBox(err.zhMessage));
      return;
    }
    titles = await App.api.definitions();
    render(main, loaded.view, loaded.etag, flash);
  };

  function render(main, c, etag, flash) {
    const user = App.api.session.get().user;
    App.clear(main);
    const labels = App.schemaForm.harvestLabels(c.data);
    const subject = subjectOf(c);
    const reload = async (message, kind) => {
      try {
        const fresh = await load(c.id);
        render(main, fresh.view, fresh.etag, message ? { message, kind } : null);
      } catch (err) {
        main.prepend(App.alertBox(err.zhMessage));
      }
    };

    App.append(main, [
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          null,
          h('div', { class: 'muted small' }, c.definition.title, c.childKey ? ` · ${c.childKey}` : ''),
          h('h1', null, subject),
        ),
        h(
          'div',
          { class: 'page-actions' },
          App.link(`/projects/${c.projectId}`, '项目进度', { class: 'btn' }),
          c.parentId ? App.link(`/cases/${c.parentId}`, '上级案件', { class: 'btn' }) : null,
          user.role !== 'admin' ? App.link(`/cases/${c.id}/audit`, '办理历史', { class: 'btn' }) : null,
          h('button', { type: 'button', class: 'btn', onclick: () => reload() }, '刷新'),
        ),
      ),
      flash ? App.alertBox(flash.message, flash.kind || 'error') : null,
      h(
        'section',
        { class: 'card summary' },
        h(
          'div',
          { class: 'status-line' },
          h('span', { class: `status-pill status-${c.status}`, id: 'case-status' }, c.statusLabel),
          App.timerBadge(c.timerState),
          c.status === 'done' ? h('span', { class: 'badge badge-step-done' }, '已办结') : null,
        ),
        App.facts([
          ['当前状态', h('span', null, c.statusLabel, ' ', h('span', { class: 'muted mono small' }, c.state))],
          ['所属阶段', c.stage ? stageName(c.stage) : '—'],
          ['办理部门', c.departmentQueue ? App.departmentName(c.departmentQueue) : '—'],
          ['等待', App.WAITING_LABELS[c.waitingOn] || c.waitingOn || '—'],
          c.deadline ? [c.deadline.label || '办理时限', App.deadlineCell(c.deadline)] : ['办理时限', '—'],
          [
            '流程版本',
            `${c.definition.title} v${c.definition.version}${c.definition.latestVersion > c.definition.version ? `（最新 v${c.definition.latestVersion}）` : ''}`,
          ],
          ['创建时间', App.fmtTime(c.createdAt)],
          [
            '最近更新',
            h('span', null, App.fmtTime(c.updatedAt), h('span', { class: 'muted small' }, ` · 第 ${c.seq} 次变更`)),
          ],
        ]),
      ),
      actionsCard(c, etag, labels, reload),
      App.materialsCard(c, reload),
      dataCard(c, labels),
      c.children && c.children.length
        ? App.section(
            '下级案件',
            App.table(
              [
                { title: '案件', cell: (k) => App.link(`/cases/${k.id}`, k.childKey) },
                { title: '类型', cell: (k) => definitionTitle(k.definitionId) },
                { title: '状态', cell: (k) => k.statusLabel },
                { title: '办理部门', cell: (k) => (k.departmentQueue ? App.departmentName(k.departmentQueue) : '—') },
                { title: '办理时限', class: 'nowrap', cell: (k) => App.lastDay(k.dueAt) || '—' },
                { title: '计时', class: 'col-badge', cell: (k) => App.timerBadge(k.timerState) || '—' },
              ],
              c.children,
            ),
          )
        : null,
    ]);
  }

  let titles = {};
  function definitionTitle(id) {
    return (titles[id] && titles[id].title) || id;
  }

  function stageName(key) {
    return (
      {
        landPlanning: '立项用地规划许可',
        engineeringPermit: '工程建设许可',
        constructionPermit: '施工许可',
        completionAcceptance: '竣工验收',
      }[key] || key
    );
  }

  function subjectOf(c) {
    const d = c.data || {};
    if (d.item && d.item.name) {
      if (c.definition.id === 'tolerance-commitment') return `${d.item.name}（容缺受理）`;
      if (c.definition.id === 'notify-commitment') return `${d.item.name}（告知承诺）`;
      return d.item.name;
    }
    if (typeof d.name === 'string') return c.definition.id === 'acceptance-section' ? `竣工验收：${d.name}` : d.name;
    return c.definition.title;
  }

  /** One form per event the caller may send now, generated from its payload schema. */
  function actionsCard(c, etag, labels, reload) {
    const events = (c.allowedEvents || []).filter((e) => !(e.roles || []).every((r) => r === 'system'));
    if (!events.length) {
      return App.section(
        '办理操作',
        h('p', { class: 'empty' }, c.status === 'done' ? '本案件已办结。' : '当前没有您可以办理的操作。'),
      );
    }
    const list = h('div', { class: 'actions' });
    // With one or two choices the first safe one is open; destructive ones always need a click to open.
    const firstSafe = events.findIndex((e) => !DANGER.test(e.type) && !e.disabledReason);
    events.forEach((event, index) =>
      list.appendChild(
        event.disabledReason
          ? disabledAction(event)
          : actionForm(c, etag, event, labels, reload, index === firstSafe && events.length <= 2),
      ),
    );
    return App.section(
      '办理操作',
      h('p', { class: 'muted small' }, '以下操作由流程定义按当前状态和您的角色给出。'),
      list,
    );
  }

  /** An action listed but not sendable yet (e.g. a file to upload first): its reason instead of a form. */
  function disabledAction(event) {
    return h(
      'div',
      { class: 'action action-disabled', dataset: { event: event.type } },
      h('span', { class: 'action-title' }, event.label),
      h('p', { class: 'muted small' }, event.disabledReason),
    );
  }

  function actionForm(c, etag, event, labels, reload, open) {
    const form = App.schemaForm.build(event.payloadSchema, { labels });
    const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
    const danger = DANGER.test(event.type);
    const submit = h(
      'button',
      { type: 'submit', class: `btn ${danger ? 'btn-danger' : 'btn-primary'}`, dataset: { event: event.type } },
      `提交：${event.label}`,
    );
    const el = h(
      'form',
      { class: 'schema-form', novalidate: true, dataset: { event: event.type } },
      form.empty ? h('p', { class: 'muted' }, '此操作无需填写内容，确认后提交。') : form.element,
      message,
      h('div', { class: 'form-actions' }, submit),
    );
    // The key is kept across retries of a network failure (the server then answers the first outcome), and
    // replaced once the server has answered.
    let idempotencyKey = App.api.newKey();

    el.addEventListener('submit', async (e) => {
      e.preventDefault();
      App.clear(message);
      const { value, errors } = form.read();
      if (errors.length) {
        message.appendChild(App.alertBox(`请检查：${errors.map((x) => `${x.label}（${x.message}）`).join('；')}`));
        return;
      }
      if (danger && !window.confirm(`确认执行「${event.label}」？此操作将记入办理历史。`)) return;
      submit.disabled = true;
      submit.textContent = '正在提交…';
      try {
        await App.api.request('POST', `/api/cases/${c.id}/events`, {
          body: { type: event.type, payload: value },
          headers: { 'Idempotency-Key': idempotencyKey, 'If-Match': etag },
        });
        App.toast(`已办理：${event.label}`, 'success');
        await reload(`已提交「${event.label}」`, 'success');
      } catch (err) {
        if (err.status !== 0) idempotencyKey = App.api.newKey();
        submit.disabled = false;
        submit.textContent = `提交：${event.label}`;
        if (err.code === 'VERSION_CONFLICT') {
          await reload('案件已被他人更新，请刷新后重新核对再办理。已为您载入最新内容。', 'error');
          return;
        }
        if (err.code === 'EVENT_NOT_ALLOWED') {
          await reload(err.zhMessage, 'error');
          return;
        }
        const fields = err.fieldErrors;
        if ((err.status === 400 || err.status === 422) && fields.length) {
          const shown = form.showErrors(fields);
          message.appendChild(App.alertBox(`填写有误：${shown.map((f) => `${f.label}（${f.message}）`).join('；')}`));
        } else {
          message.appendChild(App.alertBox(err.zhMessage));
        }
      }
    });

    const details = h(
      'details',
      { class: `action${danger ? ' action-danger' : ''}`, open: open || null },
      h(
        'summary',
        null,
        h('span', { class: 'action-title' }, event.label),
        h('span', { class: 'muted small mono' }, event.type),
      ),
      el,
    );
    return details;
  }

  /** The case's data in words where it is known, and in full (read-only JSON) below. */
  function dataCard(c, labels) {
    const d = c.data || {};
    const name = (code) => labels[code] || code;
    const pairs = [];
    if (d.item) {
      pairs.push(['审批事项', d.item.name || d.item.code]);
      if (d.item.department) pairs.push(['主办部门', App.departmentName(d.item.department)]);
      if (d.item.promisedLimit) {
        pairs.push([
          '承诺时限',
          `${d.item.promisedLimit.amount} ${d.item.promisedLimit.unit === 'naturalDays' ? '天' : d.item.promisedLimit.unit === 'months' ? '个月' : '个工作日'}`,
        ]);
      }
    }
    if (typeof d.name === 'string') pairs.push(['名称', d.name]);
    if (d.receivedAt) pairs.push(['接件时间', App.fmtTime(d.receivedAt)]);
    if (d.correction) {
      pairs.push([
        '一次性告知补正',
        `${(d.correction.requested || []).map(name).join('、')}${d.correction.note ? `（${d.correction.note}）` : ''}`,
      ]);
    }
    if (d.specialProcedure)
      pairs.push([
        '特别程序',
        `${PROCEDURE_LABELS[d.specialProcedure.procedure] || d.specialProcedure.procedure}：${d.specialProcedure.reason}`,
      ]);
    if (d.tolerance)
      pairs.push([
        '容缺受理',
        `${TOLERANCE_LABELS[d.tolerance.status] || d.tolerance.status}${d.tolerance.missingMaterials ? `：${d.tolerance.missingMaterials.map(name).join('、')}` : ''}`,
      ]);
    if (d.decision) {
      pairs.push([
        '办结结果',
        `${OUTCOME_LABELS[d.decision.outcome] || d.decision.outcome}（${App.fmtTime(d.decision.decidedAt)}）${d.decision.opinion ? `：${d.decision.opinion}` : ''}`,
      ]);
    }
    if (d.exit)
      pairs.push(['终止', `${EXIT_LABELS[d.exit.kind] || d.exit.kind}（${App.fmtTime(d.exit.at)}）：${d.exit.reason}`]);

    const materials =
      d.item && Array.isArray(d.item.materials)
        ? App.table(
            [
              { title: '材料', cell: (m) => m.name },
              { title: '类别', cell: (m) => (m.core ? '核心材料' : m.tolerable ? '可容缺' : '一般材料') },
              {
                title: '提交情况',
                cell: (m) =>
                  (d.submittedMaterials || []).includes(m.code)
                    ? h('span', { class: 'status status-approved' }, '已提交')
                    : h('span', { class: 'status status-missing' }, '未提交'),
              },
            ],
            d.item.materials,
          )
        : null;

    const raw = h('pre', { class: 'json' }, JSON.stringify(d, null, 2));
    return App.section(
      '办件信息',
      pairs.length ? App.facts(pairs) : null,
      materials ? h('h3', { class: 'sub-title' }, '申请材料') : null,
      materials,
      h('details', { class: 'raw' }, h('summary', null, '全部数据（流程上下文）'), raw),
    );
  }
})();

/* global window */
/**
 * 项目进度: what an enterprise (or its steward) wants to know about a project (GET /api/projects/:id): the four
 * stages and their items with departments, statuses and deadlines; certificates issued and pending (联发);
 * missing materials under 容缺 with their deadlines; 告知承诺; what happens next; the timeline.
 */
(() => {
  const App = window.App;
  const { h } = App;

  const PRACTICES = {
    foundationFirst: '桩基先行',
    tolerance: '容缺受理',
    notifyCommit: '告知承诺制',
    jointIssuance: '多证联发',
    stagedAcceptance: '分段竣工验收',
  };
  const STEP_ICON = { done: '✓', inProgress: '●', notReached: '○' };

  App.views.project = async function project(main, params) {
    let p;
    try {
      p = await App.api.get(`/api/projects/${encodeURIComponent(params.id)}`);
    } catch (err) {
      main.appendChild(App.alertBox(err.zhMessage));
      return;
    }
    const user = App.api.session.get().user;
    const caseLink = (id, text) => (id ? App.link(`/cases/${id}`, text) : text);

    // Head: name, facts, the whole-process clock.
    const whole = p.wholeProcess || {};
    const practices = Object.entries(p.practices || {})
      .filter(([, on]) => on)
      .map(([k]) =>
        h(
          'span',
          { class: 'chip chip-practice' },
          k === 'jointIssuance' && p.certificates.bundle ? p.certificates.bundle.name : PRACTICES[k] || k,
        ),
      );
    App.append(main, [
      h(
        'div',
        { class: 'page-head' },
        h('div', null, h('div', { class: 'muted mono small' }, p.code), h('h1', null, p.name)),
        h(
          'div',
          { class: 'page-actions' },
          App.link(`/cases/${p.case.id}`, '项目案件', { class: 'btn' }),
          user.role !== 'admin' ? App.link(`/cases/${p.case.id}/audit`, '办理历史', { class: 'btn' }) : null,
          user.role !== 'clerk' ? App.link(`/projects/${p.id}/savings`, '节省分析', { class: 'btn' }) : null,
        ),
      ),
      h(
        'section',
        { class: 'card summary' },
        App.facts([
          ['建设单位', (p.enterprise && (p.enterprise.name || p.enterprise.id)) || '—'],
          [
            '项目类别',
            p.category
              ? `${p.category.name}${p.category.targetWorkingDays ? `（全流程 ≤${p.category.targetWorkingDays} 个工作日）` : ''}`
              : '—',
          ],
          p.investorType ? ['投资类型', p.investorType.name] : null,
          p.landSupplyMode ? ['供地方式', p.landSupplyMode.name] : null,
          typeof p.investmentAmount === 'number'
            ? ['总投资', `${p.investmentAmount.toLocaleString('zh-CN')} 万元`]
            : null,
          ['当前阶段', p.currentStage ? p.currentStage.name : '—'],
          ['办理状态', p.case ? p.case.statusLabel : '—'],
          ['改革举措', practices.length ? h('div', { class: 'chips' }, practices) : '—'],
          [
            '全流程时限',
            h(
              'span',
              { class: 'inline' },
              App.deadlineCell(whole.deadline),
              ' ',
              App.timerBadge(whole.timerState, whole.timerStateLabel),
            ),
          ],
          ['申报时间', App.fmtTime(p.createdAt)],
        ]),
      ),
      stepper(p.stages || []),
    ]);

    // What happens next (下一步).
    const next = p.nextActions || [];
    main.appendChild(
      App.section(
        '下一步办理',
        App.table(
          [
            { title: '事项', cell: (a) => caseLink(a.instanceId, a.subject) },
            { title: '当前状态', cell: (a) => a.statusLabel },
            {
              title: '由谁办理',
              cell: (a) =>
                h('span', { class: a.waitingOn === 'enterprise' ? 'who who-you' : 'who' }, a.who ? a.who.label : '—'),
            },
            { title: '待办操作', cell: (a) => (a.expectedEvents || []).map((e) => e.label).join('、') || '—' },
            { title: '时限', cell: (a) => App.deadlineCell(a.deadline) },
            { title: '计时', class: 'col-badge', cell: (a) => timerCell(a.timerState, a.timerStateLabel, a.deadline) },
            {
              title: '',
              class: 'col-action',
              cell: (a) =>
                a.waitingOn === 'enterprise' && a.yourEvents && a.yourEvents.length
                  ? App.link(`/cases/${a.instanceId}`, '去办理', { class: 'btn btn-small btn-primary' })
                  : App.link(`/cases/${a.instanceId}`, '查看', { class: 'btn btn-small' }),
            },
          ],
          next,
          { empty: '当前没有待办理的事项' },
        ),
      ),
    );

    // The four stages with their items.
    for (const stage of p.stages || []) {
      const head = h(
        'div',
        { class: 'stage-head' },
        h('h2', { class: 'card-title' }, stage.name),
        h('span', { class: `badge badge-step-${stage.status}` }, stage.statusLabel),
        stage.leadDepartment ? h('span', { class: 'muted small' }, `牵头部门：${stage.leadDepartment.name}`) : null,
      );
      const items = App.table(
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
          { title: '办理部门', cell: (i) => App.departmentName(i.department) },
          {
            title: '办理状态',
            cell: (i) =>
              h(
                'span',
                null,
                h('span', { class: `status status-${i.itemStatus}` }, i.statusLabel || '—'),
                i.affected
                  ? h('span', { class: 'badge badge-overdue', title: '所依据的审批已被撤销' }, '受影响')
                  : null,
              ),
          },
          {
            title: '承诺时限',
            cell: (i) =>
              i.timerState === 'stopped' ? h('span', { class: 'muted' }, '—') : App.deadlineCell(i.deadline),
          },
          {
            title: '计时',
            class: 'col-badge',
            cell: (i) => (i.itemStatus === 'open' ? timerCell(i.timerState, i.timerStateLabel, i.deadline) : '—'),
          },
          { title: '办结时间', class: 'nowrap', cell: (i) => (i.decidedAt ? App.fmtTime(i.decidedAt) : '—') },
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
          App.table(
            [
              { title: '验收分段', cell: (s) => caseLink(s.instanceId, s.name) },
              { title: '建筑面积', cell: (s) => (s.area ? `${s.area} ㎡` : '—') },
              { title: '验收状态', cell: (s) => s.statusLabel },
              { title: '牵头部门', cell: (s) => App.departmentName(s.department) },
              { title: '时限', cell: (s) => App.deadlineCell(s.deadline) },
              { title: '可投产', cell: (s) => (s.productionAllowed ? '是' : '否') },
              { title: '验收通过时间', class: 'nowrap', cell: (s) => App.fmtTime(s.acceptedAt) },
            ],
            stage.sections,
          ),
        );
      }
      main.appendChild(h('section', { class: `card stage stage-${stage.status}` }, ...children));
    }

    // Certificates (联发).
    const certs = p.certificates || { issued: [], pending: [] };
    const bundle = certs.bundle;
    main.appendChild(
      App.section(
        bundle ? `证照（${bundle.name}）` : '证照',
        bundle
          ? h(
              'div',
              { class: 'bundle' },
              h(
                'span',
                { class: `badge ${bundle.issuedAt ? 'badge-cert-valid' : 'badge-warning'}` },
                bundle.statusLabel,
              ),
              bundle.issuedAt ? ` 联合发证时间：${App.fmtTime(bundle.issuedAt)}` : null,
              h(
                'div',
                { class: 'chips' },
                bundle.certificates.map((c) => {
                  const issued = certs.issued.find((i) => i.code === c.code && i.status === 'valid');
                  return h('span', { class: `chip ${issued ? 'chip-done' : ''}` }, `${issued ? '✓ ' : ''}${c.name}`);
                }),
              ),
            )
          : null,
        h('h3', { class: 'sub-title' }, '已发证照'),
        App.table(
          [
            { title: '证照名称', cell: (c) => c.name },
            { title: '状态', cell: (c) => h('span', { class: `badge badge-cert-${c.status}` }, c.statusLabel) },
            { title: '发证时间', class: 'nowrap', cell: (c) => App.fmtTime(c.issuedAt) },
            {
              title: '说明',
              cell: (c) =>
                c.revokedAt ? `${App.fmtTime(c.revokedAt)} 撤销：${c.reason || ''}` : c.bundle ? '联合发证' : '—',
            },
          ],
          certs.issued || [],
          { empty: '尚未发证' },
        ),
        h('h3', { class: 'sub-title' }, '待发证照'),
        App.table(
          [
            { title: '证照名称', cell: (c) => c.name },
            { title: '等待', cell: (c) => c.waitingForLabel },
          ],
          certs.pending || [],
          { empty: '没有待发的证照' },
        ),
      ),
    );

    // 容缺: missing materials and their deadlines.
    const tolerance = (p.commitments && p.commitments.tolerance) || [];
    const missingRows = tolerance.flatMap((t) => (t.missingMaterials || []).map((m) => ({ ...m, t })));
    main.appendChild(
      App.section(
        '容缺受理 · 待补材料',
        App.table(
          [
            { title: '审批事项', cell: (r) => caseLink(r.t.instanceId, r.t.itemName) },
            { title: '容缺材料', cell: (r) => r.name },
            { title: '补交形式', cell: (r) => r.form || '—' },
            {
              title: '材料状态',
              cell: (r) => h('span', { class: `status status-material-${r.status}` }, r.statusLabel),
            },
            {
              title: '补交期限',
              cell: (r) =>
                r.status === 'missing' || r.status === 'nonCompliant' ? App.deadlineCell(r.t.supplementDeadline) : '—',
            },
            { title: '容缺状态', cell: (r) => r.t.statusLabel },
          ],
          missingRows,
          { empty: '没有容缺待补的材料' },
        ),
        tolerance.some((t) => t.consequence)
          ? h('p', { class: 'muted small' }, `逾期未补齐的后果：${tolerance.find((t) => t.consequence).consequence}`)
          : null,
      ),
    );

    const notify = (p.commitments && p.commitments.notifyCommitments) || [];
    if (notify.length) {
      main.appendChild(
        App.section(
          '告知承诺制',
          App.table(
            [
              { title: '审批事项', cell: (n) => caseLink(n.instanceId, n.itemName) },
              { title: '状态', cell: (n) => n.statusLabel },
              { title: '承诺条件', cell: (n) => (n.conditions || []).join('；') || '—' },
              { title: '审批时间', class: 'nowrap', cell: (n) => App.fmtTime(n.decidedAt) },
              {
                title: '整改',
                cell: (n) =>
                  n.rectification
                    ? h('span', null, n.rectification.order, ' ', App.deadlineCell(n.rectification.deadline))
                    : '—',
              },
            ],
            notify,
          ),
        ),
      );
    }

    if (p.foundation) {
      main.appendChild(
        App.section(
          '桩基先行',
          App.facts([
            ['办理状态', caseLink(p.foundation.instanceId, p.foundation.statusLabel)],
            ['时限', App.deadlineCell(p.foundation.deadline)],
          ]),
        ),
      );
    }

    // Timeline.
    main.appendChild(
      App.section(
        '办理进度时间线',
        h(
          'ol',
          { class: 'timeline' },
          (p.timeline || []).map((t) =>
            h(
              'li',
              { class: `tl-item tl-${t.status}` },
              h('span', { class: 'tl-icon', 'aria-hidden': 'true' }, STEP_ICON[t.status] || '○'),
              h(
                'div',
                { class: 'tl-body' },
                h('div', { class: 'tl-label' }, t.label),
                h(
                  'div',
                  { class: 'muted small' },
                  t.statusLabel,
                  t.detail && t.detail !== t.statusLabel ? ` · ${t.detail}` : '',
                  t.at ? ` · ${App.fmtTime(t.at)}` : '',
                ),
              ),
            ),
          ),
        ),
      ),
    );
    // 文书与证照 (js/views/documents.js, an ES module handed over by js/documents-hook.js).
    if (App.documentsSection) main.appendChild(App.documentsSection(p));
  };

  /** The promised time limit of an open step: 正常/预警/逾期, or 未计时 before a department has accepted it. */
  function timerCell(state, label, deadline) {
    if (state === 'stopped' && !deadline) return h('span', { class: 'badge badge-stopped' }, '未计时');
    return App.timerBadge(state, label) || '—';
  }

  function certStatus(status) {
    return { valid: '已发证', revoked: '已撤销', lapsed: '已失效', notIssued: '未发证' }[status] || status;
  }

  /** 立项用地规划许可 → 工程建设许可 → 施工许可 → 竣工验收, with where the project stands. */
  function stepper(stages) {
    return h(
      'ol',
      { class: 'stepper', 'aria-label': '审批阶段' },
      stages.map((s, i) =>
        h(
          'li',
          { class: `step step-${s.status}`, 'aria-current': s.status === 'inProgress' ? 'step' : null },
          h('span', { class: 'step-no' }, s.status === 'done' ? '✓' : String(i + 1)),
          h(
            'span',
            { class: 'step-text' },
            h('span', { class: 'step-name' }, s.name),
            h('span', { class: 'step-status' }, s.statusLabel),
          ),
        ),
      ),
    );
  }
})();

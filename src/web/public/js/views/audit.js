/* global window */
/**
 * 审计: a case's full history (who, when, in which role, on whose behalf, what, the state after, the hash),
 * the state as of a chosen event or moment (by replay), the hash-chain verification and the export file.
 */
(() => {
  const App = window.App;
  const { h } = App;
  const SYSTEM_EVENT_LABELS = {
    INSTANCE_CREATED: '创建案件',
    INSTANCE_MIGRATED: '版本迁移',
    MATERIAL_UPLOADED: '上传材料',
    NOTICE_STORED: '文书存档',
    MIGRATED: '版本迁移',
  };

  /** 审计首页: find a case by id, or pick a project. */
  App.views.auditHome = async function auditHome(main, params) {
    const input = h('input', {
      type: 'text',
      placeholder: '案件编号（UUID）',
      'aria-label': '案件编号',
      class: 'mono',
      size: 40,
    });
    const form = h(
      'form',
      { class: 'toolbar' },
      input,
      h('button', { type: 'submit', class: 'btn btn-primary' }, '查看办理历史'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const id = input.value.trim();
      if (/^[0-9a-f-]{36}$/i.test(id)) App.navigate(`/cases/${id}/audit`);
      else App.toast('请输入有效的案件编号（UUID）', 'error');
    });
    main.appendChild(h('section', { class: 'card' }, h('h2', { class: 'card-title' }, '按案件编号查询'), form));
    const list = h('div');
    main.appendChild(list);
    await App.views.projects(list, params);
  };

  App.views.audit = async function audit(main, params) {
    const id = params.id;
    let history;
    let view = null;
    try {
      [history, view] = await Promise.all([
        App.api.get(`/api/cases/${encodeURIComponent(id)}/history`),
        App.api.get(`/api/cases/${encodeURIComponent(id)}`).catch(() => null),
      ]);
    } catch (err) {
      main.appendChild(App.alertBox(err.zhMessage));
      return;
    }
    const labels = ((await App.api.definitions())[history.definitionId] || {}).eventLabels || {};
    const labelOf = (type) => labels[type] || SYSTEM_EVENT_LABELS[type] || type;
    const events = history.events || [];
    const defs = await App.api.definitions();

    App.append(main, [
      h(
        'div',
        { class: 'page-head' },
        h(
          'div',
          null,
          h('div', { class: 'muted small' }, '审计 · 办理历史'),
          h('h1', null, view ? `${view.definition.title}：${view.statusLabel}` : history.definitionId),
          h('div', { class: 'muted mono small' }, id),
        ),
        h(
          'div',
          { class: 'page-actions' },
          App.link(`/cases/${id}`, '案件详情', { class: 'btn' }),
          view && view.parentId ? App.link(`/cases/${view.parentId}/audit`, '上级案件历史', { class: 'btn' }) : null,
          h(
            'button',
            {
              type: 'button',
              class: 'btn',
              id: 'export-button',
              onclick: async () => {
                try {
                  await App.api.download(`/api/cases/${id}/export`, `case-${id}.json`);
                  App.toast('已导出，可离线校验（npm run verify-export）', 'success');
                } catch (err) {
                  App.toast(err.zhMessage, 'error');
                }
              },
            },
            '导出审计文件',
          ),
        ),
      ),
      verifyCard(id, events.length, history.head, defs),
      replayCard(id, events, labelOf),
      App.section(
        `办理历史（共 ${events.length} 条，记录时间为北京时间）`,
        App.table(
          [
            { title: '序号', class: 'num', cell: (e) => String(e.seq) },
            { title: '发生时间', class: 'nowrap mono', cell: (e) => App.fmtTime(e.occurredAt, true) },
            { title: '操作人', cell: (e) => actorCell(e.actor) },
            { title: '角色', class: 'nowrap', cell: (e) => roleCell(e.actor) },
            { title: '代办', cell: (e) => (e.actor && e.actor.onBehalfOf ? `代 ${e.actor.onBehalfOf}` : '—') },
            {
              title: '事件',
              cell: (e) =>
                h('div', null, h('div', null, labelOf(e.type)), h('div', { class: 'muted small mono' }, e.type)),
            },
            { title: '办理后状态', class: 'mono small state-code', cell: (e) => e.stateAfter || '—' },
            { title: '内容', cell: (e) => payloadCell(e.payload) },
            {
              title: '哈希',
              class: 'mono small',
              cell: (e) =>
                h('span', { title: `hash ${e.hash}\nprev ${e.prevHash}` }, String(e.hash || '').slice(0, 12)),
            },
          ],
          events,
          { empty: '没有记录', class: 'table-compact' },
        ),
      ),
      view && view.children && view.children.length
        ? App.section(
            '下级案件的历史',
            App.table(
              [
                { title: '案件', cell: (k) => App.link(`/cases/${k.id}/audit`, k.childKey) },
                { title: '状态', cell: (k) => k.statusLabel },
                { title: '类型', cell: (k) => (defs[k.definitionId] && defs[k.definitionId].title) || k.definitionId },
              ],
              view.children,
            ),
          )
        : null,
    ]);
  };

  function actorCell(actor) {
    if (!actor) return '—';
    if (actor.role === 'system') return '系统';
    const who = actor.department ? App.departmentName(actor.department) : actor.enterpriseId || '';
    return h(
      'div',
      null,
      who ? h('div', null, who) : null,
      h('div', { class: 'muted small mono', title: actor.userId }, String(actor.userId).slice(0, 8)),
    );
  }

  function roleCell(actor) {
    return actor ? App.roleLabel(actor.role) : '—';
  }

  function payloadCell(payload) {
    if (!payload || !Object.keys(payload).length) return h('span', { class: 'muted' }, '—');
    const text = JSON.stringify(payload);
    if (text.length <= 60) return h('code', { class: 'small' }, text);
    return h(
      'details',
      null,
      h('summary', null, h('code', { class: 'small' }, `${text.slice(0, 50)}…`)),
      h('pre', { class: 'json' }, JSON.stringify(payload, null, 2)),
    );
  }

  function verifyCard(id, count, head, defs) {
    const out = h('div', { class: 'verify-result', id: 'verify-result', 'aria-live': 'polite' });
    const button = h('button', { type: 'button', class: 'btn btn-primary' }, '校验完整性（含下级案件）');
    button.addEventListener('click', async () => {
      button.disabled = true;
      App.clear(out).appendChild(h('p', { class: 'loading' }, '正在重算哈希链并回放…'));
      try {
        const r = await App.api.get(`/api/cases/${id}/verify`, { tree: 'true' });
        App.clear(out);
        const instances = r.instances || [r];
        const bad = instances.filter((i) => !i.ok);
        if (r.ok) {
          out.appendChild(
            h(
              'div',
              { class: 'alert alert-success' },
              h('strong', null, '校验通过'),
              ` — ${instances.length} 个案件、${instances.reduce((n, i) => n + (i.events || 0), 0)} 条事件的哈希链与回放结果均与存储一致。`,
            ),
          );
        } else {
          out.appendChild(
            h(
              'div',
              { class: 'alert alert-error' },
              h('strong', null, '校验未通过'),
              h(
                'ul',
                null,
                bad.map((i) =>
                  h(
                    'li',
                    null,
                    `案件 ${i.id || id}（${i.definitionId || ''}）：`,
                    i.firstMismatch ? `第 ${i.firstMismatch.seq} 条事件不一致 — ${i.firstMismatch.reason}` : '不一致',
                  ),
                ),
              ),
            ),
          );
        }
        out.appendChild(
          App.table(
            [
              {
                title: '案件',
                class: 'mono small',
                cell: (i) => App.link(`/cases/${i.id || id}/audit`, String(i.id || id).slice(0, 8)),
              },
              {
                title: '类型',
                cell: (i) => (defs[i.definitionId] && defs[i.definitionId].title) || i.definitionId || '—',
              },
              { title: '事件数', class: 'num', cell: (i) => String(i.events) },
              {
                title: '链头',
                class: 'mono small',
                cell: (i) => (i.head ? `#${i.head.seq} ${String(i.head.hash).slice(0, 12)}` : '—'),
              },
              {
                title: '结果',
                cell: (i) =>
                  h(
                    'span',
                    { class: `badge ${i.ok ? 'badge-cert-valid' : 'badge-overdue'}` },
                    i.ok ? '一致' : '不一致',
                  ),
              },
            ],
            instances,
            { class: 'table-compact' },
          ),
        );
      } catch (err) {
        App.clear(out).appendChild(App.alertBox(err.zhMessage));
      } finally {
        button.disabled = false;
      }
    });
    return App.section(
      '完整性校验',
      h(
        'p',
        { class: 'muted small' },
        `当前链头：第 ${head ? head.seq : count} 条，哈希 ${head ? String(head.hash).slice(0, 16) : '—'}…`,
      ),
      button,
      out,
    );
  }

  function replayCard(id, events, labelOf) {
    const seq = h(
      'select',
      { 'aria-label': '回放到第几条事件' },
      events.map((e) =>
        h(
          'option',
          { value: String(e.seq) },
          `第 ${e.seq} 条 · ${App.fmtTime(e.occurredAt, true)} · ${labelOf(e.type)}`,
        ),
      ),
    );
    if (events.length) seq.value = String(events[events.length - 1].seq);
    const at = h('input', { type: 'datetime-local', step: '1', 'aria-label': '回放到某一时刻（北京时间）' });
    const out = h('div', { class: 'replay-result', id: 'replay-result', 'aria-live': 'polite' });
    const show = async (query) => {
      App.clear(out).appendChild(h('p', { class: 'loading' }, '正在回放…'));
      try {
        const r = await App.api.get(`/api/cases/${id}/state`, query);
        App.clear(out).appendChild(
          h(
            'div',
            null,
            App.facts([
              ['回放至', `第 ${r.seq} 条事件${r.at ? `（时刻 ${App.fmtTime(r.at, true)}）` : ''}`],
              [
                '当时状态',
                h(
                  'span',
                  null,
                  h('strong', null, r.statusLabel),
                  ' ',
                  h('span', { class: 'muted mono small state-code' }, r.state),
                ),
              ],
              ['流程版本', `v${r.definitionVersion}`],
            ]),
            h(
              'details',
              { class: 'raw' },
              h('summary', null, '当时的流程上下文'),
              h('pre', { class: 'json' }, JSON.stringify(r.snapshot && r.snapshot.context, null, 2)),
            ),
          ),
        );
      } catch (err) {
        App.clear(out).appendChild(App.alertBox(err.code === 'NOT_FOUND' ? '该时刻案件尚未创建' : err.zhMessage));
      }
    };
    const bySeq = h('button', { type: 'button', class: 'btn' }, '按事件回放');
    bySeq.addEventListener('click', () => show({ seq: seq.value }));
    const byTime = h('button', { type: 'button', class: 'btn' }, '按时刻回放');
    byTime.addEventListener('click', () => {
      if (!at.value) return App.toast('请选择时刻', 'error');
      show({ at: App.localCstToIso(at.value.length === 16 ? at.value : at.value.slice(0, 19)) });
    });
    return App.section(
      '历史状态回放',
      h('div', { class: 'toolbar' }, seq, bySeq),
      h('div', { class: 'toolbar' }, at, h('span', { class: 'muted small' }, '北京时间'), byTime),
      out,
    );
  }
})();

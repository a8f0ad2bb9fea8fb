// @ts-check
/**
 * 案件详情: a case's status, deadline, data and children, and one action form per allowed event, generated
 * from the event's payload schema. Each submit carries a fresh Idempotency-Key and If-Match with the ETag
 * loaded, so a stale page cannot overwrite someone else's step (409 → "案件已被他人更新，请刷新").
 */
import { api } from '../api.js';
import { tech, techToggle } from '../tech.js';
import { keepDraft } from '../draft.js';
import { materialsCard } from '../materials.js';
import { schemaForm } from '../schema-form.js';
import { childName, departmentName, itemName, label, materialName, stateLabel, waitingLabel } from '../labels.js';
import {
  alertBox,
  append,
  clear,
  deadlineCell,
  facts,
  fmtTime,
  h,
  lastDay,
  link,
  section,
  table,
  timerBadge,
  toast,
} from '../util.js';

/** '：text' for words people wrote; a code is not shown. @param {unknown} t */
// Released machines store reasons as "zh / en": people read the Chinese half.
const zhText = (t) =>
  typeof t === 'string' && /[\u4e00-\u9fff]/.test(t) ? `：${t.replace(/ \/ [A-Za-z][^（）；]*/g, '')}` : '';

const DANGER = /^(REFUSE|NOT_ACCEPT|REJECT|REVOKE|WITHDRAW|RECALL|STOP)/;
async function load(id) {
  const res = await api.request('GET', `/api/cases/${encodeURIComponent(id)}`);
  return { view: res.body, etag: res.headers.get('ETag') || `"${res.body.seq}"` };
}

export async function caseView(main, params, flash) {
  let loaded;
  try {
    loaded = await load(params.id);
  } catch (err) {
    main.appendChild(alertBox(err.zhMessage));
    return;
  }
  titles = await api.definitions();
  render(main, loaded.view, loaded.etag, flash);
}

function render(main, c, etag, flash) {
  const user = api.session.get().user;
  clear(main);
  const labels = schemaForm.harvestLabels(c.data);
  const subject = subjectOf(c);
  const reload = async (message, kind) => {
    try {
      const fresh = await load(c.id);
      render(main, fresh.view, fresh.etag, message ? { message, kind } : null);
    } catch (err) {
      main.prepend(alertBox(err.zhMessage));
    }
  };

  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h(
          'div',
          { class: 'muted small' },
          c.definition.title,
          c.childKey ? tech('span', { class: 'mono' }, ` · ${c.childKey}`) : '',
        ),
        h('h1', null, subject),
      ),
      h(
        'div',
        { class: 'page-actions' },
        link(`/projects/${c.projectId}`, '项目进度', { class: 'btn' }),
        c.parentId ? link(`/cases/${c.parentId}`, '上级案件', { class: 'btn' }) : null,
        user.role !== 'admin' ? link(`/cases/${c.id}/audit`, '办理历史', { class: 'btn' }) : null,
        h('button', { type: 'button', class: 'btn', onclick: () => reload() }, '刷新'),
        techToggle(),
      ),
    ),
    flash ? alertBox(flash.message, flash.kind || 'error') : null,
    h(
      'section',
      { class: 'card summary' },
      h(
        'div',
        { class: 'status-line' },
        h('span', { class: `status-pill status-${c.status}`, id: 'case-status' }, c.statusLabel),
        timerBadge(c.timerState),
        c.status === 'done' ? h('span', { class: 'badge badge-step-done' }, '已办结') : null,
      ),
      facts([
        ['当前状态', h('span', null, c.statusLabel, ' ', tech('span', { class: 'muted mono small' }, c.state))],
        ['所属阶段', label('stages', c.stage)],
        ['办理部门', c.departmentQueue ? departmentName(c.departmentQueue) : '—'],
        ['等待', waitingLabel(c.waitingOn)],
        c.deadline ? [c.deadline.label || '办理时限', deadlineCell(c.deadline)] : ['办理时限', '—'],
        [
          '流程版本',
          `${c.definition.title} v${c.definition.version}${c.definition.latestVersion > c.definition.version ? `（最新 v${c.definition.latestVersion}）` : ''}`,
        ],
        ['创建时间', fmtTime(c.createdAt)],
        [
          '最近更新',
          h('span', null, fmtTime(c.updatedAt), h('span', { class: 'muted small' }, ` · 第 ${c.seq} 次变更`)),
        ],
      ]),
    ),
    actionsCard(c, etag, labels, reload),
    materialsCard(c, reload),
    dataCard(c, labels),
    c.children && c.children.length
      ? section(
          '下级案件',
          table(
            [
              {
                title: '案件',
                cell: (k) => link(`/cases/${k.id}`, childName(k.childKey, definitionTitle(k.definitionId))),
              },
              { title: '类型', cell: (k) => definitionTitle(k.definitionId) },
              { title: '状态', cell: (k) => k.statusLabel },
              { title: '办理部门', cell: (k) => (k.departmentQueue ? departmentName(k.departmentQueue) : '—') },
              { title: '办理时限', class: 'nowrap', cell: (k) => lastDay(k.dueAt) || '—' },
              { title: '计时', class: 'col-badge', cell: (k) => timerBadge(k.timerState) || '—' },
            ],
            c.children,
          ),
        )
      : null,
  ]);
}

let titles = {};
function definitionTitle(id) {
  return (titles[id] && titles[id].title) || '—';
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
    return section(
      '办理操作',
      h('p', { class: 'empty' }, c.status === 'done' ? '本案件已办结。' : '当前没有您可以办理的操作。'),
    );
  }
  const list = h('div', { class: 'actions' });
  // With one or two choices the first safe one is open; destructive ones always need a click to open.
  const firstSafe = events.findIndex((e) => !DANGER.test(e.type));
  events.forEach((event, index) =>
    list.appendChild(actionForm(c, etag, event, labels, reload, index === firstSafe && events.length <= 2)),
  );
  return section('办理操作', h('p', { class: 'muted small' }, '以下操作由流程定义按当前状态和您的角色给出。'), list);
}

function actionForm(c, etag, event, labels, reload, open) {
  const form = schemaForm.build(event.payloadSchema, { labels });
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
  let idempotencyKey = api.newKey();
  // What is typed survives a re-login until it is sent (one draft per case and action).
  const draft = keepDraft(el, `case:${c.id}:${event.type}`);
  if (draft.found) {
    draft.restore();
    open = true;
  }
  // Offered but not possible now: shown greyed out with the reason (allowedEvents' disabledReason).
  if (event.disabledReason) {
    submit.disabled = true;
    message.appendChild(alertBox(event.disabledReason, 'info'));
  }

  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const { value, errors } = form.read();
    if (event.disabledReason) return;
    if (errors.length) {
      message.appendChild(alertBox(`请检查：${errors.map((x) => `${x.label}（${x.message}）`).join('；')}`));
      return;
    }
    if (danger && !window.confirm(`确认执行「${event.label}」？此操作将记入办理历史。`)) return;
    submit.disabled = true;
    submit.textContent = '正在提交…';
    try {
      await api.request('POST', `/api/cases/${c.id}/events`, {
        body: { type: event.type, payload: value },
        idempotencyKey,
        ifMatch: etag,
      });
      draft.clear();
      toast(`已办理：${event.label}`, 'success');
      await reload(`已提交「${event.label}」`, 'success');
    } catch (err) {
      if (err.status !== 0) idempotencyKey = api.newKey();
      submit.disabled = false;
      submit.textContent = `提交：${event.label}`;
      if (err.isStaleEdit) {
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
        message.appendChild(alertBox(`填写有误：${shown.map((f) => `${f.label}（${f.message}）`).join('；')}`));
      } else {
        message.appendChild(alertBox(err.zhMessage));
      }
    }
  });

  const details = h(
    'details',
    {
      class: `action${danger ? ' action-danger' : ''}${event.disabledReason ? ' is-disabled' : ''}`,
      open: open || null,
    },
    h(
      'summary',
      null,
      h('span', { class: 'action-title' }, event.label),
      tech('span', { class: 'muted small mono' }, event.type),
    ),
    el,
  );
  return details;
}

/** The case's data in words where it is known, and in full (read-only JSON) below. */
function dataCard(c, labels) {
  const d = c.data || {};
  const name = (code) => labels[code] || (materialName(code) !== '—' ? materialName(code) : itemName(code));
  const pairs = [];
  if (d.item) {
    pairs.push(['审批事项', d.item.name || itemName(d.item.code)]);
    if (d.item.department) pairs.push(['主办部门', departmentName(d.item.department)]);
    if (d.item.promisedLimit) {
      pairs.push([
        '承诺时限',
        `${d.item.promisedLimit.amount} ${label('timeUnits', d.item.promisedLimit.unit || 'workingDays')}`,
      ]);
    }
  }
  if (typeof d.name === 'string') pairs.push(['名称', d.name]);
  if (d.receivedAt) pairs.push(['接件时间', fmtTime(d.receivedAt)]);
  if (d.correction) {
    pairs.push([
      '一次性告知补正',
      `${(d.correction.requested || []).map(name).join('、')}${d.correction.note ? `（${d.correction.note}）` : ''}`,
    ]);
  }
  if (d.specialProcedure)
    pairs.push(['特别程序', `${label('procedures', d.specialProcedure.procedure)}：${d.specialProcedure.reason}`]);
  if (d.tolerance)
    pairs.push([
      '容缺受理',
      `${label('toleranceStatuses', d.tolerance.status)}${d.tolerance.missingMaterials ? `：${d.tolerance.missingMaterials.map(name).join('、')}` : ''}`,
    ]);
  if (d.decision) {
    pairs.push([
      '办结结果',
      `${label('outcomes', d.decision.outcome)}（${fmtTime(d.decision.decidedAt)}）${d.decision.opinion ? `：${d.decision.opinion}` : ''}`,
    ]);
  }
  // 验收分段 v5: what its project waits for before a section may apply or be accepted.
  if (d.applyBlockedBy) pairs.push(['暂不能申请或通过验收', d.applyBlockedBy]);
  if (Array.isArray(d.openCommitments) && d.openCommitments.length) {
    const kinds = { tolerance: '容缺受理', notifyCommitment: '告知承诺' };
    pairs.push([
      '待办结的承诺',
      d.openCommitments.map((o) => `${o.itemName}（${kinds[o.kind] || '承诺'}）`).join('、'),
    ]);
  }
  if (d.exit) {
    const kind = stateLabel(c.definition.id, d.exit.kind);
    pairs.push(['终止', `${kind === '—' ? '已终止' : kind}（${fmtTime(d.exit.at)}）${zhText(d.exit.reason)}`]);
  }

  const materials =
    d.item && Array.isArray(d.item.materials)
      ? table(
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
  return section(
    '办件信息',
    pairs.length ? facts(pairs) : null,
    materials ? h('h3', { class: 'sub-title' }, '申请材料') : null,
    materials,
    tech('details', { class: 'raw' }, h('summary', null, '技术详情：流程上下文（原始数据）'), raw),
  );
}

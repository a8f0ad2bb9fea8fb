// @ts-check
/**
 * 审计: a case's full history (who, when, in which role, on whose behalf, what, the state after, the hash),
 * the state as of a chosen event or moment (by replay), the hash-chain verification and the export file.
 */
import { api } from '../api.js';
import {
  childName,
  departmentName,
  eventLabel,
  itemName,
  materialName,
  payloadFieldName,
  roleLabel,
  stateLabel,
} from '../labels.js';
import { tech, techToggle } from '../tech.js';
import { alertBox, append, clear, facts, fmtTime, h, link, localCstToIso, section, table, toast } from '../util.js';
import { projects } from './projects.js';

/** 审计首页: find the project by 项目编号 or name, then open its history (no ids to type). */
export async function auditHome(main, params) {
  await projects(main, params);
}

export async function audit(main, params) {
  const id = params.id;
  let history;
  let view = null;
  try {
    [history, view] = await Promise.all([
      api.get(`/api/cases/${encodeURIComponent(id)}/history`),
      api.get(`/api/cases/${encodeURIComponent(id)}`).catch(() => null),
    ]);
  } catch (err) {
    main.appendChild(alertBox(err.zhMessage));
    return;
  }
  const labels = ((await api.definitions())[history.definitionId] || {}).eventLabels || {};
  const labelOf = (type) => (eventLabel(type) !== '—' ? eventLabel(type) : labels[type]) || '其他操作';
  const stateOf = (e) => e.stateLabel || stateLabel(history.definitionId, e.stateAfter);
  const events = history.events || [];
  const defs = await api.definitions();

  append(main, [
    h(
      'div',
      { class: 'page-head' },
      h(
        'div',
        null,
        h('div', { class: 'muted small' }, '审计 · 办理历史'),
        h(
          'h1',
          null,
          view
            ? `${view.definition.title}：${view.statusLabel}`
            : (defs[history.definitionId] || {}).title || '办理历史',
        ),
        tech('div', { class: 'muted mono small' }, id),
      ),
      h(
        'div',
        { class: 'page-actions' },
        link(`/cases/${id}`, '案件详情', { class: 'btn' }),
        view && view.parentId ? link(`/cases/${view.parentId}/audit`, '上级案件历史', { class: 'btn' }) : null,
        h(
          'button',
          {
            type: 'button',
            class: 'btn',
            id: 'export-button',
            onclick: async () => {
              try {
                await api.download(`/api/cases/${id}/export`, `case-${id}.json`);
                toast('已导出审计文件，可用离线校验工具核验', 'success');
              } catch (err) {
                toast(err.zhMessage, 'error');
              }
            },
          },
          '导出审计文件',
        ),
        techToggle(),
      ),
    ),
    verifyCard(id, events.length, history.head, defs),
    replayCard(id, events, labelOf),
    section(
      `办理历史（共 ${events.length} 条，记录时间为北京时间）`,
      table(
        [
          { title: '序号', class: 'num', cell: (e) => String(e.seq) },
          { title: '发生时间', class: 'nowrap mono', cell: (e) => fmtTime(e.occurredAt, true) },
          { title: '操作人', cell: (e) => actorCell(e) },
          { title: '角色', class: 'nowrap', cell: (e) => roleCell(e.actor) },
          { title: '代办', cell: (e) => onBehalfCell(e) },
          {
            title: '事件',
            cell: (e) =>
              h(
                'div',
                null,
                h('div', null, labelOf(e.type)),
                e.itemName ? h('div', { class: 'muted small' }, e.itemName) : null,
                tech('div', { class: 'muted small mono' }, e.type),
              ),
          },
          {
            title: '办理后状态',
            cell: (e) =>
              h(
                'div',
                null,
                h('div', null, stateOf(e)),
                tech('div', { class: 'muted small mono state-code' }, e.stateAfter || ''),
              ),
          },
          { title: '内容', cell: (e) => payloadCell(e.type, e.payload) },
          {
            title: '哈希',
            class: 'mono small tech',
            cell: (e) => h('span', { title: `hash ${e.hash}\nprev ${e.prevHash}` }, String(e.hash || '').slice(0, 12)),
          },
        ],
        events,
        { empty: '没有记录', class: 'table-compact' },
      ),
    ),
    view && view.children && view.children.length
      ? section(
          '下级案件的历史',
          table(
            [
              {
                title: '案件',
                cell: (k) =>
                  link(`/cases/${k.id}/audit`, childName(k.childKey, (defs[k.definitionId] || {}).title || '下级案件')),
              },
              { title: '状态', cell: (k) => k.statusLabel },
              { title: '类型', cell: (k) => (defs[k.definitionId] && defs[k.definitionId].title) || '—' },
            ],
            view.children,
          ),
        )
      : null,
  ]);
}

/** Who acted, by name (the API's actorName), else by department or role; the user id only in 技术详情. */
function actorCell(e) {
  const actor = e.actor;
  if (!actor) return '—';
  if (actor.role === 'system') return '系统';
  const who =
    e.actorName ||
    (actor.department
      ? departmentName(actor.department)
      : actor.role === 'enterprise'
        ? '建设单位'
        : roleLabel(actor.role));
  return h('div', null, h('div', null, who), tech('div', { class: 'muted small mono' }, String(actor.userId || '')));
}

/** 代办: on whose behalf (a steward for an enterprise), by name when the API gives it. */
function onBehalfCell(e) {
  if (!e.actor || !e.actor.onBehalfOf) return '—';
  return h(
    'div',
    null,
    e.onBehalfOfName ? `代 ${e.onBehalfOfName}` : '代建设单位办理',
    tech('div', { class: 'muted small mono' }, e.actor.onBehalfOf),
  );
}

function roleCell(actor) {
  return actor ? roleLabel(actor.role) : '—';
}

const hasZh = (v) => typeof v === 'string' && /[\u4e00-\u9fff]/.test(v);

/** A payload value in words: text as written, codes as the names of items or materials. */
function inWords(v) {
  if (Array.isArray(v)) return v.map(inWords).filter(Boolean).join('、');
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') return '';
  if (hasZh(v)) return v;
  const named = [materialName(v), itemName(v)].find((x) => x !== '—');
  return named || '';
}

/** What was sent, in words (reasons, opinions, items, materials); the raw JSON behind 技术详情. */
function payloadCell(type, payload) {
  if (!payload || !Object.keys(payload).length) return h('span', { class: 'muted' }, '—');
  // Fields are named by the event's payload schema (GET /api/labels); others show only in 技术详情.
  const lines = Object.entries(payload)
    .map(([k, v]) => [payloadFieldName(type, k), inWords(v)])
    .filter(([k]) => k)
    .filter(([, v]) => v);
  return h(
    'div',
    null,
    lines.length
      ? lines.map(([k, v]) => h('div', { class: 'small' }, `${k}：${v}`))
      : h('span', { class: 'muted' }, '—'),
    tech(
      'details',
      null,
      h('summary', null, '原始数据'),
      h('pre', { class: 'json' }, JSON.stringify(payload, null, 2)),
    ),
  );
}

function verifyCard(id, count, head, defs) {
  const out = h('div', { class: 'verify-result', id: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'btn btn-primary' }, '校验完整性（含下级案件）');
  button.addEventListener('click', async () => {
    button.disabled = true;
    clear(out).appendChild(h('p', { class: 'loading' }, '正在重算哈希链并回放…'));
    try {
      const r = await api.get(`/api/cases/${id}/verify`, { tree: 'true' });
      clear(out);
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
                  `${(defs[i.definitionId] && defs[i.definitionId].title) || '案件'}：`,
                  // The server's Chinese account (which event, what was altered); its English reason is technical.
                  i.message || (i.firstMismatch ? `第 ${i.firstMismatch.seq} 条事件起不一致` : '不一致'),
                  i.firstMismatch ? tech('span', { class: 'mono small' }, ` ${i.firstMismatch.reason}`) : null,
                ),
              ),
            ),
          ),
        );
      }
      out.appendChild(
        table(
          [
            {
              title: '案件',
              cell: (i) => link(`/cases/${i.id || id}/audit`, '查看历史'),
            },
            {
              title: '类型',
              cell: (i) => (defs[i.definitionId] && defs[i.definitionId].title) || '—',
            },
            { title: '事件数', class: 'num', cell: (i) => String(i.events) },
            {
              title: '链头',
              class: 'mono small tech',
              cell: (i) => (i.head ? `#${i.head.seq} ${String(i.head.hash).slice(0, 12)}` : '—'),
            },
            {
              title: '结果',
              cell: (i) =>
                h('span', { class: `badge ${i.ok ? 'badge-cert-valid' : 'badge-overdue'}` }, i.ok ? '一致' : '不一致'),
            },
          ],
          instances,
          { class: 'table-compact' },
        ),
      );
    } catch (err) {
      clear(out).appendChild(alertBox(err.zhMessage));
    } finally {
      button.disabled = false;
    }
  });
  return section(
    '完整性校验',
    h(
      'p',
      { class: 'muted small' },
      `共 ${head ? head.seq : count} 条记录`,
      tech('span', { class: 'mono' }, `，链头哈希 ${head ? String(head.hash).slice(0, 16) : '—'}…`),
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
      h('option', { value: String(e.seq) }, `第 ${e.seq} 条 · ${fmtTime(e.occurredAt, true)} · ${labelOf(e.type)}`),
    ),
  );
  if (events.length) seq.value = String(events[events.length - 1].seq);
  const at = h('input', { type: 'datetime-local', step: '1', 'aria-label': '回放到某一时刻（北京时间）' });
  const out = h('div', { class: 'replay-result', id: 'replay-result', 'aria-live': 'polite' });
  const show = async (query) => {
    clear(out).appendChild(h('p', { class: 'loading' }, '正在回放…'));
    try {
      const r = await api.get(`/api/cases/${id}/state`, query);
      clear(out).appendChild(
        h(
          'div',
          null,
          facts([
            ['回放至', `第 ${r.seq} 条事件${r.at ? `（时刻 ${fmtTime(r.at, true)}）` : ''}`],
            [
              '当时状态',
              h(
                'span',
                null,
                h('strong', null, r.stateLabel || r.statusLabel),
                ' ',
                tech('span', { class: 'muted mono small state-code' }, r.state),
              ),
            ],
            ['流程版本', `第 ${r.definitionVersion} 版`],
          ]),
          tech(
            'details',
            { class: 'raw' },
            h('summary', null, '技术详情：当时的流程上下文'),
            h('pre', { class: 'json' }, JSON.stringify(r.snapshot && r.snapshot.context, null, 2)),
          ),
        ),
      );
    } catch (err) {
      clear(out).appendChild(alertBox(err.code === 'NOT_FOUND' ? '该时刻案件尚未创建' : err.zhMessage));
    }
  };
  const bySeq = h('button', { type: 'button', class: 'btn' }, '按事件回放');
  bySeq.addEventListener('click', () => show({ seq: seq.value }));
  const byTime = h('button', { type: 'button', class: 'btn' }, '按时刻回放');
  byTime.addEventListener('click', () => {
    if (!at.value) return toast('请选择时刻', 'error');
    show({ at: localCstToIso(at.value.length === 16 ? at.value : at.value.slice(0, 19)) });
  });
  return section(
    '历史状态回放',
    h('div', { class: 'toolbar' }, seq, bySeq),
    h('div', { class: 'toolbar' }, at, h('span', { class: 'muted small' }, '北京时间'), byTime),
    out,
  );
}

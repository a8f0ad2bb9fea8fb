// @ts-check
/**
 * Shared helpers of the UI: a DOM builder that only ever sets text (never HTML), time formatting in China
 * Standard Time, and small building blocks (tables, facts, cards, badges). Labels of codes live in labels.js.
 *
 * The UI is native ES modules served as written (no bundler): scripts/build.js leaves src/web/public out of the
 * swc compile and copies it to dist as static files.
 */
// labels.js reaches back here only through api.js at call time, so this cycle is safe to load in any order.
import { label as labelOf } from './labels.js';

/**
 * h('div', { class: 'x', onclick: fn, dataset: { id } }, 'text', child, [more]) — builds an element.
 * Strings become text nodes; attributes go through setAttribute; handlers through addEventListener
 * (CSP forbids inline handlers). Nothing is ever parsed as HTML.
 */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else if (key === 'dataset') Object.assign(el.dataset, value);
      else if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = String(value);
      else if (key === 'value') el.value = value;
      else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'required') el[key] = !!value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (typeof child === 'string' || typeof child === 'number')
      el.appendChild(document.createTextNode(String(child)));
    else el.appendChild(child);
  }
}

function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

const CST = 'Asia/Shanghai';
const dateTimeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: CST,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});
const parts = (date) => Object.fromEntries(dateTimeFormat.formatToParts(date).map((p) => [p.type, p.value]));

/** '2026-03-02 09:30:00' in China Standard Time, whatever the browser's zone. */
function fmtTime(iso, withSeconds = false) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = parts(d);
  const hour = p.hour === '24' ? '00' : p.hour;
  return `${p.year}-${p.month}-${p.day} ${hour}:${p.minute}${withSeconds ? `:${p.second}` : ''}`;
}

function fmtDate(iso) {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  return fmtTime(iso).slice(0, 10);
}

/** The last day of a deadline whose dueAt is the instant it passes (midnight after the last day, CST). */
function lastDay(dueAt) {
  if (!dueAt) return null;
  const t = Date.parse(dueAt);
  return Number.isNaN(t) ? null : fmtTime(new Date(t - 1).toISOString()).slice(0, 10);
}

/** A datetime-local value ('2026-03-02T09:30') read as China Standard Time, as ISO 8601 with +08:00. */
function localCstToIso(value) {
  if (!value) return '';
  const withSeconds = value.length === 16 ? `${value}:00` : value;
  return `${withSeconds}+08:00`;
}

/** The current instant as a datetime-local value in China Standard Time. */
function nowCstLocal() {
  const p = parts(new Date());
  return `${p.year}-${p.month}-${p.day}T${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
}

/** A badge for 正常 / 预警 / 逾期 / 暂停计时. */
function timerBadge(timerState, label, opts = {}) {
  const state = opts.overdue ? 'overdue' : opts.warning ? 'warning' : timerState;
  if (!state) return null;
  const text =
    state === 'overdue' || state === 'warning' ? labelOf('timerStates', state) : label || labelOf('timerStates', state);
  return h('span', { class: `badge badge-${state}` }, text);
}

/**
 * '剩余 4 个工作日' / '剩余 90 天' / '已逾期 2 个工作日' / '今日到期' from a remaining count (including today) and the unit
 * it counts in (the API's remainingUnit: working days or calendar days, never months).
 */
function remainingText(remaining, unit = 'workingDays') {
  if (remaining === null || remaining === undefined) return null;
  const u = labelOf('timeUnits', unit);
  if (remaining < 0) return `已逾期 ${-remaining} ${u}`;
  if (remaining === 0) return '今日到期';
  return `剩余 ${remaining} ${u}`;
}

/**
 * The unit a deadline's remaining count is in: the API says it (remainingUnit); a shape without it counts calendar
 * days for a natural-day or months limit and working days otherwise (the calendar never counts months).
 */
function remainingUnitOf(deadline) {
  if (deadline.remainingUnit) return deadline.remainingUnit;
  return deadline.unit === 'naturalDays' || deadline.unit === 'months' ? 'naturalDays' : 'workingDays';
}

/** A deadline (case view or project status shape) as a compact element. */
function deadlineCell(deadline) {
  if (!deadline) return h('span', { class: 'muted' }, '—');
  const remaining =
    deadline.remaining !== undefined && deadline.remaining !== null
      ? deadline.remaining
      : deadline.remainingWorkingDays;
  const rest = deadline.paused ? '暂停计时' : remainingText(remaining, remainingUnitOf(deadline));
  return h(
    'span',
    { class: 'deadline' },
    h('span', { class: 'deadline-date' }, deadline.dueDate || fmtDate(deadline.dueAt)),
    rest
      ? h('span', { class: `deadline-rest${remaining !== null && remaining < 0 ? ' is-overdue' : ''}` }, rest)
      : null,
    deadline.uncoveredYears && deadline.uncoveredYears.length
      ? h(
          'span',
          { class: 'muted small', title: '日历缺少该年度节假日安排，到期日为暂估' },
          `（${deadline.uncoveredYears.join('、')}年节假日未发布，暂估）`,
        )
      : null,
  );
}

/** Shows a short message at the bottom of the page. */
let toastTimer = null;
function toast(message, kind = 'info') {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = message;
  el.className = `toast toast-${kind} is-visible`;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (el.className = 'toast'), 4000);
}

function alertBox(message, kind = 'error') {
  return h('div', { class: `alert alert-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, message);
}

/** A table from columns [{ title, cell(row) → string|Node, class? }] and rows. */
function table(columns, rows, opts = {}) {
  if (!rows.length) return h('p', { class: 'empty' }, opts.empty || '暂无数据');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: `table ${opts.class || ''}` },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          columns.map((c) => h('th', { class: headClass(c.class), scope: 'col' }, c.title)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((row) =>
          h(
            'tr',
            { class: opts.rowClass ? opts.rowClass(row) : null },
            columns.map((c) => {
              const v = c.cell(row);
              return h('td', { class: c.class, 'data-label': c.title }, v === null || v === undefined ? '—' : v);
            }),
          ),
        ),
      ),
    ),
  );
}

/** Header cells keep a column's layout classes, not its cell typography. */
function headClass(cls) {
  return cls
    ? cls
        .split(/\s+/)
        .filter((c) => c === 'num' || c === 'nowrap' || c === 'tech' || c.startsWith('col-'))
        .join(' ') || null
    : null;
}

/** Definition list of [label, value] pairs. */
function facts(pairs) {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter((p) => p)
      .map(([k, v]) => [h('dt', null, k), h('dd', null, v === null || v === undefined || v === '' ? '—' : v)]),
  );
}

function section(title, ...children) {
  return h('section', { class: 'card' }, h('h2', { class: 'card-title' }, title), ...children);
}

function link(href, text, attrs = {}) {
  return h('a', { href, 'data-link': true, ...attrs }, text);
}

/** The part of a bilingual "中文 / English" message a zh-CN reader wants. */
function zhPart(message) {
  const text = String(message || '');
  const i = text.indexOf(' / ');
  return i > 0 && /[\u4e00-\u9fff]/.test(text.slice(0, i)) ? text.slice(0, i) : text;
}

export {
  h,
  clear,
  append,
  fmtTime,
  fmtDate,
  lastDay,
  localCstToIso,
  nowCstLocal,
  timerBadge,
  remainingText,
  deadlineCell,
  toast,
  alertBox,
  table,
  facts,
  section,
  link,
  zhPart,
};

// @ts-check
/**
 * Forms generated from the JSON Schema of an event's payload (allowedEvents[].payloadSchema), so the workflow
 * definition stays the single source of truth for what each action asks. Covers the subset the definitions
 * use (workflows/core/json-schema.ts): object/properties/required, string (enum with x-enumLabels or
 * oneOf/anyOf titles, format date-time/date, min/maxLength), number/integer (minimum/maximum), boolean
 * (enum [true] = a confirmation that must be ticked), arrays of enums (checkboxes), of strings (one per line)
 * and of objects (repeatable rows), nested objects, const. Anything else falls back to a JSON text box.
 *
 * build(schema, { labels }) → { element, read() → { value, errors }, showErrors([{ field, message }]) }
 * Paths follow the server's validator: 'reason', 'practices.tolerance', 'unitWorks[0].name'.
 */
import { h, localCstToIso, zhPart } from './util.js';

let uid = 0;

const isChoice = (s) => !!s && (Array.isArray(s.enum) || Array.isArray(s.oneOf) || Array.isArray(s.anyOf));
const isEnumArray = (s) => s.type === 'array' && isChoice(s.items);
const labelOf = (schema, name) => zhPart(schema.title || schema.description || name);

function enumOptions(schema, labels) {
  const explicit = schema['x-enumLabels'] || {};
  const alternatives = schema.oneOf || schema.anyOf;
  if (!Array.isArray(schema.enum) && Array.isArray(alternatives)) {
    return alternatives
      .filter((a) => a && 'const' in a)
      .map((a) => ({ value: a.const, label: a.title || String(a.const), named: !!a.title }));
  }
  return (schema.enum || []).map((v) => {
    const label = explicit[v] || (labels && labels[v]);
    return { value: v, label: label || String(v), named: !!label };
  });
}

function hintOf(schema) {
  const bits = [];
  if (schema.type === 'string' && schema.maxLength && schema.maxLength < 2000) bits.push(`最多 ${schema.maxLength} 字`);
  if ((schema.type === 'number' || schema.type === 'integer') && schema.minimum !== undefined) {
    bits.push(schema.maximum !== undefined ? `${schema.minimum} – ${schema.maximum}` : `不小于 ${schema.minimum}`);
  }
  if (schema.type === 'array' && schema.minItems) bits.push(`至少选择 ${schema.minItems} 项`);
  return bits.length ? bits.join('，') : null;
}

/**
 * One field: returns { element, read() → { value, errors } }, registering itself in `registry` under its
 * path so server errors can be shown beside it.
 */
function field(schema, path, name, required, ctx) {
  schema = schema || {};
  const id = `f${++uid}`;
  const label = labelOf(schema, name);
  const error = h('div', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  const entry = { path, label, error, wrapper: null };
  ctx.registry.push(entry);
  const fail = (message) => ({ value: undefined, errors: [{ field: path, label, message }] });
  const ok = (value) => ({ value, errors: [] });
  const wrap = (control, opts = {}) => {
    const hint = hintOf(schema);
    entry.wrapper = h(
      'div',
      { class: `field${opts.inline ? ' field-inline' : ''}`, dataset: { path } },
      opts.inline
        ? null
        : h(
            opts.group ? 'div' : 'label',
            { class: 'field-label', for: opts.group ? null : id, id: `${id}-label` },
            label,
            required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
          ),
      control,
      hint ? h('div', { class: 'field-hint' }, hint) : null,
      error,
    );
    return entry.wrapper;
  };

  if (schema.const !== undefined) {
    return { element: null, read: () => ok(schema.const) };
  }

  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;

  if (type === 'string' && (Array.isArray(schema.enum) || schema.oneOf || schema.anyOf)) {
    const options = enumOptions(schema, ctx.labels);
    const select = h(
      'select',
      { id, name: path, 'aria-describedby': `${id}-err` },
      h('option', { value: '' }, '请选择'),
      options.map((o) => h('option', { value: String(o.value) }, o.label)),
    );
    if (options.length === 1 && required) select.value = String(options[0].value);
    return {
      element: wrap(select),
      read() {
        if (!select.value) return required ? fail('请选择') : ok(undefined);
        const chosen = options.find((o) => String(o.value) === select.value);
        return ok(chosen ? chosen.value : select.value);
      },
    };
  }

  if (type === 'string' && (schema.format === 'date-time' || schema.format === 'date')) {
    const dateOnly = schema.format === 'date';
    const input = h('input', {
      id,
      name: path,
      type: dateOnly ? 'date' : 'datetime-local',
      'aria-describedby': `${id}-err`,
    });
    const control = h(
      'div',
      { class: 'with-suffix' },
      input,
      dateOnly ? null : h('span', { class: 'suffix muted' }, '北京时间'),
    );
    return {
      element: wrap(control),
      read() {
        if (!input.value) return required ? fail('请填写') : ok(undefined);
        return ok(dateOnly ? input.value : localCstToIso(input.value));
      },
    };
  }

  if (type === 'string') {
    const long = !schema.maxLength || schema.maxLength > 200;
    const attrs = { id, name: path, 'aria-describedby': `${id}-err`, maxlength: schema.maxLength || null };
    const input = long ? h('textarea', { ...attrs, rows: 3 }) : h('input', { ...attrs, type: 'text' });
    return {
      element: wrap(input),
      read() {
        const v = input.value.trim();
        if (!v) return required ? fail('请填写') : ok(undefined);
        if (schema.minLength && v.length < schema.minLength) return fail(`至少 ${schema.minLength} 个字`);
        return ok(v);
      },
    };
  }

  if (type === 'number' || type === 'integer') {
    const input = h('input', {
      id,
      name: path,
      type: 'number',
      inputmode: type === 'integer' ? 'numeric' : 'decimal',
      step: type === 'integer' ? '1' : 'any',
      min: schema.minimum,
      max: schema.maximum,
      'aria-describedby': `${id}-err`,
    });
    return {
      element: wrap(input),
      read() {
        if (input.value === '') return required ? fail('请填写') : ok(undefined);
        const n = Number(input.value);
        if (!Number.isFinite(n)) return fail('请填写数字');
        if (type === 'integer' && !Number.isInteger(n)) return fail('请填写整数');
        if (schema.minimum !== undefined && n < schema.minimum) return fail(`不能小于 ${schema.minimum}`);
        if (schema.maximum !== undefined && n > schema.maximum) return fail(`不能大于 ${schema.maximum}`);
        return ok(n);
      },
    };
  }

  if (type === 'boolean') {
    const mustConfirm = Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === true;
    const box = h('input', { id, name: path, type: 'checkbox', 'aria-describedby': `${id}-err` });
    const control = h(
      'label',
      { class: 'check', for: id },
      box,
      h('span', null, label, mustConfirm && required ? h('span', { class: 'req' }, ' *') : null),
    );
    return {
      element: wrap(control, { inline: true }),
      read() {
        if (mustConfirm && !box.checked) return required ? fail('请勾选确认') : ok(undefined);
        return ok(box.checked);
      },
    };
  }

  if (type === 'array' && isEnumArray(schema)) {
    const options = enumOptions(schema.items, ctx.labels);
    const boxes = options.map((o) => {
      const boxId = `${id}-${uid++}`;
      const box = h('input', { id: boxId, type: 'checkbox', value: String(o.value), name: path });
      return { box, o, el: h('label', { class: 'check', for: boxId }, box, h('span', null, o.label)) };
    });
    // A catalog-wide enum (e.g. every material code) with names only for what this case mentions: the named
    // ones first, the bare codes folded away (the server still refuses a code that does not apply).
    const named = boxes.filter((b) => b.o.named);
    const fold = named.length > 0 && named.length < boxes.length;
    const group = h(
      'div',
      { class: 'checks', role: 'group', 'aria-labelledby': `${id}-label`, 'aria-describedby': `${id}-err` },
      (fold ? named : boxes).map((b) => b.el),
      fold
        ? h(
            'details',
            { class: 'more-options' },
            h('summary', null, `其他选项（${boxes.length - named.length}）`),
            h(
              'div',
              { class: 'checks-inner' },
              boxes.filter((b) => !b.o.named).map((b) => b.el),
            ),
          )
        : null,
    );
    return {
      element: wrap(group, { group: true }),
      read() {
        const values = boxes.filter((b) => b.box.checked).map((b) => b.o.value);
        if (!values.length) return required ? fail('请至少选择一项') : ok(undefined);
        if (schema.minItems && values.length < schema.minItems) return fail(`请至少选择 ${schema.minItems} 项`);
        if (schema.maxItems && values.length > schema.maxItems) return fail(`最多选择 ${schema.maxItems} 项`);
        return ok(values);
      },
    };
  }

  if (type === 'array' && schema.items && (schema.items.type === 'object' || schema.items.properties)) {
    const rows = [];
    const list = h('div', { class: 'rows' });
    const addRow = () => {
      const index = rows.length;
      const rowFields = objectFields(schema.items, `${path}[${index}]`, ctx);
      const row = {
        fields: rowFields,
        el: h('fieldset', { class: 'row-group' }, h('legend', null, `第 ${index + 1} 项`), rowFields.element),
      };
      const remove = h('button', { type: 'button', class: 'btn btn-small btn-ghost' }, '删除');
      remove.addEventListener('click', () => {
        rows.splice(rows.indexOf(row), 1);
        row.el.remove();
      });
      row.el.appendChild(remove);
      rows.push(row);
      list.appendChild(row.el);
    };
    const add = h('button', { type: 'button', class: 'btn btn-small' }, '添加一项');
    add.addEventListener('click', addRow);
    if (required || schema.minItems) addRow();
    return {
      element: wrap(h('div', null, list, add), { group: true }),
      read() {
        const results = rows.map((r) => r.fields.read());
        const errors = results.flatMap((r) => r.errors);
        const values = results.map((r) => r.value).filter((v) => v !== undefined);
        if (errors.length) return { value: undefined, errors };
        if (!values.length) return required ? fail('请至少添加一项') : ok(undefined);
        return ok(values);
      },
    };
  }

  if (type === 'array' && schema.items && (schema.items.type === 'string' || !schema.items.type)) {
    const area = h('textarea', { id, name: path, rows: 3, 'aria-describedby': `${id}-err` });
    const hint = h('div', { class: 'field-hint' }, '每行一项');
    return {
      element: wrap(h('div', null, area, hint)),
      read() {
        const values = area.value
          .split('\n')
          .map((s) => s.trim())
          .filter(Boolean);
        if (!values.length) return required ? fail('请至少填写一项') : ok(undefined);
        return ok([...new Set(values)]);
      },
    };
  }

  if (type === 'object' || schema.properties) {
    const inner = objectFields(schema, path, ctx);
    return {
      element: wrap(h('fieldset', { class: 'nested' }, inner.element), { group: true }),
      read() {
        const r = inner.read();
        if (r.errors.length) return r;
        const empty = r.value && Object.keys(r.value).length === 0;
        return empty && !required ? ok(undefined) : r;
      },
    };
  }

  // Not a shape the generator knows: JSON, validated by the server against the same schema.
  const area = h('textarea', { id, name: path, rows: 4, class: 'mono', 'aria-describedby': `${id}-err` });
  return {
    element: wrap(h('div', null, area, h('div', { class: 'field-hint' }, 'JSON 格式'))),
    read() {
      if (!area.value.trim()) return required ? fail('请填写') : ok(undefined);
      try {
        return ok(JSON.parse(area.value));
      } catch {
        return fail('不是有效的 JSON');
      }
    },
  };
}

function objectFields(schema, path, ctx) {
  const properties = schema.properties || {};
  const required = new Set(schema.required || []);
  const children = Object.entries(properties).map(([name, child]) => ({
    name,
    f: field(child, path ? `${path}.${name}` : name, name, required.has(name), ctx),
  }));
  return {
    element: h(
      'div',
      { class: 'fields' },
      children.map((c) => c.f.element),
    ),
    read() {
      const value = {};
      const errors = [];
      for (const c of children) {
        const r = c.f.read();
        errors.push(...r.errors);
        if (r.value !== undefined) value[c.name] = r.value;
      }
      return { value, errors };
    },
  };
}

/** The field an error path belongs to: itself, or the nearest registered parent ('a[0].b' → 'a[0]' → 'a'). */
function findEntry(registry, path) {
  let p = String(path).replace(/^payload\.?/, '');
  while (p) {
    const hit = registry.find((e) => e.path === p);
    if (hit) return hit;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return null;
}

function build(schema, opts = {}) {
  const ctx = { registry: [], labels: opts.labels || {} };
  const root = objectFields(
    schema && (schema.properties || schema.type === 'object') ? schema : { properties: {} },
    '',
    ctx,
  );
  const clearErrors = () => {
    for (const e of ctx.registry) {
      e.error.textContent = '';
      if (e.wrapper) e.wrapper.classList.remove('has-error');
    }
  };
  return {
    element: root.element,
    empty: ctx.registry.length === 0,
    read() {
      clearErrors();
      const r = root.read();
      this.showErrors(r.errors);
      return r;
    },
    clearErrors,
    /** Shows errors beside their fields; returns them with zh-CN labels (a path the form lacks is named generically). */
    showErrors(errors) {
      return errors.map((fieldError) => {
        const entry = findEntry(ctx.registry, fieldError.field);
        if (!entry) return { ...fieldError, label: fieldError.label || '提交的内容' }; // never a field path
        entry.error.textContent = fieldError.message;
        if (entry.wrapper) entry.wrapper.classList.add('has-error');
        return { ...fieldError, label: entry.label };
      });
    },
  };
}

/**
 * Display names for codes found in the case's own data, for enums whose schema carries none
 * (e.g. material codes): any { code, name } object, and any map of code → { name }.
 */
function harvestLabels(data, out = {}, depth = 0) {
  if (!data || typeof data !== 'object' || depth > 6) return out;
  if (Array.isArray(data)) {
    for (const x of data) harvestLabels(x, out, depth + 1);
    return out;
  }
  if (typeof data.code === 'string' && typeof data.name === 'string' && !out[data.code]) out[data.code] = data.name;
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === 'object' && !Array.isArray(v) && typeof v.name === 'string' && !out[k] && /^[a-z]/.test(k)) {
      out[k] = v.name;
    }
    harvestLabels(v, out, depth + 1);
  }
  return out;
}

export const schemaForm = { build, harvestLabels };

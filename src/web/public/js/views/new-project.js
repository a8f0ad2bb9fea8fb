// @ts-check
/**
 * 申报新项目 (POST /api/projects): category, investor and land facts, the project's flags (工业项目,
 * 特殊建设工程, 人防), the fast-track practices, acceptance sections, and under 容缺受理 the materials not yet
 * available per item, chosen from the catalog's tolerance lists (GET /api/catalog/filing-items). A steward or
 * window clerk picks the enterprise by name (GET /api/enterprises?q=). The main form is generated like the
 * action forms, from a schema whose allowed values come from the API's own OpenAPI document (CreateProjectDto
 * enums), with zh-CN labels. What is typed is kept as a draft until the filing is sent (draft.js).
 */
import { api } from '../api.js';
import { keepDraft } from '../draft.js';
import { enterprisePicker } from '../enterprise-picker.js';
import { entries, label } from '../labels.js';
import { navigate } from '../router.js';
import { schemaForm } from '../schema-form.js';
import { alertBox, append, clear, h, link, toast } from '../util.js';

/** Names of the request's own fields in messages (the form's fields name themselves). */
const OWN_FIELDS = { enterpriseId: '建设单位', missingMaterials: '容缺材料' };

/** Where each enumerated field's names come from (GET /api/labels). */
/** @type {Record<string, keyof import('../types.js').Labels>} */
const LABEL_KINDS = {
  category: 'projectCategories',
  investorType: 'investorTypes',
  landSupplyMode: 'landSupplyModes',
  civilDefense: 'civilDefense',
};

/** The values a CreateProjectDto property accepts (/api/openapi.json), else the labels' codes. */
function acceptedValues(doc, prop) {
  const schema = doc && doc.components && doc.components.schemas && doc.components.schemas.CreateProjectDto;
  const p = schema && schema.properties && schema.properties[prop];
  return p && Array.isArray(p.enum) ? p.enum : entries(LABEL_KINDS[prop]).map(([code]) => code);
}

const LIMITS = ['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems'];

/**
 * A field with the limits the server serves for it (/api/openapi.json; `schemaName`'s property `prop`) over the
 * form's own, so the form refuses what the server would.
 */
function served(doc, schemaName, prop, field) {
  const schema = doc && doc.components && doc.components.schemas && doc.components.schemas[schemaName];
  const p = (schema && schema.properties && schema.properties[prop]) || {};
  return { ...field, ...Object.fromEntries(LIMITS.filter((k) => typeof p[k] === 'number').map((k) => [k, p[k]])) };
}

/** An enumerated field: the values the server accepts, named by the served labels. */
function enumField(doc, prop, description) {
  const values = acceptedValues(doc, prop);
  const names = Object.fromEntries(values.map((v) => [v, label(LABEL_KINDS[prop], v)]));
  return { type: 'string', enum: values, 'x-enumLabels': names, description };
}

export async function newProject(main) {
  const user = api.session.get().user;
  let doc = null;
  try {
    doc = (await api.request('GET', '/api/openapi.json', { anonymous: true })).body;
  } catch {
    doc = null; // the served labels' codes stand in for the accepted values
  }
  const properties = {
    name: served(doc, 'CreateProjectDto', 'name', {
      type: 'string',
      minLength: 2,
      maxLength: 200,
      description: '项目名称',
    }),
    category: enumField(doc, 'category', '项目类别（湖北 80/60/40 分类）'),
    investorType: enumField(doc, 'investorType', '投资类型'),
    landSupplyMode: enumField(doc, 'landSupplyMode', '供地方式'),
    investmentAmount: served(doc, 'CreateProjectDto', 'investmentAmount', {
      type: 'number',
      minimum: 0.01,
      description: '总投资（万元）',
    }),
    practices: {
      type: 'object',
      description: '申请适用的改革举措',
      properties: {
        tolerance: { type: 'boolean', description: '容缺受理（非核心材料可后补，须签署承诺书）' },
        notifyCommit: { type: 'boolean', description: '告知承诺制（先建后验）' },
        foundationFirst: { type: 'boolean', description: '桩基先行（先行核发桩基阶段施工许可）' },
        jointIssuance: { type: 'boolean', description: '多证联发（六证联发）' },
        stagedAcceptance: { type: 'boolean', description: '分段竣工验收（须申报验收分段）' },
      },
      required: ['tolerance', 'notifyCommit', 'foundationFirst', 'jointIssuance', 'stagedAcceptance'],
    },
    sections: served(doc, 'CreateProjectDto', 'sections', {
      type: 'array',
      description: '验收分段（单位工程/单项工程，分段竣工验收时必填）',
      items: {
        type: 'object',
        properties: {
          name: served(doc, 'SectionDto', 'name', {
            type: 'string',
            minLength: 1,
            maxLength: 100,
            description: '分段名称，如 炭化车间',
          }),
          area: served(doc, 'SectionDto', 'area', { type: 'number', minimum: 0, description: '建筑面积（㎡）' }),
        },
        required: ['name'],
      },
    }),
    industrial: { type: 'boolean', description: '工业项目（六证联发；生产性厂房免建人防工程）' },
    specialConstruction: {
      type: 'boolean',
      description: '特殊建设工程（住建部令第51号：须消防设计审查和消防验收，其他工程办理消防验收备案）',
    },
    civilDefense: enumField(doc, 'civilDefense', '人防（不选：工业项目免建，其他项目修建防空地下室）'),
    permittedFloorArea: served(doc, 'CreateProjectDto', 'permittedFloorArea', {
      type: 'number',
      minimum: 0,
      description: '规划许可总建筑面积（㎡，可选）',
    }),
    requiredGreenRatio: served(doc, 'CreateProjectDto', 'requiredGreenRatio', {
      type: 'number',
      minimum: 0,
      maximum: 1,
      description: '规划要求绿地率（0–1，可选）',
    }),
  };
  const required = ['name', 'category', 'investorType', 'landSupplyMode', 'investmentAmount', 'practices'];
  const form = schemaForm.build({ type: 'object', properties, required });
  const picker = user.role === 'enterprise' ? null : enterprisePicker();
  const tolerance = tolerancePicker();
  const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交申报');
  const el = h(
    'form',
    { class: 'schema-form', novalidate: true, id: 'new-project-form' },
    picker ? picker.element : null,
    form.element,
    tolerance.element,
    message,
    h('div', { class: 'form-actions' }, submit, link('/projects', '取消', { class: 'btn btn-ghost' })),
  );
  let idempotencyKey = api.newKey();
  const draft = keepDraft(el, 'new-project');
  /** The flags and the 容缺 switch as the form holds them now. */
  const choices = () => {
    const box = (name) => {
      const c = el.querySelector(`input[name="${name}"]`);
      return c instanceof HTMLInputElement && c.checked;
    };
    const select = el.querySelector('select[name="civilDefense"]');
    return {
      tolerance: box('practices.tolerance'),
      industrial: box('industrial'),
      specialConstruction: box('specialConstruction'),
      civilDefense: select instanceof HTMLSelectElement ? select.value : '',
    };
  };
  const refreshTolerance = () => tolerance.show(choices(), (root) => draft.restore(root));
  el.addEventListener('change', (e) => {
    const name = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement ? e.target.name : '';
    if (['practices.tolerance', 'industrial', 'specialConstruction', 'civilDefense'].includes(name)) refreshTolerance();
  });

  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const { value, errors } = form.read();
    if (picker) {
      const enterpriseId = picker.value();
      if (enterpriseId) value.enterpriseId = enterpriseId;
      else errors.push({ field: 'enterpriseId', label: '建设单位', message: '请选择建设单位' });
    }
    const missing = choices().tolerance ? tolerance.value() : {};
    if (Object.keys(missing).length) value.missingMaterials = missing;
    if (errors.length) {
      message.appendChild(alertBox(`请检查：${errors.map((x) => `${x.label}（${x.message}）`).join('；')}`));
      return;
    }
    submit.disabled = true;
    try {
      const res = await api.request('POST', '/api/projects', {
        body: value,
        idempotencyKey,
      });
      draft.clear();
      toast(`项目已申报：${res.body.code || res.body.name}`, 'success');
      navigate(`/projects/${res.body.id}`);
    } catch (err) {
      if (err.status !== 0) idempotencyKey = api.newKey(); // a network failure retries with the same key
      const fields = err.fieldErrors.map((f) => ({
        ...f,
        field: f.field.replace(/\.(\d+)(?=\.|$)/g, '[$1]'),
        label: OWN_FIELDS[f.field.split('.')[0]],
      }));
      if (fields.length) {
        const shown = form.showErrors(fields);
        message.appendChild(alertBox(`填写有误：${shown.map((f) => `${f.label}（${f.message}）`).join('；')}`));
      } else {
        message.appendChild(alertBox(err.zhMessage));
      }
    } finally {
      submit.disabled = false;
    }
  });

  append(main, [
    h('div', { class: 'page-head' }, h('h1', null, '申报新项目')),
    h(
      'section',
      { class: 'card' },
      h(
        'p',
        { class: 'muted' },
        '提交后系统将创建项目案件，立项用地规划许可阶段的事项进入综合窗口受理。标 * 为必填项。',
      ),
      draft.found
        ? h('div', { class: 'alert alert-info', id: 'draft-restored' }, '已恢复您上次未提交的填写内容')
        : null,
      el,
    ),
  ]);
  if (draft.found) draft.restore();
  refreshTolerance();
}

/**
 * 容缺受理 at filing: per item that allows it, the materials on its tolerance list (容缺清单) that are not yet
 * available. Shown while 容缺受理 is ticked, for the items the project's flags choose.
 */
function tolerancePicker() {
  const body = h('div', { class: 'tolerance-items' });
  const element = h(
    'fieldset',
    { class: 'tolerance-picker', id: 'tolerance-picker', hidden: true },
    h('legend', null, '容缺材料（暂缺、承诺后补的非核心材料）'),
    h('p', { class: 'field-hint' }, '只列出各事项容缺清单上的材料；核心材料须齐全。未勾选的材料视为已提交。'),
    body,
  );
  let asked = 0;
  return {
    element,
    /**
     * @param {{ tolerance: boolean, industrial: boolean, specialConstruction: boolean, civilDefense: string }} c
     * @param {(root: HTMLElement) => void} restore  puts a draft's ticks back once the boxes exist
     */
    async show(c, restore) {
      const seq = ++asked;
      element.hidden = !c.tolerance;
      if (!c.tolerance) return;
      clear(body).append(h('p', { class: 'loading' }, '正在加载容缺清单…'));
      let items;
      try {
        items = await api.get('/api/catalog/filing-items', {
          industrial: String(c.industrial),
          specialConstruction: String(c.specialConstruction),
          civilDefense: c.civilDefense || undefined,
        });
      } catch (err) {
        if (seq === asked) clear(body).append(alertBox(err.zhMessage));
        return;
      }
      if (seq !== asked) return;
      clear(body);
      const offered = items
        .filter((i) => i.toleranceAllowed)
        .map((i) => ({ ...i, materials: i.materials.filter((m) => m.tolerable) }))
        .filter((i) => i.materials.length);
      if (!offered.length) body.append(h('p', { class: 'muted' }, '本项目的事项没有可容缺的材料'));
      for (const item of offered) {
        body.append(
          h(
            'div',
            { class: 'tolerance-item', dataset: { item: item.code } },
            h(
              'div',
              { class: 'tolerance-item-name' },
              item.name,
              h('span', { class: 'muted small' }, ` · ${item.department.name}`),
            ),
            item.materials.map((m) => {
              const boxId = `missing-${item.code}-${m.code}`;
              return h(
                'label',
                { class: 'check', for: boxId },
                h('input', { type: 'checkbox', id: boxId, name: `missingMaterials.${item.code}`, value: m.code }),
                h('span', null, m.name, m.form ? h('span', { class: 'muted small' }, `（${m.form}）`) : null),
              );
            }),
          ),
        );
      }
      restore(body);
    },
    /** { itemCode: [materialCode] } of the ticked boxes. @returns {Record<string, string[]>} */
    value() {
      /** @type {Record<string, string[]>} */
      const out = {};
      for (const box of element.querySelectorAll('input[type=checkbox]:checked')) {
        if (!(box instanceof HTMLInputElement)) continue;
        const item = box.name.slice('missingMaterials.'.length);
        (out[item] = out[item] || []).push(box.value);
      }
      return out;
    },
  };
}

// @ts-check
/**
 * 申报新项目 (POST /api/projects): category, investor and land facts, the fast-track practices, acceptance
 * sections. The form is generated like the action forms, from a schema whose allowed values come from the
 * API's own OpenAPI document (CreateProjectDto enums), with zh-CN labels.
 */
import { api } from '../api.js';
import { navigate } from '../router.js';
import { schemaForm } from '../schema-form.js';
import { alertBox, append, clear, h, link, toast } from '../util.js';

const FALLBACK = {
  category: {
    governmentInvested: '政府投资项目（≤80个工作日）',
    socialInvestment: '一般社会投资项目（≤60个工作日）',
    landWithDesignPlan: '带方案出让用地项目（≤40个工作日）',
    smallProject: '小型项目（≤40个工作日）',
  },
  investorType: {
    government: '政府投资',
    socialCapital: '社会投资（民间资本）',
    stateOwnedEnterprise: '国有企业投资',
    foreignCapital: '外商投资',
  },
  landSupplyMode: {
    withDesignPlan: '带方案出让',
    tenderAuctionListing: '招拍挂出让',
    allocation: '划拨',
    existingLand: '存量（自有）用地',
  },
};

/** Enum values (and 'code: 名称' labels) of a CreateProjectDto property in /api/openapi.json. */
function fromOpenApi(doc, prop) {
  const schema = doc && doc.components && doc.components.schemas && doc.components.schemas.CreateProjectDto;
  const p = schema && schema.properties && schema.properties[prop];
  if (!p || !Array.isArray(p.enum)) return null;
  const labels = {};
  for (const part of String(p.description || '').split(/;\s*/)) {
    const m = /^([A-Za-z]\w*):\s*(.+)$/.exec(part.trim());
    if (m) labels[m[1]] = m[2].replace(/（(\d+)个工作日）/, '（≤$1个工作日）');
  }
  return { values: p.enum, labels };
}

function enumField(doc, prop, description) {
  const found = fromOpenApi(doc, prop);
  const values = found ? found.values : Object.keys(FALLBACK[prop]);
  const labels = {};
  for (const v of values) labels[v] = FALLBACK[prop][v] || (found && found.labels[v]) || v;
  return { type: 'string', enum: values, 'x-enumLabels': labels, description };
}

export async function newProject(main) {
  const user = api.session.get().user;
  let doc = null;
  try {
    doc = (await api.request('GET', '/api/openapi.json', { anonymous: true })).body;
  } catch {
    doc = null; // the labels above are enough
  }
  const properties = {
    name: { type: 'string', minLength: 2, maxLength: 200, description: '项目名称' },
    category: enumField(doc, 'category', '项目类别（湖北 80/60/40 分类）'),
    investorType: enumField(doc, 'investorType', '投资类型'),
    landSupplyMode: enumField(doc, 'landSupplyMode', '供地方式'),
    investmentAmount: { type: 'number', minimum: 0.01, description: '总投资（万元）' },
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
    sections: {
      type: 'array',
      description: '验收分段（单位工程/单项工程，分段竣工验收时必填）',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100, description: '分段名称，如 炭化车间' },
          area: { type: 'number', minimum: 0, description: '建筑面积（㎡）' },
        },
        required: ['name'],
      },
    },
    permittedFloorArea: { type: 'number', minimum: 0, description: '规划许可总建筑面积（㎡，可选）' },
    requiredGreenRatio: { type: 'number', minimum: 0, maximum: 1, description: '规划要求绿地率（0–1，可选）' },
  };
  const required = ['name', 'category', 'investorType', 'landSupplyMode', 'investmentAmount', 'practices'];
  if (user.role !== 'enterprise') {
    properties.enterpriseId = {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: '建设单位编号（代办时必填）',
    };
    required.push('enterpriseId');
  }
  const form = schemaForm.build({ type: 'object', properties, required });
  const message = h('div', { class: 'form-message', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, '提交申报');
  const el = h(
    'form',
    { class: 'schema-form', novalidate: true },
    form.element,
    message,
    h('div', { class: 'form-actions' }, submit, link('/projects', '取消', { class: 'btn btn-ghost' })),
  );
  let idempotencyKey = api.newKey();

  el.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(message);
    const { value, errors } = form.read();
    if (errors.length) {
      message.appendChild(alertBox(`请检查：${errors.map((x) => `${x.label}（${x.message}）`).join('；')}`));
      return;
    }
    submit.disabled = true;
    try {
      const res = await api.request('POST', '/api/projects', {
        body: value,
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      toast(`项目已申报：${res.body.code || res.body.name}`, 'success');
      navigate(`/projects/${res.body.id}`);
    } catch (err) {
      if (err.status !== 0) idempotencyKey = api.newKey(); // a network failure retries with the same key
      const fields = err.fieldErrors.map((f) => ({ ...f, field: f.field.replace(/\.(\d+)(?=\.|$)/g, '[$1]') }));
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
      el,
    ),
  ]);
}

// @ts-check
/**
 * 文书与证照 on the project page (issue #23), as an ES module: `documentsSection(project)` returns a <section>
 * with
 * - the project's notices (of the project case and of every item) and certificates in one list, each to download
 *   or print (its stored PDF), and the list itself printable (print CSS in /css/documents.css);
 * - 上传材料: a file for a material of one of the project's items that accepts one now;
 * - 容缺材料补交: for a 容缺 commitment awaiting its materials, upload and supply in one step (the server accepts a
 *   supply only with an uploaded file).
 * Its own element helper; the API through api.js like every view.
 */
import { api } from '../api.js';

/** @param {string} path */
const getJson = async (path) => api.get(path);

/** What to tell the user about a failure: the API's Chinese message, never a code or an exception's text. */
const failureText = (err) => (err && err.zhMessage) || '操作失败，请稍后重试';

/**
 * @param {string} tag
 * @param {Record<string, string | boolean | null | undefined | ((e: Event) => void)> | null} [attrs]
 * @param {...(Node | string | null | undefined | (Node | string | null | undefined)[])} children
 * @returns {HTMLElement}
 */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (typeof v === 'function') el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c);
  return el;
}

/** The print CSS, linked once. */
function linkStyles() {
  if (document.querySelector('link[data-documents-css]')) return;
  document.head.append(h('link', { rel: 'stylesheet', href: '/css/documents.css', 'data-documents-css': 'true' }));
}

/**
 * Fetches a PDF (with the session's token) and saves it, or opens it to print.
 * @param {string} path
 * @param {string} fileName
 * @param {'save' | 'print'} how
 */
async function openPdf(path, fileName, how) {
  const url = await api.fileUrl(path, 'application/pdf');
  if (how === 'print') {
    window.open(url, '_blank', 'noopener');
  } else {
    const a = h('a', { href: url, download: fileName });
    document.body.append(a);
    a.click();
    a.remove();
  }
  window.setTimeout(() => window.URL.revokeObjectURL(url), 60_000);
}

/**
 * @typedef {{ instanceId?: string | null, name: string, code: string }} ProjectItem
 * @typedef {{ id: string, name: string, case: { id: string }, stages?: { items?: ProjectItem[] }[] }} Project
 * @typedef {{ kind: string, title: string, number: string, itemName: string, issuedOn: string, status: string, path: string }} DocRow
 */

/**
 * @param {Project} project
 * @returns {ProjectItem[]}
 */
const itemsOf = (project) =>
  (project.stages || []).flatMap((s) => s.items || []).filter((i) => typeof i.instanceId === 'string');

/**
 * The notices of the project case and its items, and the project's certificates, as rows.
 * @param {Project} project
 * @returns {Promise<DocRow[]>}
 */
async function documentRows(project) {
  const cases = [
    { id: project.case.id, name: '项目' },
    ...itemsOf(project).map((i) => ({ id: String(i.instanceId), name: i.name })),
  ];
  const notices = await Promise.all(
    cases.map(async (c) =>
      /** @type {{ id: string, title: string, number: string, issuedOn: string }[]} */ (
        await getJson(`/api/cases/${encodeURIComponent(c.id)}/notices`).catch(() => [])
      ).map((n) => ({
        kind: '文书',
        title: n.title,
        number: n.number,
        itemName: c.name,
        issuedOn: n.issuedOn,
        status: '有效',
        path: `/api/cases/${encodeURIComponent(c.id)}/notices/${n.id}/pdf`,
      })),
    ),
  );
  /** @type {{ type: string, number: string, issuedOn: string, statusLabel: string, verificationCode: string }[]} */
  const certificates = await getJson(`/api/projects/${encodeURIComponent(project.id)}/certificates`).catch(() => []);
  const rows = [
    ...notices.flat(),
    ...certificates.map((c) => ({
      kind: '证照',
      title: c.type,
      number: c.number,
      itemName: '项目',
      issuedOn: c.issuedOn,
      status: c.statusLabel,
      path: `/api/projects/${encodeURIComponent(project.id)}/certificates/${c.verificationCode}/pdf`,
    })),
  ];
  return rows.sort((a, b) => a.issuedOn.localeCompare(b.issuedOn) || a.number.localeCompare(b.number));
}

/**
 * @param {DocRow[]} rows
 * @param {(message: string, error?: boolean) => void} say
 */
function documentsTable(rows, say) {
  if (!rows.length) return h('p', { class: 'empty' }, '暂无文书或证照');
  const head = ['类别', '名称', '文号/编号', '事项', '日期', '状态', ''];
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'table documents-table' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            h('td', null, r.kind),
            h('td', null, r.title),
            h('td', { class: 'mono' }, r.number),
            h('td', null, r.itemName),
            h('td', { class: 'nowrap' }, r.issuedOn),
            h('td', null, r.status),
            h(
              'td',
              { class: 'nowrap no-print' },
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  onclick: () => openPdf(r.path, `${r.number}.pdf`, 'save').catch((e) => say(failureText(e), true)),
                },
                '下载',
              ),
              ' ',
              h(
                'button',
                {
                  type: 'button',
                  class: 'btn btn-small',
                  onclick: () => openPdf(r.path, `${r.number}.pdf`, 'print').catch((e) => say(failureText(e), true)),
                },
                '打印',
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

/** Each item's case view read once per load (null when unreadable), for the supply and the upload forms. */
function caseReader() {
  /** @type {Map<string, Promise<any>>} */
  const read = new Map();
  return (/** @type {string} */ id) => {
    if (!read.has(id))
      read.set(
        id,
        getJson(`/api/cases/${encodeURIComponent(id)}`).catch(() => null),
      );
    return /** @type {Promise<any>} */ (read.get(id));
  };
}

/**
 * Uploads a file for a material of a case.
 * @param {string} caseId
 * @param {string} materialCode
 * @param {File} file
 */
async function upload(caseId, materialCode, file) {
  const form = new FormData();
  form.append('materialCode', materialCode);
  form.append('file', file, file.name);
  return (await api.request('POST', `/api/cases/${encodeURIComponent(caseId)}/materials`, { form })).body;
}

/**
 * 上传材料: item, material, file, for the items whose case view offers an upload (CaseView.upload: the rule the
 * upload route refuses by); nothing when none does.
 * @param {Project} project
 * @param {(message: string, error?: boolean) => void} say
 * @param {(id: string) => Promise<any>} itemCase
 */
async function uploadForm(project, say, itemCase) {
  const offers = await Promise.all(
    itemsOf(project).map(async (i) => {
      const c = await itemCase(String(i.instanceId));
      return c && c.upload && c.upload.allowed ? i : null;
    }),
  );
  const items = /** @type {ProjectItem[]} */ (offers.filter((i) => i !== null));
  if (!items.length) return null;
  const itemSelect = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { name: 'instanceId', 'aria-label': '审批事项' },
      items.map((i) => h('option', { value: String(i.instanceId) }, i.name)),
    )
  );
  const materialSelect = /** @type {HTMLSelectElement} */ (h('select', { name: 'materialCode', 'aria-label': '材料' }));
  const fileInput = /** @type {HTMLInputElement} */ (
    h('input', { type: 'file', name: 'file', accept: '.pdf,.jpg,.jpeg,.png,.ofd', 'aria-label': '文件' })
  );
  const loadMaterials = async () => {
    materialSelect.replaceChildren();
    const c = await getJson(`/api/cases/${encodeURIComponent(itemSelect.value)}`).catch(() => null);
    const materials = (c && c.data && c.data.item && c.data.item.materials) || [];
    for (const m of materials) materialSelect.append(h('option', { value: m.code }, m.name));
  };
  itemSelect.addEventListener('change', () => void loadMaterials());
  void loadMaterials();
  return h(
    'form',
    {
      class: 'documents-upload no-print',
      onsubmit: async (e) => {
        e.preventDefault();
        const file = fileInput.files && fileInput.files[0];
        if (!file) return say('请选择要上传的文件', true);
        try {
          const saved = await upload(itemSelect.value, materialSelect.value, file);
          say(`已上传：${saved.materialName || ''} ${saved.fileName}`);
          fileInput.value = '';
        } catch (err) {
          say(failureText(err), true);
        }
      },
    },
    h('h3', { class: 'sub-title' }, '上传材料'),
    itemSelect,
    ' ',
    materialSelect,
    ' ',
    fileInput,
    ' ',
    h('button', { type: 'submit', class: 'btn btn-primary' }, '上传'),
  );
}

/**
 * A commitment's view with the ETag it was read at, and its SUPPLY_MATERIAL offer (undefined: not offered).
 * @param {string} id
 */
async function commitmentOffer(id) {
  const res = await api.request('GET', `/api/cases/${encodeURIComponent(id)}`);
  const view = res.body;
  const supply = ((view && view.allowedEvents) || []).find(
    (/** @type {{ type: string }} */ e) => e.type === 'SUPPLY_MATERIAL',
  );
  return { view, etag: res.headers.get('ETag') || `"${view.seq}"`, supply };
}

/** The sequence number of an ETag ("12" → 12). @param {string} etag */
const seqOf = (etag) => Number(etag.replace(/\D/g, ''));

/**
 * The materials a supply offer lets through now (its payload schema's choices for `material`).
 * @param {{ payloadSchema?: { properties?: Record<string, { oneOf?: { const: string }[], enum?: string[] }> } }} offer
 * @returns {string[]}
 */
function offeredMaterials(offer) {
  const field = offer.payloadSchema && offer.payloadSchema.properties && offer.payloadSchema.properties.material;
  if (!field) return [];
  return field.oneOf ? field.oneOf.map((o) => o.const) : field.enum || [];
}

/**
 * 容缺材料补交: for each 容缺 commitment of the project's items that offers SUPPLY_MATERIAL, a row per awaited
 * material with a file input and one button that uploads the file and supplies the material.
 * The offer is the server's word: its disabledReason is shown (the files rule's reason names what to upload,
 * which is what the row does); after the upload the offer is read again and the supply is sent only if it now
 * lists the material and the case is the version the user saw plus the upload, with If-Match at that version, so
 * a case another clerk moved is told in Chinese (never a code) and the list is reloaded.
 * @param {Project} project
 * @param {(message: string, error?: boolean) => void} say
 * @param {() => void} reload
 * @param {(id: string) => Promise<any>} itemCase
 */
async function supplyForms(project, say, reload, itemCase) {
  const rows = [];
  /** @type {string[]} */
  const reasons = [];
  for (const item of itemsOf(project)) {
    const c = await itemCase(String(item.instanceId));
    const commitments = ((c && c.children) || []).filter(
      (/** @type {{ definitionId: string, status: string }} */ x) =>
        x.definitionId === 'tolerance-commitment' && x.status === 'active',
    );
    for (const commitment of commitments) {
      const tc = await commitmentOffer(commitment.id).catch(() => null);
      if (!tc || !tc.supply) continue;
      /** @type {Record<string, { name: string, status: string }>} */
      const missing = (tc.view.data && tc.view.data.missing) || {};
      const awaited = Object.entries(missing).filter(([, m]) => m.status === 'missing');
      if (tc.supply.disabledReason) {
        reasons.push(`${item.name}：${tc.supply.disabledReason}`);
        // The files rule disables the offer only while no awaited material has a file (of the commitment or
        // its item); with a file already there the reason is another, which uploading cannot cure: offer nothing.
        const files = await Promise.all(
          [commitment.id, String(item.instanceId)].map((id) =>
            getJson(`/api/cases/${encodeURIComponent(id)}/materials`).catch(() => []),
          ),
        );
        const withFile = new Set(files.flat().map((/** @type {{ materialCode: string }} */ f) => f.materialCode));
        if (awaited.some(([code]) => withFile.has(code))) continue;
      }
      // A material the offer lists has its file already: it can be supplied without another upload.
      const ready = tc.supply.disabledReason ? [] : offeredMaterials(tc.supply);
      for (const [code, m] of awaited) {
        rows.push({
          item,
          commitmentId: commitment.id,
          etag: tc.etag,
          code,
          name: m.name,
          hasFile: ready.includes(code),
        });
      }
    }
  }
  if (!rows.length && !reasons.length) return null;
  return h(
    'div',
    { class: 'documents-supply no-print' },
    h('h3', { class: 'sub-title' }, '容缺材料补交'),
    reasons.map((r) => h('p', { class: 'supply-reason muted' }, r)),
    rows.map((r) => {
      const file = /** @type {HTMLInputElement} */ (
        h('input', {
          type: 'file',
          accept: '.pdf,.jpg,.jpeg,.png,.ofd',
          required: !r.hasFile,
          'aria-label': `${r.name}文件`,
        })
      );
      // Kept across a network failure (the server then answers the first outcome), replaced once it answered.
      let idempotencyKey = api.newKey();
      return h(
        'form',
        {
          class: 'supply-form',
          'data-material': r.code,
          onsubmit: async (e) => {
            e.preventDefault();
            const chosen = file.files && file.files[0];
            if (!chosen && !r.hasFile) return say('请选择要上传的文件', true);
            try {
              // An upload is itself recorded on the case: expected is the version seen plus that upload;
              // anything else means someone moved the case meanwhile.
              const expected = chosen ? (await upload(r.commitmentId, r.code, chosen)).eventSeq : seqOf(r.etag);
              const fresh = await commitmentOffer(r.commitmentId);
              if (expected !== seqOf(r.etag) + (chosen ? 1 : 0) || fresh.etag !== `"${expected}"`) {
                say(`${chosen ? '文件已上传，但' : ''}案件已被他人更新，已为您载入最新内容，请核对后再补交`, true);
                return reload();
              }
              if (!fresh.supply || fresh.supply.disabledReason || !offeredMaterials(fresh.supply).includes(r.code)) {
                say(
                  `${chosen ? '文件已上传，' : ''}暂不能补交：${(fresh.supply && fresh.supply.disabledReason) || '当前状态下不能补交该材料'}`,
                  true,
                );
                return reload();
              }
              await api.request('POST', `/api/cases/${encodeURIComponent(r.commitmentId)}/events`, {
                body: { type: 'SUPPLY_MATERIAL', payload: { material: r.code } },
                idempotencyKey,
                ifMatch: fresh.etag,
              });
              say(`已补交：${r.name}`);
              reload();
            } catch (err) {
              if (err && err.status !== 0) idempotencyKey = api.newKey();
              if (err && err.isStaleEdit) {
                say('案件已被他人更新，已为您载入最新内容，请核对后再补交', true);
                return reload();
              }
              say(failureText(err), true);
              if (err && err.code === 'EVENT_NOT_ALLOWED') reload();
            }
          },
        },
        h('span', null, `${r.item.name}：${r.name}`),
        ' ',
        file,
        ' ',
        h('button', { type: 'submit', class: 'btn btn-primary' }, r.hasFile ? '补交' : '上传并补交'),
      );
    }),
  );
}

/**
 * The 文书与证照 card of a project page.
 * @param {Project} project
 * @returns {HTMLElement}
 */
export function documentsSection(project) {
  linkStyles();
  const message = h('p', { class: 'documents-message', role: 'status' });
  /** @type {(text: string, error?: boolean) => void} */
  const say = (text, error = false) => {
    message.textContent = text;
    message.className = `documents-message alert ${error ? 'alert-error' : 'alert-success'}`;
  };
  const list = h('div', { class: 'documents-list' }, h('p', { class: 'muted' }, '正在加载…'));
  const supply = h('div', null);
  const uploads = h('div', null);
  const load = async () => {
    try {
      list.replaceChildren(documentsTable(await documentRows(project), say));
      const itemCase = caseReader();
      supply.replaceChildren(
        ...[await supplyForms(project, say, () => void load(), itemCase)].filter((x) => x !== null),
      );
      uploads.replaceChildren(...[await uploadForm(project, say, itemCase)].filter((x) => x !== null));
    } catch (err) {
      say(failureText(err), true);
    }
  };
  void load();
  return h(
    'section',
    { class: 'card documents-print', 'aria-label': '文书与证照' },
    h(
      'div',
      { class: 'card-title documents-head' },
      h('h2', null, '文书与证照'),
      h('button', { type: 'button', class: 'btn btn-small no-print', onclick: () => window.print() }, '打印清单'),
    ),
    h('p', { class: 'print-only' }, `项目：${project.name}`),
    message,
    list,
    supply,
    uploads,
  );
}

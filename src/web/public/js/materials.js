// @ts-check
/**
 * 材料文件 on the case page of an item: the files uploaded for its materials (download), and an upload form
 * (material + file) when the case view offers it (CaseView.upload), else its reason. The server checks the file;
 * its Chinese message is shown.
 */
import { api } from './api.js';
import { alertBox, append, clear, fmtTime, h, section, table } from './util.js';

const size = (n) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

async function upload(caseId, materialCode, file) {
  const form = new window.FormData();
  form.append('materialCode', materialCode);
  form.append('file', file, file.name);
  return (await api.request('POST', `/api/cases/${encodeURIComponent(caseId)}/materials`, { form })).body;
}

const download = (caseId, f) =>
  api.saveFile(`/api/cases/${encodeURIComponent(caseId)}/materials/${encodeURIComponent(f.id)}`, f.fileName);

/** The card, or null for a case that is not an item (no materials). */
export function materialsCard(c, reload) {
  const item = c.data && c.data.item;
  if (!item || !Array.isArray(item.materials)) return null;
  const card = section('材料文件', h('p', { class: 'muted small' }, '正在加载…'));
  // The server's word (the rule the upload route refuses by): offered only when it accepts.
  const offer = c.upload || { allowed: false, reason: null };

  api
    .get(`/api/cases/${encodeURIComponent(c.id)}/materials`)
    .then((files) => {
      card.querySelector('p.muted')?.remove();
      const errorSlot = h('div');
      const show = (err) => {
        clear(errorSlot);
        errorSlot.appendChild(alertBox(err.zhMessage || '操作失败'));
      };
      append(card, [
        files.length
          ? table(
              [
                { title: '材料', cell: (f) => f.materialName || '—' },
                { title: '文件', cell: (f) => f.fileName },
                { title: '大小', class: 'nowrap', cell: (f) => size(f.size) },
                { title: '上传时间', class: 'nowrap', cell: (f) => fmtTime(f.uploadedAt) },
                {
                  title: '',
                  cell: (f) =>
                    h('button', { type: 'button', class: 'btn', onclick: () => download(c.id, f).catch(show) }, '下载'),
                },
              ],
              files,
            )
          : h('p', { class: 'empty' }, '尚未上传材料文件。'),
        errorSlot,
        offer.allowed
          ? uploadForm(c, item.materials, show, reload)
          : offer.reason
            ? h('p', { class: 'muted small upload-refused' }, offer.reason)
            : null,
      ]);
    })
    .catch((err) => card.appendChild(alertBox(err.zhMessage)));
  return card;
}

function uploadForm(c, materials, show, reload) {
  const select = h(
    'select',
    { name: 'materialCode', required: true },
    materials.map((m) => h('option', { value: m.code }, m.name)),
  );
  const input = h('input', { type: 'file', name: 'file', required: true, accept: '.pdf,.jpg,.jpeg,.png,.ofd' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary' }, '上传');
  return h(
    'form',
    {
      class: 'upload-form',
      onsubmit: async (e) => {
        e.preventDefault();
        const file = input.files && input.files[0];
        if (!file) return;
        button.disabled = true;
        try {
          await upload(c.id, select.value, file);
          await reload('材料已上传', 'success');
        } catch (err) {
          show(err);
        } finally {
          button.disabled = false;
        }
      },
    },
    h('label', null, '材料 ', select),
    h('label', null, '文件（PDF、JPEG、PNG、OFD）', input),
    button,
  );
}

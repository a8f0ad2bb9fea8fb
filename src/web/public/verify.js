// @ts-check
// Beside verify.html, not in js/: the public page loads only this, none of the signed-in UI.
/**
 * 电子证照核验 (public, no login): /verify.html?code=… asks GET /api/verify/{code} and shows what a bank or an
 * inspector needs — type, number, holder, project, issue date, status and the document's hash.
 */
const result = document.getElementById('result');
const el = (tag, attrs, text) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
};
const show = (...nodes) => {
  result.replaceChildren(...nodes);
};

const code = new window.URLSearchParams(window.location.search).get('code') || '';
if (!code) show(el('p', { class: 'bad' }, '缺少验证码。请扫描证照上的二维码打开本页。'));
else
  window
    .fetch(`/api/verify/${encodeURIComponent(code)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' })
    .then(async (res) => {
      const body = await res.json().catch(() => null);
      if (!res.ok || !body) {
        // The server's own Chinese reason (未找到…, 尝试过于频繁…); its code and English stay out of sight.
        const reason =
          body && typeof body.message === 'string' && /[\u4e00-\u9fff]/.test(body.message)
            ? body.message
            : '核验服务暂时不可用，请稍后再试。';
        show(el('p', { class: 'bad', id: 'verify-error' }, reason));
        return;
      }
      const dl = el('dl');
      for (const [label, value, cls] of [
        ['证照类型', body.type],
        ['证照编号', body.number],
        ['持证单位', body.holder],
        ['项目名称', body.projectName],
        ['发证日期', body.issuedOn],
        ['电子文件指纹（SHA-256，可与所持电子文件核对）', body.documentHash, 'hash'],
      ]) {
        dl.append(el('dt', {}, label), el('dd', cls ? { class: cls } : {}, value));
      }
      show(
        el('div', { class: `status status-${body.status}`, id: 'verify-status' }, body.statusLabel),
        el('p', { id: 'verify-note' }, body.statusNote || ''),
        dl,
      );
    })
    .catch(() => show(el('p', { class: 'bad' }, '网络连接失败，请稍后再试。')));

// @ts-check
/**
 * 证照: the joint issuance (联发), certificates issued with their status, and those pending. A revoked one says
 * so (已撤销, when and why) and shows the way back: the item's re-application (重新申报), which the project case
 * offers in 下一步办理 (nextActions with payload.itemCode).
 */
import { fmtTime, h, link, section, table } from '../../util.js';

/** '：理由' when the recorded reason is words for people; a code (e.g. 'revoked') is not shown. @param {unknown} r */
const zhReason = (r) => (typeof r === 'string' && /[\u4e00-\u9fff]/.test(r) ? `：${r}` : '');

/** @param {string} status */
export function certStatus(status) {
  return { valid: '已发证', revoked: '已撤销', lapsed: '已失效', notIssued: '未发证' }[status] || '—';
}

/**
 * The next step after a revocation: 去重新申报 when the caller can, else who will.
 * @param {Record<string, any>} cert  certificates.issued[i]
 * @param {Array<Record<string, any>>} nextActions
 */
export function wayBack(cert, nextActions) {
  const reapply = nextActions.find((a) => a.payload && a.payload.itemCode === cert.itemCode);
  if (!reapply) return h('span', { class: 'way-back muted' }, '下一步：待撤销原因消除后重新申报');
  // Only an action the server accepts now: a greyed one (disabledReason) is no way back yet.
  const mine = (reapply.yourEvents || []).some((e) => e.type === 'REAPPLY_ITEM' && !e.disabledReason);
  return h(
    'span',
    { class: 'way-back' },
    '下一步：重新申报',
    ' ',
    mine
      ? link(`/cases/${reapply.instanceId}`, '去重新申报', { class: 'btn btn-small btn-primary way-back-link' })
      : h('span', { class: 'muted' }, `（${reapply.who ? reapply.who.label : '建设单位'}办理）`),
  );
}

/** @param {Record<string, any>} p  GET /api/projects/:id */
export function certificatesCard(p) {
  const certs = p.certificates || { issued: [], pending: [] };
  const bundle = certs.bundle;
  const next = p.nextActions || [];
  return section(
    bundle ? `证照（${bundle.name}）` : '证照',
    bundle
      ? h(
          'div',
          { class: 'bundle' },
          h('span', { class: `badge ${bundle.issuedAt ? 'badge-cert-valid' : 'badge-warning'}` }, bundle.statusLabel),
          bundle.issuedAt ? ` 联合发证时间：${fmtTime(bundle.issuedAt)}` : null,
          h(
            'div',
            { class: 'chips' },
            bundle.certificates.map((c) => {
              const issued = certs.issued.find((i) => i.code === c.code && i.status === 'valid');
              return h('span', { class: `chip ${issued ? 'chip-done' : ''}` }, `${issued ? '✓ ' : ''}${c.name}`);
            }),
          ),
        )
      : null,
    h('h3', { class: 'sub-title' }, '已发证照'),
    table(
      [
        { title: '证照名称', cell: (c) => c.name },
        { title: '状态', cell: (c) => h('span', { class: `badge badge-cert-${c.status}` }, c.statusLabel) },
        { title: '发证时间', class: 'nowrap', cell: (c) => fmtTime(c.issuedAt) },
        {
          title: '说明',
          cell: (c) =>
            c.status === 'revoked'
              ? h(
                  'div',
                  { class: 'revoked' },
                  h('div', null, `${fmtTime(c.revokedAt)} 撤销${zhReason(c.reason)}`),
                  wayBack(c, next),
                )
              : c.bundle
                ? '联合发证'
                : '—',
        },
      ],
      certs.issued || [],
      { empty: '尚未发证', rowClass: (c) => (c.status === 'revoked' ? 'row-revoked' : null) },
    ),
    h('h3', { class: 'sub-title' }, '待发证照'),
    table(
      [
        { title: '证照名称', cell: (c) => c.name },
        { title: '等待', cell: (c) => c.waitingForLabel },
      ],
      certs.pending || [],
      { empty: '没有待发的证照' },
    ),
  );
}

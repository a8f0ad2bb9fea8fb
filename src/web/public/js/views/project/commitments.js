// @ts-check
/** 容缺 (missing materials and their deadlines), 告知承诺 (conditions, rectification) and 桩基先行. */
import { deadlineCell, facts, fmtTime, h, section, table } from '../../util.js';
import { caseLink } from './parts.js';

/** @param {Record<string, any>} p  GET /api/projects/:id @returns {HTMLElement[]} */
export function commitmentCards(p) {
  const cards = [];
  const tolerance = (p.commitments && p.commitments.tolerance) || [];
  const missingRows = tolerance.flatMap((t) => (t.missingMaterials || []).map((m) => ({ ...m, t })));
  cards.push(
    section(
      '容缺受理 · 待补材料',
      table(
        [
          { title: '审批事项', cell: (r) => caseLink(r.t.instanceId, r.t.itemName) },
          { title: '容缺材料', cell: (r) => r.name },
          { title: '补交形式', cell: (r) => r.form || '—' },
          {
            title: '材料状态',
            cell: (r) => h('span', { class: `status status-material-${r.status}` }, r.statusLabel),
          },
          {
            title: '补交期限',
            cell: (r) =>
              r.status === 'missing' || r.status === 'nonCompliant' ? deadlineCell(r.t.supplementDeadline) : '—',
          },
          { title: '容缺状态', cell: (r) => r.t.statusLabel },
        ],
        missingRows,
        { empty: '没有容缺待补的材料' },
      ),
      tolerance.some((t) => t.consequence)
        ? h('p', { class: 'muted small' }, `逾期未补齐的后果：${tolerance.find((t) => t.consequence).consequence}`)
        : null,
    ),
  );

  const notify = (p.commitments && p.commitments.notifyCommitments) || [];
  if (notify.length) {
    cards.push(
      section(
        '告知承诺制',
        table(
          [
            { title: '审批事项', cell: (n) => caseLink(n.instanceId, n.itemName) },
            { title: '状态', cell: (n) => n.statusLabel },
            { title: '承诺条件', cell: (n) => (n.conditions || []).join('；') || '—' },
            { title: '审批时间', class: 'nowrap', cell: (n) => fmtTime(n.decidedAt) },
            {
              title: '整改',
              cell: (n) =>
                n.rectification
                  ? h('span', null, n.rectification.order, ' ', deadlineCell(n.rectification.deadline))
                  : '—',
            },
            // 桩基先行: a commitment in rectification (or revoked) holds up the ±0.000以上 permit; say so where it shows
            {
              title: '对施工许可的影响',
              cell: (n) => (n.blockLabel ? h('span', { class: 'status status-blocked' }, n.blockLabel) : '—'),
            },
          ],
          notify,
        ),
      ),
    );
  }

  if (p.foundation) {
    cards.push(
      section(
        '桩基先行',
        facts([
          ['办理状态', caseLink(p.foundation.instanceId, p.foundation.statusLabel)],
          ['时限', deadlineCell(p.foundation.deadline)],
        ]),
      ),
    );
  }
  return cards;
}

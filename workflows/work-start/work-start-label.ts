/**
 * work-start v2: the deadline's label as people read it, after each extension. It names the rule, not a date:
 * the date is the calendar's to resolve (and moves when an admin loads a year), so the page shows it beside.
 */
const NUMERALS = ['零', '一', '两', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 3 → 三, 2 → 两 (两次, 两个月), as counts read in Chinese; beyond ten the digits. */
export function countZh(n: number): string {
  return NUMERALS[n] ?? String(n);
}

/** The ordinary construction permit's period (work-start); the 桩基先行 permit names its own (foundation-permit). */
export const WORK_START_TITLE = '施工许可证开工期限';

/** 施工许可证开工期限（领证之日起三个月，已延期一次，自原期限届满之日起延长三个月）. */
export function workStartLabel(
  workStartMonths: number,
  extensions: number,
  extensionMonths: number,
  title: string = WORK_START_TITLE,
): string {
  const base = `领证之日起${countZh(workStartMonths)}个月`;
  if (extensions === 0) return `${title}（${base}）`;
  const each = extensions === 1 ? '自原期限届满之日起' : '每次自前一期限届满之日起';
  return `${title}（${base}，已延期${countZh(extensions)}次，${each}延长${countZh(extensionMonths)}个月）`;
}

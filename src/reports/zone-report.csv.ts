import { stringify } from 'csv-stringify/sync';
import type { ZoneReport } from './zone-report.service';

/**
 * The zone report as one CSV table (分类, 项目, 数值, 说明), read by people in Excel: a UTF-8 BOM so Excel takes
 * the Chinese as UTF-8, and every figure on its own row.
 */
export function zoneReportCsv(r: ZoneReport): string {
  const rows: (string | number | null)[][] = [['分类', '项目', '数值', '说明']];
  const add = (section: string, label: string, value: string | number | null, note = '') =>
    rows.push([section, label, value, note]);
  add('项目', '项目总数', r.projects.total);
  add('项目', `${r.year}年申报`, r.projects.filedThisYear);
  add('项目', `${r.year}年开工`, r.projects.startedThisYear, '桩基先行报开工或取得施工许可');
  for (const s of r.projects.byStage) add('项目所处阶段', s.name, s.count);
  add('投资', '总投资（万元）', r.investment.totalWanYuan, `${r.investment.projectsWithoutAmount}个项目未填报`);
  for (const d of r.departments) {
    add('部门办件', `${d.name}：在办`, d.open);
    add('部门办件', `${d.name}：预警`, d.warning);
    add('部门办件', `${d.name}：逾期`, d.overdue);
  }
  for (const c of r.commitments.open) add('在途承诺', `${c.kindName}：${c.bucketName}`, c.count);
  add(
    '失信',
    '违诺记录',
    r.commitments.breaches.total,
    `未修复${r.commitments.breaches.unrepaired}，今年${r.commitments.breaches.thisYear}`,
  );
  for (const c of r.certificatesPerMonth) add('发证', c.month, c.count);
  for (const s of r.governmentDays.byStage)
    add('政府审批用时（工作日）', s.name, s.averageWorkingDays, `${s.projects}个项目`);
  for (const c of r.governmentDays.byCategory)
    add('全流程对标（工作日）', c.name, c.averageWorkingDays, `目标${c.targetWorkingDays}，${c.projects}个项目`);
  add('节省', '合计节省工作日', r.savings.savedWorkingDays, `${r.savings.projectsCounted}个项目`);
  add('节省', '合计节省自然日', r.savings.savedCalendarDays, r.savings.note);
  return '\uFEFF' + stringify(rows);
}

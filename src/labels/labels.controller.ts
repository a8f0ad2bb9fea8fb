import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2 } from '../../workflows/catalog';
import { definitions } from '../../workflows/registry';
import { PRACTICE_NAMES } from '../../workflows/savings/types';
import { RequirePermission } from '../auth/require-permission.decorator';

/*
 * Interim GET /api/labels for the UI (issue #19), the shape the "uiserver" half serves: code → zh-CN label per
 * kind, from the catalogs, the definitions' event labels and the roles. uiserver's module replaces this one at
 * the merge (it adds state labels per definition and an ETag).
 */
const ROLE_LABELS: Record<string, string> = {
  clerk: '窗口/科室工作人员',
  steward: '项目管家',
  leader: '项目长',
  enterprise: '建设单位',
  auditor: '审计',
  admin: '系统管理员',
  system: '系统',
};

const WAITING_LABELS: Record<string, string> = {
  department: '待部门办理',
  enterprise: '待建设单位办理',
  system: '系统处理中',
  none: '无需办理',
};

function buildLabels() {
  const departments: Record<string, string> = {};
  const items: Record<string, string> = {};
  const materials: Record<string, string> = {};
  for (const c of [suizhouHighTechZoneCatalog, suizhouHighTechZoneCatalogV2]) {
    for (const d of c.departments) departments[d.code] = d.name;
    for (const i of c.items) {
      items[i.code] = i.name;
      for (const m of i.materials) materials[m.code] = m.name;
    }
    for (const a of c.acceptanceItems) items[a.code] = a.name;
  }
  const events: Record<string, string> = {};
  for (const def of [...definitions].sort((a, b) => a.version - b.version))
    for (const e of Object.values(def.events)) events[e.type] = e.label;
  return {
    roles: ROLE_LABELS,
    departments,
    waiting: WAITING_LABELS,
    practices: { ...PRACTICE_NAMES },
    states: {} as Record<string, Record<string, string>>,
    events,
    materials,
    items,
  };
}

@ApiTags('labels')
@ApiBearerAuth()
@Controller('labels')
export class LabelsController {
  private readonly labels = buildLabels();

  @Get()
  @RequirePermission('definition:read')
  @ApiOperation({ summary: '显示名称: the zh-CN label of every code a client shows' })
  @ApiOkResponse({ description: '{ roles, departments, waiting, practices, states, events, materials, items }' })
  get() {
    return this.labels;
  }
}

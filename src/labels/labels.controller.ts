import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { RequirePermission } from '../auth/require-permission.decorator';
import { LabelsService } from './labels.service';

const EXAMPLE = {
  roles: { clerk: '窗口/科室工作人员', steward: '项目管家' },
  departments: { window: '综合窗口', fire: '消防救援大队' },
  waiting: { department: '待部门办理', enterprise: '待建设单位办理' },
  practices: { tolerance: '容缺受理', foundationFirst: '桩基先行' },
  states: { 'approval-item': { 'departmentAccepted.reviewing': '部门审查中' } },
  events: { WINDOW_ACCEPT: '窗口受理', SUPPLY_MATERIAL: '补交容缺材料' },
  materials: { fundsCommitment: '建设资金落实承诺书' },
  items: { projectFiling: '企业投资项目备案' },
  stages: { landPlanning: '立项用地规划许可' },
  projectCategories: { socialInvestment: '一般社会投资项目（≤60个工作日）' },
  investorTypes: { socialCapital: '社会投资（民间资本）' },
  landSupplyModes: { tenderAuctionListing: '招拍挂出让' },
  civilDefense: { exempt: '免建' },
  procedures: { expertReview: '专家评审' },
  outcomes: { approvedWithTolerance: '容缺通过' },
  timerStates: { paused: '暂停计时' },
  timeUnits: { workingDays: '个工作日' },
  toleranceStatuses: { accepted: '已容缺受理' },
  problemCategories: { utilities: '水电气' },
  milestones: { workStart: '开工' },
  timeKinds: { government: '政府审批' },
  meetingTypes: { onSite: '现场办公' },
};

/** One home for what the UI shows for a code: roles, departments, states, events, materials, items, stages … */
@ApiTags('labels')
@ApiBearerAuth()
@Controller('labels')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  @RequirePermission('definition:read')
  @ApiOperation({
    summary: '显示名称: the zh-CN label of every code a client shows (roles, departments, states, events …)',
    description:
      'Built from the catalog, the released definitions and the user roles; changes only with a release. ' +
      'Answers with an ETag; If-None-Match with it gets 304 and no body.',
  })
  @ApiHeader({ name: 'If-None-Match', required: false, description: 'The ETag of a copy the client holds' })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  @ApiResponse({ status: 304, description: 'The copy the client holds is current' })
  get(@Headers('if-none-match') ifNoneMatch: string | undefined, @Res({ passthrough: true }) res: Response) {
    res.setHeader('ETag', this.labels.etag);
    res.setHeader('Cache-Control', 'private, no-cache');
    const held = (ifNoneMatch ?? '').split(',').map((t) => t.trim().replace(/^W\//, ''));
    if (held.includes(this.labels.etag) || held.includes('*')) {
      res.status(304);
      return undefined;
    }
    return this.labels.labels;
  }
}

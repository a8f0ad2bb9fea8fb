import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { canonicalJson, sha256 } from '../audit/hash-chain';
import { parseIdempotencyKey } from '../cases/command-headers';
import { UsersService } from '../users/users.service';
import { CreateProjectDto } from './dto/create-project.dto';
import { ListProjectsQuery } from './dto/list-projects.query';
import { uuidParam } from '../common/uuid-param';
import { ProjectsService } from './projects.service';

const uuid = uuidParam();

const LIST_EXAMPLE = {
  items: [
    {
      id: '0b8f5c1e-3f0a-4c8e-9a51-5d0d1f2b7a10',
      code: 'SZGX-2026-0002',
      name: '年产2万吨高端铜箔项目',
      enterprise: { id: 'copper-foil', name: '湖北随锦铜箔科技有限公司' },
      steward: { id: '5d1c7a2e-8f3b-4c61-9e0a-7b2d4f6a8c10', name: '项目管家 王明' },
      category: { code: 'socialInvestment', name: '一般社会投资项目' },
      stage: { key: 'engineeringPermit', name: '工程建设许可' },
      status: 'active',
      statusLabel: '工程建设许可阶段（四证联发待发证，桩基先行施工中）',
      timerState: 'normal',
      timerStateLabel: '正常',
      overdue: false,
      practices: {
        foundationFirst: true,
        tolerance: false,
        notifyCommit: true,
        jointIssuance: true,
        stagedAcceptance: false,
      },
      createdAt: '2026-03-02T01:30:00.000Z',
    },
  ],
  total: 1,
  totalCapped: false,
  limit: 20,
  offset: 0,
};

const STATUS_EXAMPLE = {
  id: '0b8f5c1e-3f0a-4c8e-9a51-5d0d1f2b7a10',
  code: 'SZGX-2026-0001',
  name: '斯诺新材料10万吨锂电池负极材料一体化项目',
  enterprise: { id: 'snow-new-materials', name: '湖北斯诺新材料科技有限公司' },
  steward: null,
  category: { code: 'socialInvestment', name: '一般社会投资项目', targetWorkingDays: 60 },
  currentStage: { key: 'landPlanning', name: '立项用地规划许可' },
  flags: { industrial: false, specialConstruction: false, civilDefense: { code: 'shelter', name: '修建防空地下室' } },
  wholeProcess: {
    deadline: {
      kind: 'wholeProcess',
      label: '全流程审批时限（一般社会投资项目）',
      dueDate: '2026-05-29',
      unit: 'workingDays',
      remaining: 58,
      remainingUnit: 'workingDays',
      remainingWorkingDays: 58,
    },
    timerState: 'normal',
    timerStateLabel: '正常',
    governmentTimeOnly: true,
    daysUsed: 2,
    daysLeft: 58,
    daysLabel: '已用 2 个工作日，剩余 58 个工作日',
    pauses: [
      {
        from: '2026-03-03T02:00:00.000Z',
        to: '2026-03-04T01:00:00.000Z',
        reason: 'correction',
        reasonLabel: '待企业补正',
      },
    ],
  },
  stages: [
    {
      key: 'landPlanning',
      name: '立项用地规划许可',
      status: 'inProgress',
      statusLabel: '进行中',
      items: [
        {
          code: 'landTitleRegistration',
          name: '国有建设用地使用权首次登记',
          department: { code: 'planning', name: '自然资源和规划局' },
          itemStatus: 'open',
          statusLabel: '部门审查中',
          deadline: {
            dueDate: '2026-03-09',
            unit: 'workingDays',
            remaining: 4,
            remainingUnit: 'workingDays',
            remainingWorkingDays: 4,
          },
          timerState: 'normal',
          timerStateLabel: '正常',
        },
      ],
    },
  ],
  certificates: {
    issued: [],
    pending: [{ code: 'realEstateTitle', name: '不动产权证书', waitingFor: 'approval', waitingForLabel: '待事项办结' }],
    bundle: { code: 'fourCertificates', name: '四证联发', issuedAt: null, affected: false, statusLabel: '待联合发证' },
  },
  commitments: {
    tolerance: [
      {
        itemCode: 'landUsePlanningPermit',
        statusLabel: '容缺材料待补齐',
        missingMaterials: [{ code: 'projectFilingProof', name: '项目备案证明', form: '电子件', statusLabel: '待补交' }],
        supplementDeadline: {
          dueDate: '2026-03-09',
          unit: 'workingDays',
          remaining: 4,
          remainingUnit: 'workingDays',
          remainingWorkingDays: 4,
        },
      },
    ],
    notifyCommitments: [],
  },
  nextActions: [
    {
      subject: '建设用地规划许可证核发容缺受理',
      waitingOn: 'enterprise',
      who: { kind: 'enterprise', label: '建设单位（或项目管家代办）' },
      expectedEvents: [{ type: 'SUPPLY_MATERIAL', label: '补交容缺材料' }],
    },
  ],
  timeline: [
    {
      key: 'project',
      label: '项目创建（申报）',
      status: 'done',
      statusLabel: '已完成',
      at: '2026-03-02T01:30:00.000Z',
    },
  ],
};

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly users: UsersService,
  ) {}

  @Post()
  @RequirePermission('project:create')
  @ApiOperation({
    summary: '项目申报: create a project and its case (enterprise for itself, steward or window clerk on its behalf)',
    description:
      'In one transaction: the project row (code SZGX-<year>-<n>) and the project case of the latest definition version, ' +
      'which opens the 立项用地规划许可 items in the window queue. A steward who files is assigned to the project. ' +
      'Idempotency-Key makes a retry return the first response and create nothing.',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first response',
  })
  @ApiCreatedResponse({
    description: 'The new project’s status (as GET /api/projects/{id})',
    schema: { example: STATUS_EXAMPLE },
  })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the field (details[].field)' })
  async create(
    @Body() dto: CreateProjectDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const key = parseIdempotencyKey(idempotencyKeyHeader);
    const requestHash = sha256(canonicalJson({ path: '/projects', body: JSON.parse(JSON.stringify(dto)) }));
    const result = await this.projects.create(user, dto, { key, requestHash });
    if (user.role === 'steward') this.users.invalidate(user.id);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('Location', `/api/projects/${result.body.id}`);
    res.status(result.statusCode);
    return result.body;
  }

  @Get()
  @RequirePermission('project:read')
  @ApiOperation({
    summary: '项目列表: the projects the caller may see, filtered and paginated',
    description:
      'Enterprise: its own; steward: assigned ones; clerk: those that reached their department (queue or history); ' +
      'auditor/admin: all. q is a project code (项目编号, that project exactly) or part of the name ' +
      '(case-insensitive, % and _ literal). Each row names the assigned steward (项目管家), if any.',
  })
  @ApiOkResponse({ schema: { example: LIST_EXAMPLE } })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the parameter, e.g. limit > 100' })
  list(@Query() query: ListProjectsQuery, @CurrentUser() user: AuthUser) {
    return this.projects.list(user, query);
  }

  @Get(':id')
  @RequirePermission('project:read')
  @ApiOperation({
    summary:
      '项目进度: stage by stage, items with departments, deadlines and timer states, certificates, commitments, next actions, timeline',
  })
  @ApiOkResponse({ schema: { example: STATUS_EXAMPLE } })
  @ApiNotFoundResponse({ description: 'No such project, or one the caller may not see (the same answer)' })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.projects.status(user, id);
  }
}

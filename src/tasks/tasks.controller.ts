import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { ListTasksQuery } from './dto/list-tasks.query';
import { TasksService } from './tasks.service';

const EXAMPLE = {
  items: [
    {
      instanceId: '5f0c2a8e-8a3e-4d0b-9c1e-2b6d7f7e0a11',
      seq: 3,
      definitionId: 'approval-item',
      project: { id: '0b8f5c1e-3f0a-4c8e-9a51-5d0d1f2b7a10', code: 'SZGX-2026-0002', name: '年产2万吨高端铜箔项目' },
      subject: '建设工程规划许可证核发',
      itemCode: 'engineeringPlanningPermit',
      itemName: '建设工程规划许可证核发',
      state: 'departmentAccepted.reviewing',
      statusLabel: '部门审查中',
      stage: 'engineeringPermit',
      stageName: '工程建设许可',
      waitingOn: 'department',
      department: { code: 'planning', name: '自然资源和规划局' },
      departments: [{ code: 'planning', name: '自然资源和规划局' }],
      dueAt: '2026-03-10T16:00:00.000Z',
      timerState: 'normal',
      timerStateLabel: '正常',
      overdue: false,
      warning: false,
      allowedEvents: [{ type: 'APPROVE', label: '办结（通过）', roles: ['clerk'] }],
    },
  ],
  total: 1,
  totalCapped: false,
  limit: 20,
  offset: 0,
};

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @RequirePermission('task:read')
  @ApiOperation({
    summary: '待办: the caller’s work queue, most urgent first (due time, nulls last)',
    description:
      "Clerk: active instances in their department's queue. Steward: what their assigned projects wait for. " +
      'Enterprise: its projects’ instances waiting on it. Auditor: any queue (?department=), read-only. ' +
      'Each task carries the events this caller may send now (allowedEvents: type, label, roles; disabledReason ' +
      'when one is listed but needs something first, e.g. a file to upload). Their payload ' +
      'schemas are those of the case view (GET /api/cases/{instanceId}) and of the definition version ' +
      '(GET /api/definitions/{definitionId}/{definitionVersion}): the same for every task of a definition, they ' +
      'are not repeated on each.',
  })
  @ApiOkResponse({ schema: { example: EXAMPLE } })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming the parameter, e.g. limit > 100' })
  list(@Query() query: ListTasksQuery, @CurrentUser() user: AuthUser) {
    return this.tasks.list(user, query);
  }
}

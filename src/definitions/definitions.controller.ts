import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/require-permission.decorator';
import { DefinitionsService } from './definitions.service';

@ApiTags('definitions')
@ApiBearerAuth()
@Controller('definitions')
export class DefinitionsController {
  constructor(private readonly definitions: DefinitionsService) {}

  @Get()
  @RequirePermission('definition:read')
  @ApiOperation({ summary: '流程定义: every workflow definition with its released versions and zh-CN event labels' })
  @ApiOkResponse({
    schema: {
      example: [
        {
          id: 'approval-item',
          title: '事项实例',
          latestVersion: 1,
          versions: [{ version: 1, title: '事项实例' }],
          eventLabels: { WINDOW_ACCEPT: '窗口受理', APPROVE: '办结（通过）' },
        },
      ],
    },
  })
  list() {
    return this.definitions.list();
  }

  @Get(':id/:version')
  @RequirePermission('definition:read')
  @ApiOperation({
    summary: '流程定义版本: events with roles and payload JSON Schemas, the input schema and a Mermaid state diagram',
  })
  @ApiParam({ name: 'id', example: 'project-case' })
  @ApiParam({ name: 'version', example: '2' })
  @ApiOkResponse({
    schema: {
      example: {
        id: 'approval-item',
        version: 1,
        title: '事项实例',
        latestVersion: 1,
        events: [
          {
            type: 'WINDOW_ACCEPT',
            label: '窗口受理',
            roles: ['clerk'],
            payloadSchema: { type: 'object', properties: {} },
          },
        ],
        inputSchema: { type: 'object', required: ['projectId', 'enterpriseId', 'itemCode'] },
        mermaid: 'stateDiagram-v2\n  [*] --> approvalItem_received\n',
      },
    },
  })
  @ApiNotFoundResponse({ description: 'No such definition or version' })
  get(@Param('id') id: string, @Param('version') version: string) {
    return this.definitions.get(id, version);
  }
}

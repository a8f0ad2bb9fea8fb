import { Controller, Get, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { EnterprisesRepository } from './enterprises.repository';

export class EnterpriseSearchQuery {
  @ApiProperty({ example: '铜箔', description: 'Part of the name, or the 统一社会信用代码' })
  @IsString()
  @Length(1, 100)
  q: string;
}

/*
 * Interim GET /api/enterprises?q= for the filing form's picker (issue #19, UI half); the "uiserver" half's
 * lookup replaces it at the merge.
 */
@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(private readonly repo: EnterprisesRepository) {}

  @Get()
  @RequirePermission('project:create')
  @ApiOperation({
    summary: '建设单位查询: enterprises by name, for whoever files a project (an enterprise finds only itself)',
  })
  @ApiOkResponse({ schema: { example: [{ id: 'ent-copper', name: '湖北铜箔科技有限公司', creditCode: null }] } })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED naming q' })
  search(@Query() query: EnterpriseSearchQuery, @CurrentUser() user: AuthUser) {
    return this.repo.search(query.q.trim(), user.role === 'enterprise' ? (user.enterpriseId ?? '') : null);
  }
}

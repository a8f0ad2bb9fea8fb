import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { EnterprisesRepository } from './enterprises.repository';
import { FindEnterprisesQuery } from './find-enterprises.query';

/** 建设单位查找: the filing form's picker, so nobody types an internal enterprise id. */
@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('enterprises')
export class EnterprisesController {
  constructor(
    private readonly enterprises: EnterprisesRepository,
    private readonly access: AccessPolicy,
  ) {}

  @Get()
  @RequirePermission('enterprise:lookup')
  @ApiOperation({
    summary: '查找建设单位: enterprises by part of the name or credit code, at most 20 (steward, window clerk, admin)',
  })
  @ApiOkResponse({
    schema: { example: [{ id: 'copper-foil', name: '湖北随锦铜箔科技有限公司', creditCode: '91421300MA49XXXX1K' }] },
  })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: only a steward, a window clerk or an admin files for others' })
  find(@Query() query: FindEnterprisesQuery, @CurrentUser() user: AuthUser) {
    this.access.assertEnterpriseLookup(user);
    return this.enterprises.find(query.q);
  }
}

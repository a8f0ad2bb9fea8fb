import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { RepairCreditDto } from './credit.dto';
import { CreditService } from './credit.service';

/** 信用记录: each enterprise's credit view; 信用修复 by an admin. */
@ApiTags('credit')
@ApiBearerAuth()
@Controller()
export class CreditController {
  constructor(
    private readonly credit: CreditService,
    private readonly access: AccessPolicy,
  ) {}

  @Get('enterprises/:enterpriseId/credit')
  @RequirePermission('credit:read')
  @ApiOperation({ summary: '企业信用记录: the records, what they bar now (容缺, 告知承诺) and their repairs' })
  view(@Param('enterpriseId') enterpriseId: string, @CurrentUser() user: AuthUser) {
    this.access.assertEnterpriseAccess(user, 'credit:read', enterpriseId);
    return this.credit.view(enterpriseId);
  }

  @Post('credit-records/:id/repair')
  @HttpCode(200)
  @RequirePermission('credit:repair')
  @ApiOperation({ summary: '信用修复 (admin): with reason and evidence; lifts the bar; recorded once' })
  repair(@Param('id') id: string, @Body() body: RepairCreditDto, @CurrentUser() user: AuthUser) {
    return this.credit.repair(id, body, user);
  }
}

import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CaseViewService } from '../cases/case-view.service';
import { AppException } from '../common/errors/app-exception';
import { uuidParam } from '../common/uuid-param';
import { AuditService } from './audit.service';

const uuid = uuidParam();

@ApiTags('audit')
@ApiBearerAuth()
@Controller('cases')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly views: CaseViewService,
  ) {}

  private async allow(user: AuthUser, id: string) {
    await this.views.authorize(user, id, 'history:read');
  }

  @Get(':id/history')
  @RequirePermission('history:read')
  @ApiOperation({
    summary: '办理历史: every event with actor, role, on-behalf-of, time, payload, hashes and resulting state',
  })
  async history(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    await this.allow(user, id);
    return this.audit.history(id);
  }

  @Get(':id/state')
  @RequirePermission('history:read')
  @ApiOperation({ summary: '历史状态回放: the state as of a time (?at=ISO) or a sequence number (?seq=n), by replay' })
  @ApiQuery({ name: 'at', required: false, example: '2026-03-02T09:30:00+08:00' })
  @ApiQuery({ name: 'seq', required: false, example: '3' })
  async state(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthUser,
    @Query('at') at?: string,
    @Query('seq') seq?: string,
  ) {
    if (at !== undefined && seq !== undefined)
      throw new AppException('VALIDATION_FAILED', '请只给出时间或序号中的一个 / Give either at or seq, not both', [
        { field: 'at' },
        { field: 'seq' },
      ]);
    let target: { at?: string; seq?: number } = {};
    if (seq !== undefined) {
      if (!/^\d{1,9}$/.test(seq))
        throw new AppException('VALIDATION_FAILED', '序号必须是正整数 / seq must be a positive integer', [
          { field: 'seq' },
        ]);
      target = { seq: Number(seq) };
    } else if (at !== undefined) {
      const t = Date.parse(at);
      if (!/^\d{4}-\d{2}-\d{2}T/.test(at) || Number.isNaN(t)) {
        throw new AppException('VALIDATION_FAILED', '时间格式不正确 / at must be an ISO 8601 date-time', [
          { field: 'at' },
        ]);
      }
      target = { at: new Date(t).toISOString() };
    }
    await this.allow(user, id);
    return this.audit.stateAsOf(id, target);
  }

  @Get(':id/verify')
  @RequirePermission('history:read')
  @ApiOperation({
    summary: '完整性校验: recompute the hash chain and the replay; name the first event that does not match',
  })
  @ApiQuery({ name: 'tree', required: false, description: 'true: verify the case and every instance below it' })
  async verify(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Query('tree') tree?: string) {
    await this.allow(user, id);
    return tree === 'true' ? this.audit.verifyTree(id) : this.audit.verify(id);
  }

  @Get(':id/export')
  @RequirePermission('history:read')
  @ApiOperation({
    summary: '导出: a self-contained file (events, definition versions, chain heads) for offline verification',
  })
  async export(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.allow(user, id);
    const file = await this.audit.export(id);
    res.setHeader('Content-Disposition', `attachment; filename="case-${id}.json"`);
    return file;
  }
}

import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { uuidOrNotFound, uuidParam } from '../common/uuid-param';
import { AppConfig } from '../config/app-config';
import { NoticesService } from './notices.service';
import { publicOrigin } from './public-origin';

const uuid = uuidParam();

@ApiTags('notices')
@ApiBearerAuth()
@Controller('cases/:id/notices')
export class NoticesController {
  constructor(
    private readonly notices: NoticesService,
    private readonly config: AppConfig,
  ) {}

  @Get()
  @RequirePermission('case:read')
  @ApiOperation({
    summary:
      '文书列表: the notices of a case (受理、不予受理、补正、容缺、告知承诺、准予、不予许可、撤销、联合发证) with 文号 and SHA-256',
  })
  list(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Req() req: Request) {
    return this.notices.list(user, id, publicOrigin(this.config, req));
  }

  @Get(':noticeId/pdf')
  @RequirePermission('case:read')
  @ApiOperation({
    summary: '文书打印件 (application/pdf, CJK font embedded, QR code; stored once, the same bytes every time)',
  })
  async pdf(
    @Param('id', uuid) id: string,
    @Param('noticeId', uuidOrNotFound('通知书不存在')) noticeId: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ) {
    const { number, content } = await this.notices.pdf(user, id, noticeId, publicOrigin(this.config, req));
    return new StreamableFile(content, {
      type: 'application/pdf',
      length: content.length,
      disposition: `inline; filename*=UTF-8''${encodeURIComponent(`${number}.pdf`)}`,
    });
  }
}

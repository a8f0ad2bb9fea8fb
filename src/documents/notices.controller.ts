import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { uuidOrNotFound, uuidParam } from '../common/uuid-param';
import { AppConfig } from '../config/app-config';
import { NoticesService } from './notices.service';

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
  @ApiOperation({ summary: '文书列表: the notices of an item (受理通知书, 准予行政许可决定书) with their 文号' })
  list(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.notices.list(user, id);
  }

  @Get(':noticeId/pdf')
  @RequirePermission('case:read')
  @ApiOperation({ summary: '文书打印件 (application/pdf, CJK font embedded, QR code)' })
  async pdf(
    @Param('id', uuid) id: string,
    @Param('noticeId', uuidOrNotFound('通知书不存在')) noticeId: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ) {
    const origin = this.config.PUBLIC_BASE_URL ?? `${req.protocol}://${req.get('host')}`;
    const { number, content } = await this.notices.pdf(user, id, noticeId, origin);
    return new StreamableFile(content, {
      type: 'application/pdf',
      length: content.length,
      disposition: `inline; filename*=UTF-8''${encodeURIComponent(`${number}.pdf`)}`,
    });
  }
}

import { Controller, Get, Param, Req, StreamableFile } from '@nestjs/common';
import type { Request } from 'express';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { Public } from '../common/public.decorator';
import { AppConfig } from '../config/app-config';
import { uuidParam } from '../common/uuid-param';
import { CertificatesService } from './certificates.service';
import { NoticesService } from './notices.service';
import { AppException } from '../common/errors/app-exception';
import { publicOrigin } from './public-origin';

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly notices: NoticesService,
    private readonly config: AppConfig,
  ) {}

  @Get('verify/:code')
  @Public()
  @ApiOperation({
    summary:
      '证照核验 (public): type, number, holder, project name, issue date, status (有效/已撤销/已失效), document hash',
  })
  async verify(@Param('code') code: string, @Req() req: Request) {
    const found =
      (await this.certificates.lookup(code)) ?? (await this.notices.lookup(code, publicOrigin(this.config, req)));
    if (!found) throw new AppException('NOT_FOUND', '未找到该证照或文书，请核对验证码');
    return found;
  }

  @Get('projects/:id/certificates')
  @ApiBearerAuth()
  @RequirePermission('project:read')
  @ApiOperation({ summary: '项目的电子证照 with their numbers, statuses and verification codes' })
  ofProject(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser) {
    return this.certificates.ofProject(user, id);
  }

  @Get('projects/:id/certificates/:code/pdf')
  @ApiBearerAuth()
  @RequirePermission('project:read')
  @ApiOperation({ summary: '证照打印件 (application/pdf, CJK font embedded, QR code of the verification page)' })
  async pdf(
    @Param('id', uuidParam()) id: string,
    @Param('code') code: string,
    @CurrentUser() user: AuthUser,
    @Req() req: Request,
  ) {
    const { number, content } = await this.certificates.pdf(user, id, code, publicOrigin(this.config, req));
    return new StreamableFile(content, {
      type: 'application/pdf',
      length: content.length,
      disposition: `inline; filename*=UTF-8''${encodeURIComponent(`${number}.pdf`)}`,
    });
  }
}

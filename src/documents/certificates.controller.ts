import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { Public } from '../common/public.decorator';
import { uuidParam } from '../common/uuid-param';
import { CertificatesService } from './certificates.service';

@ApiTags('certificates')
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('verify/:code')
  @Public()
  @ApiOperation({
    summary:
      '证照核验 (public): type, number, holder, project name, issue date, status (有效/已撤销/已失效), document hash',
  })
  verify(@Param('code') code: string) {
    return this.certificates.verify(code);
  }

  @Get('projects/:id/certificates')
  @ApiBearerAuth()
  @RequirePermission('project:read')
  @ApiOperation({ summary: '项目的电子证照 with their numbers, statuses and verification codes' })
  ofProject(@Param('id', uuidParam()) id: string, @CurrentUser() user: AuthUser) {
    return this.certificates.ofProject(user, id);
  }
}

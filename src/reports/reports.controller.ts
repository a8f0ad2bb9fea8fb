import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { SavingsReportQuery } from './dto/savings-report.query';
import { ZoneReportQuery } from './dto/zone-report.query';
import { SavingsReportService } from './savings-report.service';
import { zoneReportCsv } from './zone-report.csv';
import { ZoneReportService } from './zone-report.service';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly savings: SavingsReportService,
    private readonly zone: ZoneReportService,
  ) {}

  @Get('savings')
  // Every role reads projects; the service answers 404, as for the project, to those without the report.
  @RequirePermission('project:read')
  @ApiOperation({
    summary: '节省报告: what fast-tracking saved one project, and how it was computed',
    description:
      'The project run twice on the catalog and the working-day calendar: fast-track (the practices it used, ' +
      'promised limits) and traditional (none of them, statutory limits where the catalog has them). Milestones ' +
      '施工许可, 开工, 首个车间投产, 竣工; savedWorkingDays/savedCalendarDays at 首个车间投产; byPractice: each ' +
      'practice switched off alone; assumptions in Chinese. Auditor, admin, the project’s steward and enterprise.',
  })
  @ApiOkResponse({ description: 'The savings report' })
  @ApiNotFoundResponse({ description: 'No such project, or not one the caller may see a savings report of' })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED: projectId missing or not a UUID' })
  savingsReport(@Query() query: SavingsReportQuery, @CurrentUser() user: AuthUser) {
    return this.savings.report(user, query.projectId);
  }

  @Get('zone')
  @RequirePermission('zoneReport:read')
  @ApiOperation({
    summary: '园区概览: projects by stage, investment, overdue items, commitments, certificates, days saved',
    description:
      'Auditor and admin: the whole zone. Clerk: the projects that reached their department and its own queue. ' +
      '?format=csv answers the same figures as a CSV table (UTF-8 with BOM).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'The zone report' })
  @ApiForbiddenResponse({ description: 'The role has no zone report (enterprise, steward)' })
  async zoneReport(
    @Query() query: ZoneReportQuery,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.zone.report(user);
    if (query.format !== 'csv') return report;
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="zone-report-${report.generatedAt.slice(0, 10)}.csv"`);
    return zoneReportCsv(report);
  }
}

import { Body, Controller, Get, Headers, Param, ParseIntPipe, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { ApiIfMatch, parseVersionIfMatch, versionEtag } from '../common/edit-version/if-match';
import { AppException } from '../common/errors/app-exception';
import { CalendarYearDto } from './calendar.dto';
import { CalendarService } from './calendar.service';

const year = new ParseIntPipe({
  exceptionFactory: () => new AppException('VALIDATION_FAILED', '「年份」应为数字，例如 2027', [{ field: 'year' }]),
});

/** 工作日历: which years have holiday data, loading next year's arrangement, working-day arithmetic. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get('years')
  @RequirePermission('calendar:read')
  @ApiOperation({
    summary:
      '已有节假日数据的年份: deadlines in other years are provisional (flagged uncoveredYears); version for If-Match',
  })
  async years() {
    const years = this.calendar.current.calendarYears();
    const version = await this.calendar.yearVersions(years.map((y) => y.year));
    return years.map((y) => ({
      year: y.year,
      holidays: y.holidays.length,
      workdays: y.workdays.length,
      source: y.source,
      /** What PUT years/:year takes in If-Match. */
      version: version(y.year),
    }));
  }

  @Get('years/:year')
  @ApiOperation({ summary: '某一年的节假日安排; ETag = version' })
  @RequirePermission('calendar:read')
  async one(@Param('year', year) y: number, @Res({ passthrough: true }) res: Response) {
    const found = this.calendar.current.calendarYears().find((c) => c.year === y);
    if (!found)
      throw new AppException('NOT_FOUND', `尚未载入 ${y} 年的节假日安排 / No holiday arrangement for ${y} is loaded`);
    const version = await this.calendar.yearVersion(y);
    res.setHeader('ETag', versionEtag(version));
    return { ...found, version };
  }

  @Put('years/:year')
  @RequirePermission('calendar:manage')
  @ApiOperation({ summary: '导入年度节假日安排 (admin): validated, replaces an earlier upload of the same year' })
  @ApiIfMatch()
  async load(
    @Param('year', year) y: number,
    @Body() body: CalendarYearDto,
    @CurrentUser() user: AuthUser,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (body.year !== y)
      throw new AppException('VALIDATION_FAILED', `提交的年份（${body.year}）与地址中的年份（${y}）不一致`, [
        { field: 'year' },
      ]);
    const version = await this.calendar.loadYear(body, user.username, parseVersionIfMatch(ifMatch));
    const found = this.calendar.current.calendarYears().find((c) => c.year === y);
    res.setHeader('ETag', versionEtag(version));
    return { ...found, version };
  }

  @Get('working-days')
  @RequirePermission('calendar:read')
  @ApiOperation({ summary: '工作日推算: the date N working days after a date (CST), with the years lacking data' })
  @ApiQuery({ name: 'from', example: '2026-02-10' })
  @ApiQuery({ name: 'days', example: '5' })
  add(@Query('from') from?: string, @Query('days') days?: string) {
    if (!from || !/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(Date.parse(from))) {
      throw new AppException('VALIDATION_FAILED', '「起始日期」应为日期（年-月-日）', [{ field: 'from' }]);
    }
    if (!days || !/^-?\d{1,3}$/.test(days))
      throw new AppException('VALIDATION_FAILED', '「天数」应为 -999 到 999 之间的整数', [{ field: 'days' }]);
    const r = this.calendar.current.addWorkingDays(from, Number(days));
    return { from, days: Number(days), date: r.date, uncoveredYears: r.uncoveredYears };
  }
}

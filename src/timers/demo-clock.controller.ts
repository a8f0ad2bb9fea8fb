import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { SystemClock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { AppConfig } from '../config/app-config';
import { TimerScheduler } from './timer.scheduler';

class AdvanceClockDto {
  @ApiProperty({ example: 5, description: 'Natural days to move the clock forward (1–400)' })
  @IsInt()
  @Min(1)
  @Max(400)
  days: number;
}

/**
 * Demo mode only: move the service's clock forward so a person can watch a deadline pass (预警 → 逾期, 容缺
 * breach). The route does not exist in production mode: it answers 404 like any unknown route.
 */
@ApiTags('demo')
@ApiBearerAuth()
@Controller('admin/clock')
export class DemoClockController {
  constructor(
    private readonly clock: SystemClock,
    private readonly config: AppConfig,
    private readonly scheduler: TimerScheduler,
  ) {}

  private assertDemo() {
    if (!this.config.demoMode) throw new AppException('ROUTE_NOT_FOUND', '没有这个接口 / Cannot find this route');
  }

  @Get()
  @RequirePermission('clock:advance')
  @ApiOperation({ summary: '演示时钟: the service clock and its offset (demo mode only)' })
  get() {
    this.assertDemo();
    return { now: this.clock.now().toISOString(), offsetDays: this.clock.offset / 86400000 };
  }

  @Post('advance')
  @HttpCode(200)
  @RequirePermission('clock:advance')
  @ApiOperation({ summary: '演示时钟前进 N 天: due timers fire at once (demo mode only)' })
  async advance(@Body() body: AdvanceClockDto) {
    this.assertDemo();
    this.clock.advance(body.days * 86400000);
    const fired = await this.scheduler.runOnce();
    return { now: this.clock.now().toISOString(), offsetDays: this.clock.offset / 86400000, timersFired: fired };
  }
}

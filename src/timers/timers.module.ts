import { type DynamicModule, Module } from '@nestjs/common';
import { DemoClockController } from './demo-clock.controller';
import { TimerRepository } from './timer.repository';
import { TimerScheduler } from './timer.scheduler';
import { CalendarModule } from '../calendar/calendar.module';
import { CasesModule } from '../cases/cases.module';
import { MetricsModule } from '../metrics/metrics.module';
import { ClockModule } from '../common/clock.module';

/** Durable deadlines. The demo clock route is only registered in demo mode: in production it does not exist. */
@Module({})
export class TimersModule {
  static forRoot(demoMode: boolean): DynamicModule {
    return {
      module: TimersModule,
      imports: [CasesModule, CalendarModule, MetricsModule, ClockModule],
      controllers: demoMode ? [DemoClockController] : [],
      providers: [TimerRepository, TimerScheduler],
      exports: [TimerScheduler],
    };
  }
}

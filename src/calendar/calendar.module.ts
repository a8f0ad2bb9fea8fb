import { Module } from '@nestjs/common';
import { EditVersionModule } from '../common/edit-version/edit-version.module';
import { MetricsModule } from '../metrics/metrics.module';
import { CalendarController } from './calendar.controller';
import { CalendarRepository } from './calendar.repository';
import { CalendarService } from './calendar.service';

/** Working-day calendars. Not global: the engine, the timers and the reports import it. */
@Module({
  imports: [MetricsModule, EditVersionModule],
  controllers: [CalendarController],
  providers: [CalendarService, CalendarRepository],
  exports: [CalendarService],
})
export class CalendarModule {}

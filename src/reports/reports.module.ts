import { Module } from '@nestjs/common';
import { CalendarModule } from '../calendar/calendar.module';
import { ProjectsModule } from '../projects/projects.module';
import { ReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { SavingsReportService } from './savings-report.service';
import { ZoneReportService } from './zone-report.service';
import { ClockModule } from '../common/clock.module';
import { AuthModule } from '../auth/auth.module';

/** Reports: what fast-tracking saved a project (the savings simulator) and the zone at a glance. */
@Module({
  imports: [ProjectsModule, CalendarModule, AuthModule, ClockModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, SavingsReportService, ZoneReportService],
})
export class ReportsModule {}

import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module';
import { MeetingsService } from './meetings.service';
import { MilestonesService } from './milestones.service';
import { ProblemsService } from './problems.service';
import { TeamService } from './team.service';
import { ZoneController } from './zone.controller';
import { ZoneOverviewService } from './zone-overview.service';
import { ZoneRepository } from './zone.repository';
import { ClockModule } from '../common/clock.module';
import { UsersModule } from '../users/users.module';
import { AuthModule } from '../auth/auth.module';
import { EditVersionModule } from '../common/edit-version/edit-version.module';

/** The zone command: problems, meetings, the battle map, teams and the leader's view. */
@Module({
  imports: [CasesModule, AuthModule, UsersModule, ClockModule, EditVersionModule],
  controllers: [ZoneController],
  providers: [ZoneRepository, ProblemsService, MeetingsService, MilestonesService, TeamService, ZoneOverviewService],
  exports: [TeamService, ZoneRepository],
})
export class ZoneModule {}

import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { CasesModule } from '../cases/cases.module';
import { ZoneModule } from '../zone/zone.module';
import { SeedRepository } from './seed.repository';
import { SeedService } from './seed.service';
import { ClockModule } from '../common/clock.module';
import { UsersModule } from '../users/users.module';

/** Demo data (demo mode only), seeded once when the application starts on a fresh database. */
@Module({
  imports: [ProjectsModule, CasesModule, ZoneModule, UsersModule, ClockModule],
  providers: [SeedService, SeedRepository],
  exports: [SeedService],
})
export class SeedModule {}

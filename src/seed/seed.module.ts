import { Module } from '@nestjs/common';
import { ProjectsModule } from '../projects/projects.module';
import { SeedService } from './seed.service';
import { CasesModule } from '../cases/cases.module';

/** Demo data (demo mode only), seeded once when the application starts on a fresh database. */
@Module({ imports: [ProjectsModule, CasesModule], providers: [SeedService], exports: [SeedService] })
export class SeedModule {}

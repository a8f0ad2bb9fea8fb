import { Module } from '@nestjs/common';
import { ProjectsController } from './projects.controller';
import { ProjectsRepository } from './projects.repository';
import { ProjectsService } from './projects.service';
import { CreditModule } from '../credit/credit.module';
import { CasesModule } from '../cases/cases.module';
import { ClockModule } from '../common/clock.module';
import { LabelsModule } from '../labels/labels.module';
import { UsersModule } from '../users/users.module';
import { AuthModule } from '../auth/auth.module';
import { EditVersionModule } from '../common/edit-version/edit-version.module';

/** Projects: filing (项目申报) with the case it starts, lists and the status an enterprise reads. */
@Module({
  imports: [CasesModule, CreditModule, AuthModule, UsersModule, LabelsModule, ClockModule, EditVersionModule],
  controllers: [ProjectsController],
  providers: [ProjectsService, ProjectsRepository],
  exports: [ProjectsService],
})
export class ProjectsModule {}

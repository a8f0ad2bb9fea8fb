import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';
import { CreditModule } from '../credit/credit.module';
import { CasesModule } from '../cases/cases.module';
import { ClockModule } from '../common/clock.module';
import { AuthModule } from '../auth/auth.module';

/** Work queues (待办) per role. */
@Module({
  imports: [CasesModule, CreditModule, AuthModule, ClockModule],
  controllers: [TasksController],
  providers: [TasksService, TasksRepository],
})
export class TasksModule {}

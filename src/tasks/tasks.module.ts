import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';
import { CreditModule } from '../credit/credit.module';
import { CasesModule } from '../cases/cases.module';

/** Work queues (待办) per role. */
@Module({
  imports: [CasesModule, CreditModule],
  controllers: [TasksController],
  providers: [TasksService, TasksRepository],
})
export class TasksModule {}

import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';
import { CasesModule } from '../cases/cases.module';

/** Work queues (待办) per role. */
@Module({ imports: [CasesModule], controllers: [TasksController], providers: [TasksService, TasksRepository] })
export class TasksModule {}

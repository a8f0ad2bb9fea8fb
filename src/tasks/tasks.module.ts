import { Module } from '@nestjs/common';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

/** Work queues (待办) per role. */
@Module({ controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}

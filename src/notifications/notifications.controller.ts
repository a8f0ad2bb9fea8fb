import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { AppException } from '../common/errors/app-exception';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationsRepository } from './notifications.repository';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: NotificationsRepository,
    private readonly dispatcher: NotificationDispatcher,
  ) {}

  @Get()
  @RequirePermission('notification:read')
  @ApiOperation({ summary: '站内消息: the caller’s messages, newest first, and the unread count' })
  @ApiQuery({ name: 'unread', required: false, enum: ['true', 'false'] })
  async list(@CurrentUser() user: AuthUser, @Query('unread') unread?: string) {
    // What the caller's own commands caused is derived before they read.
    await this.dispatcher.runOnce();
    return this.repo.list(this.dataSource.manager, user.id, unread === 'true');
  }

  @Post(':id/read')
  @HttpCode(200)
  @RequirePermission('notification:read')
  @ApiOperation({ summary: '标记已读' })
  async read(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    // An id that cannot be a message is a message that does not exist, as for another user's message.
    if (!/^\d{1,18}$/.test(id) || !(await this.repo.markRead(this.dataSource.manager, user.id, id)))
      throw new AppException('NOT_FOUND', '消息不存在');
    return { id, read: true };
  }
}

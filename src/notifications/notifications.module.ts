import { Module } from '@nestjs/common';
import { LogChannel, NOTIFICATION_CHANNEL } from './notification-channel';
import { NotificationDispatcher } from './notification-dispatcher';
import { NotificationsController } from './notifications.controller';
import { NotificationsRepository } from './notifications.repository';

/** 站内消息: derived from written events (the outbox), read in the app, copied out through a channel. */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationDispatcher, { provide: NOTIFICATION_CHANNEL, useClass: LogChannel }],
  exports: [NotificationDispatcher],
})
export class NotificationsModule {}

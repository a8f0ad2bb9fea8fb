import { Injectable, Logger } from '@nestjs/common';

/** One notification on its way out of the building (SMS, e-mail, a government messaging app …). */
export interface OutboundMessage {
  id: string;
  recipientId: string;
  title: string;
  link: string;
}

/**
 * An outbound channel. The in-app message (站内消息) exists anyway; a channel only carries a copy outwards.
 * Bind another implementation to NOTIFICATION_CHANNEL to send SMS or e-mail.
 */
export interface NotificationChannel {
  readonly name: string;
  send(message: OutboundMessage): Promise<void>;
}

export const NOTIFICATION_CHANNEL = Symbol('NOTIFICATION_CHANNEL');

/** The default channel: writes a log line and nothing else. */
@Injectable()
export class LogChannel implements NotificationChannel {
  readonly name = 'log';
  private readonly logger = new Logger('NotificationChannel');

  async send(message: OutboundMessage): Promise<void> {
    this.logger.log(
      { notification: message.id, recipient: message.recipientId, link: message.link },
      'notification sent',
    );
  }
}

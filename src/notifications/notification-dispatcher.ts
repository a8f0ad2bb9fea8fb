import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PollingService } from '../common/polling-service';
import { AppConfig } from '../config/app-config';
import { NOTIFICATION_CHANNEL, type NotificationChannel } from './notification-channel';
import { notificationsFor } from './notification-rules';
import { NotificationsRepository } from './notifications.repository';

const BATCH = 200;

/**
 * Turns outbox entries (written with their events) into 站内消息 for each recipient, then hands the messages to
 * the outbound channel. Runs beside the timer scheduler (SCHEDULER_ENABLED, SCHEDULER_INTERVAL_MS) and before a
 * reader's list, so a message is there when its reader looks. Entries are claimed with SKIP LOCKED: any
 * number of processes may run it, each entry is handled once. The loop is the shared PollingService: a tick with an
 * empty outbox and nothing undelivered costs one read and no transaction.
 */
@Injectable()
export class NotificationDispatcher extends PollingService {
  private readonly logger = new Logger(NotificationDispatcher.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: NotificationsRepository,
    config: AppConfig,
    @Inject(NOTIFICATION_CHANNEL) private readonly channel: NotificationChannel,
  ) {
    super('notifications', config);
  }

  /** An outbox entry, or a message not yet delivered? */
  protected hasWork(): Promise<boolean> {
    return this.repo.hasWork(this.dataSource.manager);
  }

  /** Derives and delivers what is waiting; how many outbox entries it handled. */
  protected async work(): Promise<number> {
    const derived = await this.derive();
    await this.deliver();
    return derived;
  }

  private derive(): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const events = await this.repo.claim(m, BATCH);
      const rows = [];
      for (const event of events) {
        for (const draft of notificationsFor(event)) {
          for (const recipientId of await this.repo.recipients(m, draft.audience)) {
            rows.push({
              recipientId,
              kind: draft.kind,
              title: draft.title,
              link: draft.link,
              projectId: event.project.id,
              instanceId: event.instanceId,
              seq: event.seq,
            });
          }
        }
      }
      await this.repo.insert(m, rows);
      await this.repo.release(m, events);
      return events.length;
    });
  }

  /** Hands undelivered messages to the channel; one that fails stays undelivered and is tried next pass. */
  private async deliver(): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const pending = await this.repo.claimUndelivered(m, BATCH);
      const sent: string[] = [];
      for (const message of pending) {
        try {
          await this.channel.send(message);
          sent.push(message.id);
        } catch (e) {
          this.logger.warn({ err: e, notification: message.id, channel: this.channel.name }, 'delivery failed');
        }
      }
      await this.repo.markDelivered(m, sent);
    });
  }
}

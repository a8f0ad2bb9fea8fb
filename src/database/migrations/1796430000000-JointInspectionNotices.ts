import type { MigrationInterface, QueryRunner } from 'typeorm';
import { NOTIFYING_EVENT_TYPES_V1 } from './1796314436586-ZoneCommand';

/**
 * The event types that enqueue, as of this migration: those of ZoneCommand, and the joint acceptance inspection's
 * (src/notifications/notification-rules.ts) — its start and its re-inspection give every department that can act
 * a task (新办件), and its time-limit warning concerns each of them (预警). A frozen copy, as ZoneCommand's.
 */
export const NOTIFYING_EVENT_TYPES_V2 = [
  ...NOTIFYING_EVENT_TYPES_V1,
  'START_JOINT_INSPECTION',
  'REPORT_RECTIFIED',
  'JOINT_ACCEPTANCE_WARNING',
] as const;

const trigger = (types: readonly string[]) =>
  `CREATE TRIGGER workflow_event_notification_outbox AFTER INSERT ON workflow_event
     FOR EACH ROW WHEN (NEW.type IN (${types.map((t) => `'${t}'`).join(', ')}))
     EXECUTE FUNCTION notification_outbox_enqueue()`;

/** Widens the outbox trigger (migration ZoneCommand) to the joint acceptance inspection's notices. */
export class JointInspectionNotices1796430000000 implements MigrationInterface {
  name = 'JointInspectionNotices1796430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER workflow_event_notification_outbox ON workflow_event');
    await queryRunner.query(trigger(NOTIFYING_EVENT_TYPES_V2));
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TRIGGER workflow_event_notification_outbox ON workflow_event');
    await queryRunner.query(trigger(NOTIFYING_EVENT_TYPES_V1));
  }
}

import { EditVersionEntity } from '../common/edit-version/edit-version.entity';
import { HeadQueueEntity } from '../audit/head-queue.entity';
import { SignedHeadEntity } from '../audit/signed-head.entity';
import { CalendarAppliedEntity } from '../calendar/calendar-applied.entity';
import { CalendarYearEntity } from '../calendar/calendar-year.entity';
import { IdempotencyRecordEntity } from '../cases/idempotency-record.entity';
import { WorkflowEventEntity } from '../cases/workflow-event.entity';
import { WorkflowInstanceEntity } from '../cases/workflow-instance.entity';
import { WorkflowSnapshotEntity } from '../cases/workflow-snapshot.entity';
import { CreditRecordEntity } from '../projects/credit-record.entity';
import { EnterpriseEntity } from '../projects/enterprise.entity';
import { ProjectEntity } from '../projects/project.entity';
import { TimerEntity } from '../timers/timer.entity';
import { UserEntity } from '../users/user.entity';
import { MeetingEntity } from '../zone/meeting.entity';
import { MilestoneEntity } from '../zone/milestone.entity';
import { ProjectTeamEntity } from '../zone/project-team.entity';
import { NotificationEntity } from '../notifications/notification.entity';
import { NotificationOutboxEntity } from '../notifications/notification-outbox.entity';
import { CertificateNumberFormatEntity } from '../documents/certificate-number-format.entity';
import { CertificateSequenceEntity } from '../documents/certificate-sequence.entity';
import { CertificateEntity } from '../documents/certificate.entity';
import { MaterialFileEntity } from '../documents/material-file.entity';
import { NoticeSequenceEntity } from '../documents/notice-sequence.entity';
import { NoticeEntity } from '../documents/notice.entity';

/** Every entity, in one list shared by the app, the CLI data source and the migration check. */
export const ENTITIES = [
  WorkflowInstanceEntity,
  WorkflowEventEntity,
  WorkflowSnapshotEntity,
  IdempotencyRecordEntity,
  TimerEntity,
  EnterpriseEntity,
  ProjectEntity,
  CreditRecordEntity,
  UserEntity,
  CalendarYearEntity,
  CalendarAppliedEntity,
  ProjectTeamEntity,
  MeetingEntity,
  MilestoneEntity,
  NotificationEntity,
  NotificationOutboxEntity,
  SignedHeadEntity,
  HeadQueueEntity,
  MaterialFileEntity,
  CertificateEntity,
  CertificateSequenceEntity,
  CertificateNumberFormatEntity,
  NoticeEntity,
  NoticeSequenceEntity,
  EditVersionEntity,
];

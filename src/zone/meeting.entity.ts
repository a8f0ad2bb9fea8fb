import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

export type MeetingType = 'onSite' | 'video';

/** 周六现场办公 / 周日视频调度: one meeting, the projects it visited, the problems it raised and reviewed. */
@Entity('meeting')
@Index('ix_meeting_held_on', ['heldOn'])
export class MeetingEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** The day it was held (Beijing date). */
  @Column('date', { name: 'held_on' })
  heldOn: string;

  @Column('text')
  type: MeetingType;

  /** Where an on-site meeting took place. */
  @Column('text', { nullable: true })
  place: string | null;

  /** The link of a video dispatch. */
  @Column('text', { nullable: true })
  link: string | null;

  @Column('uuid', { name: 'leader_user_id' })
  leaderUserId: string;

  /** Who attended, as written in the minutes (names and units). */
  @Column('text', { array: true, default: () => "'{}'" })
  attendees: string[];

  @Column('uuid', { name: 'project_ids', array: true })
  projectIds: string[];

  /** Problems reviewed at the meeting (raised ones point back to it through their meetingId). */
  @Column('uuid', { name: 'reviewed_problem_ids', array: true, default: () => "'{}'" })
  reviewedProblemIds: string[];

  /** What was decided, one line per decision. */
  @Column('text', { array: true, default: () => "'{}'" })
  decisions: string[];

  @Column('uuid', { name: 'created_by' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Length,
  Matches,
} from 'class-validator';
import type { MeetingType } from '../meeting.entity';

export const MEETING_TYPES: MeetingType[] = ['onSite', 'video'];
export const MEETING_TYPE_LABELS: Record<MeetingType, string> = { onSite: '现场办公', video: '视频调度' };

export class CreateMeetingDto {
  @ApiProperty({ example: '2026-03-07', description: 'The day it was held (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'heldOn 须为日期 YYYY-MM-DD' })
  heldOn: string;

  @ApiProperty({ enum: MEETING_TYPES, description: 'onSite 现场办公 / video 视频调度' })
  @IsIn(MEETING_TYPES)
  type: MeetingType;

  @ApiPropertyOptional({ example: '斯诺新材料项目现场', description: 'Where (on-site meetings)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  place?: string;

  @ApiPropertyOptional({ example: 'https://meeting.example/123', description: 'The link (video dispatches)' })
  @IsOptional()
  @IsUrl({ require_protocol: true })
  link?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The leader who chaired it (default: the caller, if a leader)' })
  @IsOptional()
  @IsUUID()
  leaderUserId?: string;

  @ApiProperty({ example: ['管委会 王主任', '住建局 李科长'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  attendees: string[];

  @ApiProperty({ type: [String], description: 'The projects visited or dispatched' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  projectIds: string[];

  @ApiPropertyOptional({ type: [String], description: 'Problems reviewed at the meeting' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  reviewedProblemIds?: string[];

  @ApiPropertyOptional({ example: ['住建局3个工作日内完成图审意见'], description: 'The minutes: what was decided' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 1000, { each: true })
  decisions?: string[];
}

import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AccessPolicy } from '../auth/access-policy';
import type { AuthUser } from '../auth/auth-user';
import { Clock } from '../common/clock';
import { AppException } from '../common/errors/app-exception';
import { MEETING_TYPE_LABELS, type CreateMeetingDto } from './dto/meeting.dto';
import { toView, type ProblemView } from './problems.service';
import { isIsoDate } from './milestone-status';
import { ZoneRepository, type MeetingRow } from './zone.repository';
import { validationFailed, type FieldProblem } from './field-problems';

export interface MeetingView {
  id: string;
  heldOn: string;
  type: string;
  typeLabel: string;
  place: string | null;
  link: string | null;
  leader: { id: string; name: string | null };
  attendees: string[];
  projects: { id: string; name: string }[];
  problemsRaised: ProblemView[];
  problemsReviewed: ProblemView[];
  decisions: string[];
}

/** 现场办公 / 视频调度: record a meeting, list those one may see (with only the projects and problems one sees). */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ZoneRepository,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
  ) {}

  async create(user: AuthUser, dto: CreateMeetingDto): Promise<MeetingView> {
    return this.dataSource.transaction(async (m) => {
      const problems: FieldProblem[] = [];
      if (dto.type === 'onSite' && !dto.place) problems.push({ field: 'place', problems: ['现场办公须填写地点'] });
      if (dto.type === 'video' && !dto.link) problems.push({ field: 'link', problems: ['视频调度须填写会议链接'] });
      if (!isIsoDate(dto.heldOn)) problems.push({ field: 'heldOn', problems: ['不是有效日期'] });
      const leaderUserId = dto.leaderUserId ?? (user.role === 'leader' ? user.id : undefined);
      if (!leaderUserId) problems.push({ field: 'leaderUserId', problems: ['须指明主持会议的项目长'] });
      else if ((await this.repo.userRole(m, leaderUserId)) !== 'leader')
        problems.push({ field: 'leaderUserId', problems: ['须为在用的项目长账号'] });
      const projectIds = [...new Set(dto.projectIds)];
      const projects = await this.repo.findProjects(m, projectIds);
      // Counted, not named: a project one may not manage here is one the same scope hides (meeting:manage and
      // project:read are both 'assigned'), so its name and whether it exists are not the caller's to learn.
      const unknown = projectIds.filter(
        (id) => !projects.some((p) => p.id === id && this.access.can(user, 'meeting:manage', p)),
      );
      if (unknown.length)
        problems.push({ field: 'projectIds', problems: [`有 ${unknown.length} 个项目不存在或您无权调度`] });
      const reviewed = [...new Set(dto.reviewedProblemIds ?? [])];
      const problemProjects = await this.repo.problemProjects(m, reviewed);
      const stray = reviewed.filter((id) => !projectIds.includes(problemProjects.get(id) ?? ''));
      if (stray.length)
        problems.push({ field: 'reviewedProblemIds', problems: [`有 ${stray.length} 个问题不属于本次调度的项目`] });
      if (problems.length) throw validationFailed(problems);
      const id = randomUUID();
      await this.repo.insertMeeting(m, {
        id,
        heldOn: dto.heldOn,
        type: dto.type,
        place: dto.place ?? null,
        link: dto.link ?? null,
        leaderUserId: leaderUserId!,
        attendees: dto.attendees.map((a) => a.trim()),
        projectIds,
        reviewedProblemIds: reviewed,
        decisions: (dto.decisions ?? []).map((d) => d.trim()),
        createdBy: user.id,
      });
      return (await this.list(user, id, m))[0];
    });
  }

  async get(user: AuthUser, id: string): Promise<MeetingView> {
    const [meeting] = await this.list(user, id);
    if (!meeting) throw new AppException('NOT_FOUND', '会议不存在');
    return meeting;
  }

  async list(user: AuthUser, id?: string, m: EntityManager = this.dataSource.manager): Promise<MeetingView[]> {
    const rows = await this.repo.meetings(m, this.access.meetingFilter(user), id);
    return Promise.all(rows.map((r) => this.view(m, user, r)));
  }

  private async view(m: EntityManager, user: AuthUser, r: MeetingRow): Promise<MeetingView> {
    const projects = (await this.repo.findProjects(m, r.projectIds)).filter((p) => this.access.canSee(user, p));
    const now = this.clock.now();
    const seen = await this.repo.problems(m, this.access.problemFilter(user), {
      atMeeting: { meetingId: r.id, reviewed: r.reviewedProblemIds },
    });
    return {
      id: r.id,
      heldOn: r.heldOn,
      type: r.type,
      typeLabel: MEETING_TYPE_LABELS[r.type as keyof typeof MEETING_TYPE_LABELS] ?? '',
      place: r.place,
      link: r.link,
      leader: { id: r.leaderUserId, name: r.leaderName },
      attendees: r.attendees,
      projects: projects.map((p) => ({ id: p.id, name: p.name })),
      problemsRaised: seen.filter((p) => p.context.meetingId === r.id).map((p) => toView(p, now)),
      problemsReviewed: seen.filter((p) => r.reviewedProblemIds.includes(p.id)).map((p) => toView(p, now)),
      decisions: r.decisions,
    };
  }
}

import { Body, Controller, Get, Headers, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { canonicalJson, sha256 } from '../audit/hash-chain';
import { parseIdempotencyKey } from '../cases/command-headers';
import { ApiIfMatch, parseVersionIfMatch, versionEtag } from '../common/edit-version/if-match';
import { uuidParam } from '../common/uuid-param';
import { CreateMeetingDto } from './dto/meeting.dto';
import { PutMilestonesDto } from './dto/milestone.dto';
import { ListProblemsQuery, RaiseProblemDto } from './dto/problem.dto';
import { ProjectTeamDto } from './dto/team.dto';
import { MeetingsService } from './meetings.service';
import { MilestonesService } from './milestones.service';
import { ProblemsService } from './problems.service';
import { TeamService } from './team.service';
import { ZoneOverviewService } from './zone-overview.service';

const uuid = uuidParam();

/** The zone command (包保制, 1+1+N, 问题清单, 现场办公/视频调度, 作战图). */
@ApiTags('zone')
@ApiBearerAuth()
@Controller()
export class ZoneController {
  constructor(
    private readonly problems: ProblemsService,
    private readonly meetings: MeetingsService,
    private readonly milestones: MilestonesService,
    private readonly team: TeamService,
    private readonly overview: ZoneOverviewService,
  ) {}

  @Post('problems')
  @RequirePermission('problem:raise')
  @ApiOperation({
    summary: '提出问题: raise a problem on a project (its events then go through /api/cases/{id}/events)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first response',
  })
  async raise(
    @Body() dto: RaiseProblemDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') key: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.problems.raise(user, dto, {
      key: parseIdempotencyKey(key),
      requestHash: sha256(canonicalJson({ path: '/problems', body: dto })),
    });
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.statusCode);
    return result.body;
  }

  @Get('problems')
  @RequirePermission('problem:read')
  @ApiOperation({ summary: '问题清单: the problems one may see (a department: those assigned to it)' })
  list(@Query() q: ListProblemsQuery, @CurrentUser() user: AuthUser) {
    return this.problems.list(user, q);
  }

  @Post('meetings')
  @RequirePermission('meeting:manage')
  @ApiOperation({ summary: '记录会议: an on-site meeting (现场办公) or video dispatch (视频调度)' })
  createMeeting(@Body() dto: CreateMeetingDto, @CurrentUser() user: AuthUser) {
    return this.meetings.create(user, dto);
  }

  @Get('meetings')
  @RequirePermission('meeting:read')
  @ApiOperation({ summary: '会议列表: meetings that visited a project one sees' })
  async listMeetings(@CurrentUser() user: AuthUser) {
    const items = await this.meetings.list(user);
    return { items, total: items.length };
  }

  @Get('meetings/:id')
  @RequirePermission('meeting:read')
  @ApiOperation({ summary: '会议详情' })
  getMeeting(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser) {
    return this.meetings.get(user, id);
  }

  @Get('projects/:id/milestones')
  @RequirePermission('milestone:read')
  @ApiOperation({
    summary: '作战图: planned milestones, actual dates (workflow or steward), 滞后 and warnings; ETag = version',
  })
  async getMilestones(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const map = await this.milestones.get(user, id);
    res.setHeader('ETag', versionEtag(map.version));
    return map;
  }

  @Put('projects/:id/milestones')
  @RequirePermission('milestone:manage')
  @ApiOperation({ summary: '更新作战图: the whole list of milestones, in order' })
  @ApiIfMatch()
  async putMilestones(
    @Param('id', uuid) id: string,
    @Body() dto: PutMilestonesDto,
    @CurrentUser() user: AuthUser,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const map = await this.milestones.put(user, id, dto, parseVersionIfMatch(ifMatch));
    res.setHeader('ETag', versionEtag(map.version));
    return map;
  }

  @Get('projects/:id/team')
  @RequirePermission('project:read')
  @ApiOperation({ summary: '项目服务团队: key project, leader (项目长), steward (项目管家), 1+1+N; ETag = version' })
  async getTeam(
    @Param('id', uuid) id: string,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const team = await this.team.get(user, id);
    res.setHeader('ETag', versionEtag(team.version));
    return team;
  }

  @Put('projects/:id/team')
  @RequirePermission('team:manage')
  @ApiOperation({ summary: '设置项目服务团队 (admin)' })
  @ApiIfMatch()
  async putTeam(
    @Param('id', uuid) id: string,
    @Body() dto: ProjectTeamDto,
    @CurrentUser() user: AuthUser,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const team = await this.team.put(user, id, dto, parseVersionIfMatch(ifMatch));
    res.setHeader('ETag', versionEtag(team.version));
    return team;
  }

  @Get('zone/projects')
  @RequirePermission('zone:read')
  @ApiOperation({ summary: '项目长/项目管家视图: projects with overdue work, open problems and slipping milestones' })
  @ApiQuery({ name: 'keyOnly', required: false, enum: ['true', 'false'] })
  zoneProjects(@CurrentUser() user: AuthUser, @Query('keyOnly') keyOnly?: string) {
    return this.overview.projects(user, keyOnly === 'true');
  }
}

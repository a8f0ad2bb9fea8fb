import { Body, Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { canonicalJson, sha256 } from '../audit/hash-chain';
import { AppException } from '../common/errors/app-exception';
import { uuidParam } from '../common/uuid-param';
import { parseIdempotencyKey, parseIfMatch } from './command-headers';
import { CaseViewService } from './case-view.service';
import { CommandService } from './command.service';
import { EventGates } from './event-gates';
import { MigrateCaseDto, SendEventDto } from './dto/send-event.dto';

const uuid = uuidParam();

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly commands: CommandService,
    private readonly views: CaseViewService,
    private readonly gates: EventGates,
  ) {}

  @Get(':id')
  @RequirePermission('case:read')
  @ApiOperation({
    summary: '案件/事项详情: state, zh-CN status, deadline, children and the events this caller may send now',
  })
  async get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response) {
    const view = await this.views.viewFor(user, id);
    res.setHeader('ETag', `"${view.seq}"`);
    return view;
  }

  @Post(':id/events')
  @HttpCode(200)
  @RequirePermission('case:act')
  @ApiOperation({
    summary:
      '发送事件: apply one event to a case (Idempotency-Key makes retries safe; If-Match guards against stale reads)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'A retry with the same key returns the first response',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag (sequence number) the client last saw' })
  @ApiOkResponse({ description: '{ event, cascade, case }' })
  async send(
    @Param('id', uuid) id: string,
    @Body() body: SendEventDto,
    @CurrentUser() user: AuthUser,
    @Headers('idempotency-key') idempotencyKeyHeader: string | undefined,
    @Headers('if-match') ifMatchHeader: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const idempotencyKey = parseIdempotencyKey(idempotencyKeyHeader);
    const expectedSeq = parseIfMatch(ifMatchHeader);
    const requestHash = sha256(
      canonicalJson({
        path: `/cases/${id}/events`,
        type: body.type,
        payload: body.payload ?? {},
        ifMatch: expectedSeq ?? null,
      }),
    );
    const result = await this.sendChecked(id, body, user, idempotencyKey, expectedSeq, requestHash);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.setHeader('ETag', `"${(result.body as { case: { seq: number } }).case.seq}"`);
    res.status(result.statusCode);
    return result.body;
  }

  /** The gates, then the command; a refusal of the event type says what the caller can do now instead. */
  private async sendChecked(
    id: string,
    body: SendEventDto,
    user: AuthUser,
    idempotencyKey: string | undefined,
    expectedSeq: number | undefined,
    requestHash: string,
  ) {
    try {
      return await this.sendUnchecked(id, body, user, idempotencyKey, expectedSeq, requestHash);
    } catch (e) {
      if (e instanceof AppException && e.code === 'EVENT_NOT_ALLOWED')
        throw await this.views.explainRefusal(e, user, id);
      throw e;
    }
  }

  private async sendUnchecked(
    id: string,
    body: SendEventDto,
    user: AuthUser,
    idempotencyKey: string | undefined,
    expectedSeq: number | undefined,
    requestHash: string,
  ) {
    await this.gates.check({ user, instanceId: id, type: body.type, payload: body.payload ?? {} });
    // Access is checked on the locked row, in the command's transaction (CaseViewService.access).
    return this.commands.execute(
      {
        instanceId: id,
        type: body.type,
        payload: body.payload ?? {},
        access: this.views.commandAccess(user, id),
        expectedSeq,
        idempotencyKey,
      },
      requestHash,
      async (m, applied) => ({
        event: applied.applied,
        cascade: applied.cascade,
        case: (await this.views.fromWrite(applied)) ?? (await this.views.view(id, applied.target.actor, m)),
      }),
    );
  }

  @Post(':id/migrate')
  @HttpCode(200)
  @RequirePermission('definition:migrate')
  @ApiOperation({
    summary: '版本迁移: move an in-flight case to a newer definition version (admin; recorded as an event)',
  })
  async migrate(
    @Param('id', uuid) id: string,
    @Body() body: MigrateCaseDto,
    @CurrentUser() user: AuthUser,
    @Headers('if-match') ifMatch?: string,
  ) {
    await this.views.projectOf(id);
    const applied = await this.commands.migrate({
      instanceId: id,
      toVersion: body.toVersion,
      reason: body.reason,
      actor: { userId: user.id, role: user.role },
      expectedSeq: parseIfMatch(ifMatch),
    });
    return { event: applied, case: await this.views.view(id, null) };
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '../auth/require-permission.decorator';
import { AppException } from '../common/errors/app-exception';
import type { SignedHead } from './signed-head';
import { type HeadLogCursor, SignedHeadRepository } from './signed-head.repository';
import { type PublicKeyInfo, SigningKeys } from './signing-keys';

const PAGE = 1000;
const MAX_PAGE = 10_000;

/** The day in China Standard Time (UTC+8, no daylight saving) as an instant range; null unless a real date. */
function chinaDay(date: string): { from: Date; to: Date } | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(midnightUtc) || new Date(midnightUtc).toISOString().slice(0, 10) !== date) return null;
  const from = new Date(midnightUtc - 8 * 3_600_000);
  return { from, to: new Date(from.getTime() + 86_400_000) };
}

/** A page boundary: signing time, instance and seq of the last head of the previous page. */
function encodeCursor(h: SignedHead): string {
  return `${h.signedAt}~${h.instanceId}~${h.seq}`;
}

function decodeCursor(text: string): HeadLogCursor | null {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([0-9a-f-]{36})~(\d{1,9})$/i.exec(text);
  return m && !Number.isNaN(Date.parse(m[1])) ? { signedAt: m[1], instanceId: m[2], seq: Number(m[3]) } : null;
}

/**
 * The published head log, after Certificate Transparency's signed tree heads and AWS QLDB's digests: auditors
 * fetch each day's signed heads and the public keys, and keep them outside the service; later exports are checked
 * against what they hold (`npm run verify-export -- case.json --public-key k.pem --head-log heads.json`).
 */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class HeadLogController {
  constructor(
    private readonly heads: SignedHeadRepository,
    private readonly keys: SigningKeys,
  ) {}

  @Get('heads')
  @RequirePermission('heads:read')
  @ApiOperation({
    summary:
      '链头日志: every chain head signed on a day (China time), with its signature and key id, in signing order; page with ?after=next',
  })
  @ApiQuery({ name: 'date', required: true, example: '2026-03-02' })
  @ApiQuery({ name: 'after', required: false, description: 'the `next` of the previous page' })
  @ApiQuery({ name: 'limit', required: false, example: String(PAGE) })
  async headLog(@Query('date') date?: string, @Query('after') after?: string, @Query('limit') limit?: string) {
    const day = date === undefined ? null : chinaDay(date);
    if (!day)
      throw new AppException('VALIDATION_FAILED', '请按“年-月-日”填写日期，例如 2026-03-02。', [
        { field: 'date', reason: 'date must be YYYY-MM-DD' },
      ]);
    const cursor = after === undefined ? undefined : decodeCursor(after);
    if (cursor === null)
      throw new AppException('VALIDATION_FAILED', '翻页参数无效，请使用上一页返回的值。', [
        { field: 'after', reason: 'after must be the next value of the previous page' },
      ]);
    let size = PAGE;
    if (limit !== undefined) {
      size = /^\d{1,5}$/.test(limit) ? Number(limit) : 0;
      if (size < 1 || size > MAX_PAGE)
        throw new AppException('VALIDATION_FAILED', `每页条数应在 1 到 ${MAX_PAGE} 之间。`, [
          { field: 'limit', reason: `limit must be between 1 and ${MAX_PAGE}` },
        ]);
    }
    const heads = await this.heads.signedBetween(day.from, day.to, size + 1, cursor);
    const page = heads.slice(0, size);
    return {
      date,
      timeZone: 'Asia/Shanghai',
      heads: page,
      next: heads.length > size ? encodeCursor(page[page.length - 1]) : null,
    };
  }

  @Get('public-keys')
  @RequirePermission('heads:read')
  @ApiOperation({ summary: '签名公钥: the Ed25519 public keys of signed heads by key id, current and retired' })
  publicKeys(): { current: string; keys: PublicKeyInfo[] } {
    return { current: this.keys.keyId, keys: this.keys.publicKeys() };
  }
}

import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** 信用修复: why the record no longer bars, and what shows it. */
export class RepairCreditDto {
  @ApiProperty({ example: '已按要求整改并通过复查', description: '修复理由' })
  @IsString()
  @Length(1, 500, { message: '请填写修复理由（500字以内）' })
  reason: string;

  @ApiProperty({ example: '整改复查意见书 SZGX-ZG-2026-012', description: '修复依据（证明材料）' })
  @IsString()
  @Length(1, 500, { message: '请填写修复依据（500字以内）' })
  evidence: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class MilestoneDto {
  @ApiPropertyOptional({
    example: 'workStart',
    description:
      'A standard code (signing, landSupply, workStart, structureComplete, equipmentInstalled, production, completion) or one the zone adds',
  })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9-]{0,39}$/, { message: 'code 须为字母开头的英文代码' })
  code?: string;

  @ApiPropertyOptional({ example: '环评批复', description: 'Required for a milestone the zone adds' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiProperty({ example: '2026-04-30' })
  @Matches(DATE, { message: 'plannedOn 须为日期 YYYY-MM-DD' })
  plannedOn: string;

  @ApiPropertyOptional({ type: String, example: '2026-05-03', nullable: true, description: 'Entered by the steward' })
  @IsOptional()
  @Matches(DATE, { message: 'actualOn 须为日期 YYYY-MM-DD' })
  actualOn?: string | null;
}

/** PUT /api/projects/{id}/milestones: the whole battle map, in order. */
export class PutMilestonesDto {
  @ApiProperty({ type: [MilestoneDto] })
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => MilestoneDto)
  milestones: MilestoneDto[];
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { STAGE_FILTERS, type StageFilter } from '../stage-filter';

/** 'true' / 'false' in a query string → boolean; anything else is left for IsBoolean to refuse. */
export const queryBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class PageQuery {
  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ example: 0, minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  offset?: number;
}

export class ListProjectsQuery extends PageQuery {
  @ApiPropertyOptional({
    example: '铜箔',
    description:
      'A project code (项目编号, e.g. SZGX-2026-0001: that project exactly) or part of the project name ' +
      '(case-insensitive; % and _ are literal)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({
    enum: STAGE_FILTERS,
    description:
      "An active project's current stage, or 'complete' (已竣工验收) for the projects whose 竣工验收 is done " +
      '(labels: GET /api/labels, stages)',
  })
  @IsOptional()
  @IsIn(STAGE_FILTERS)
  stage?: StageFilter;

  @ApiPropertyOptional({ enum: ['active', 'done'], description: "'done' once 竣工验收 is complete" })
  @IsOptional()
  @IsIn(['active', 'done'])
  status?: 'active' | 'done';

  @ApiPropertyOptional({ description: 'true: projects with an active instance past its due time' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;
}

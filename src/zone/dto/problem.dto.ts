import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { suizhouHighTechZoneCatalog as catalog } from '../../../workflows/catalog';
import { PROBLEM_CATEGORIES, type ProblemCategory } from '../../../workflows/problem/problem.machine';
import { MAX_PROBLEM_LIMIT, PROBLEM_STATE_LABELS } from '../../../workflows/problem/problem.definition';

const DEPARTMENTS = catalog.departments.map((d) => d.code);
const CATEGORIES = Object.keys(PROBLEM_CATEGORIES) as ProblemCategory[];

export class RaiseProblemDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  projectId: string;

  @ApiProperty({ example: '施工临时用电尚未接入' })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiPropertyOptional({ example: '配电房已建成，供电公司未排期接电' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  description?: string;

  @ApiProperty({ enum: CATEGORIES, description: '审批手续、用地、水电气、融资、政策兑现、施工环境、其他' })
  @IsIn(CATEGORIES)
  category: ProblemCategory;

  @ApiProperty({ enum: DEPARTMENTS, description: 'The responsible department (catalog code)' })
  @IsIn(DEPARTMENTS)
  department: string;

  @ApiProperty({ example: 5, minimum: 1, maximum: MAX_PROBLEM_LIMIT, description: 'Limit in working days' })
  @IsInt()
  @Min(1)
  @Max(MAX_PROBLEM_LIMIT)
  limitWorkingDays: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'The meeting it is raised at' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;
}

export class ListProblemsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({ enum: DEPARTMENTS })
  @IsOptional()
  @IsIn(DEPARTMENTS)
  department?: string;

  @ApiPropertyOptional({ enum: Object.keys(PROBLEM_STATE_LABELS), description: 'The problem state' })
  @IsOptional()
  @IsIn(Object.keys(PROBLEM_STATE_LABELS))
  status?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  meetingId?: string;

  @ApiPropertyOptional({ description: 'Only the overdue ones (true)' })
  @IsOptional()
  @Type(() => String)
  @IsIn(['true', 'false'])
  overdue?: string;
}

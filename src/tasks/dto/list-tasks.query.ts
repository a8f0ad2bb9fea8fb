import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { suizhouHighTechZoneCatalog as catalog } from '../../../workflows/catalog';
import { PageQuery, queryBoolean } from '../../projects/dto/list-projects.query';

export class ListTasksQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'departmentAccepted.reviewing', description: 'Only instances in this state' })
  @IsOptional()
  @Matches(/^[A-Za-z][A-Za-z0-9_.|]{0,200}$/, { message: 'state must be a state name such as received' })
  state?: string;

  @ApiPropertyOptional({ description: 'true: only overdue (逾期); false: only not overdue' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: 'true: only in warning (预警, not yet overdue); false: only not in warning' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  warning?: boolean;

  @ApiPropertyOptional({ description: 'Only tasks of this project' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({
    enum: catalog.departments.map((d) => d.code),
    description: "Auditor only: the department queue to read (default: every department's queue)",
  })
  @IsOptional()
  @IsIn(catalog.departments.map((d) => d.code))
  department?: string;
}

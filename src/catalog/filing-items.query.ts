import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { CIVIL_DEFENSE_OUTCOMES } from '../projects/dto/create-project.dto';
import { queryBoolean } from '../projects/dto/list-projects.query';
import type { CivilDefenseOutcome } from '../../workflows/catalog';

/** The project flags a filing declares (as in CreateProjectDto), which choose the items and materials. */
export class FilingItemsQuery {
  @ApiPropertyOptional({ example: true, description: '工业项目 (default false)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  industrial?: boolean;

  @ApiPropertyOptional({ example: false, description: '特殊建设工程 (default false)' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  specialConstruction?: boolean;

  @ApiPropertyOptional({
    enum: CIVIL_DEFENSE_OUTCOMES,
    description: '人防 (default: exempt for an industrial project, shelter otherwise)',
  })
  @IsOptional()
  @IsIn(CIVIL_DEFENSE_OUTCOMES)
  civilDefense?: CivilDefenseOutcome;
}

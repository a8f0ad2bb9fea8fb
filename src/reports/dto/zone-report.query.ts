import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ZoneReportQuery {
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'json (default) or csv (UTF-8 with BOM, for Excel)' })
  @IsOptional()
  @IsIn(['json', 'csv'], { message: 'format 只能是 json 或 csv' })
  format?: 'json' | 'csv';
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class FindEnterprisesQuery {
  @ApiPropertyOptional({
    example: '铜箔',
    description:
      'Part of the enterprise name or of its 统一社会信用代码 (case-insensitive); absent: the first 20 by name',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;
}

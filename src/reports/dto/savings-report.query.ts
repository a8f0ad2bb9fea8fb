import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class SavingsReportQuery {
  @ApiProperty({ description: 'The project (its id)', example: '0b8f5c1e-3f0a-4c8e-9a51-5d0d1f2b7a10' })
  @IsUUID('all', { message: 'projectId 须为项目编号（UUID）' })
  projectId: string;
}

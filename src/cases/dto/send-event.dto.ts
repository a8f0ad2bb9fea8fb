import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';

export class SendEventDto {
  @ApiProperty({ example: 'WINDOW_ACCEPT', description: 'One of the allowedEvents[].type of the case' })
  @Matches(/^[A-Z][A-Z0-9_]{0,63}$/, { message: 'type must be an event type such as WINDOW_ACCEPT' })
  type: string;

  @ApiPropertyOptional({
    example: { note: '材料齐全' },
    description: "Must match the event's payloadSchema (JSON Schema) from allowedEvents",
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  payload?: Record<string, unknown>;
}

export class MigrateCaseDto {
  @ApiProperty({ example: 2, description: 'A newer released version of the same definition' })
  @IsInt()
  @Min(1)
  @Max(9999)
  toVersion: number;

  @ApiProperty({ example: '升级为六证联发 / upgrade to joint issuance of six certificates' })
  @IsString()
  @Length(2, 500)
  reason: string;
}

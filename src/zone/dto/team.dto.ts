import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateNested } from 'class-validator';

export class ContactDto {
  @ApiProperty({ example: '王经理' })
  @IsString()
  // A blank name is refused by TeamService with the other contacts' problems, in words ("须填写联系人姓名").
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: '13800000000' })
  @IsOptional()
  @IsString()
  @Length(1, 40)
  phone?: string;
}

/** PUT /api/projects/{id}/team: the whole team (1+1+N) and the key-project flag. */
export class ProjectTeamDto {
  @ApiProperty({ description: '重点项目' })
  @IsBoolean()
  keyProject: boolean;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: '项目长: a user with role leader' })
  @IsOptional()
  @IsUUID()
  leaderUserId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: '项目管家: a user with role steward' })
  @IsOptional()
  @IsUUID()
  stewardUserId?: string | null;

  @ApiPropertyOptional({ type: ContactDto, description: '企业联系人' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ContactDto)
  enterpriseContact?: ContactDto;

  @ApiPropertyOptional({ description: 'Department code → its liaison (部门联络员): { name, phone? }' })
  @IsOptional()
  @IsObject()
  liaisons?: Record<string, ContactDto>;
}

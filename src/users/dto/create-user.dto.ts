import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { DEPARTMENT_CODES, USER_ROLES, type UserRole } from '../user-role';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export class CreateUserDto {
  @ApiProperty({ example: 'clerk-planning-2', description: 'lower-case letters, digits, . _ -; 2–63 characters' })
  @IsString()
  @Matches(USERNAME_PATTERN, { message: 'username must be 2–63 lower-case letters, digits, ".", "_" or "-"' })
  username: string;

  @ApiProperty({ example: '自然资源和规划局 审查员' })
  @IsString()
  @Length(1, 100)
  displayName: string;

  @ApiProperty({ minLength: 8, maxLength: 256 })
  @IsString()
  @Length(8, 256)
  password: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role: UserRole;

  @ApiPropertyOptional({ enum: DEPARTMENT_CODES, description: 'required for clerks, not allowed for other roles' })
  @IsOptional()
  @IsIn(DEPARTMENT_CODES)
  department?: string;

  @ApiPropertyOptional({
    example: 'snow-new-materials',
    description: 'required for the enterprise role, not allowed for others',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  enterpriseId?: string;

  @ApiPropertyOptional({ type: [String], description: 'projects a steward (项目管家) is assigned to; stewards only' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  assignedProjectIds?: string[];
}

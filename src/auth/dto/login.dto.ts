import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'clerk-window' })
  @IsString()
  @Length(1, 64)
  username: string;

  @ApiProperty({ example: 'demo', format: 'password' })
  @IsString()
  @Length(1, 256)
  password: string;
}

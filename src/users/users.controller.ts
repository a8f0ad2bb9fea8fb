import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { uuidParam } from '../common/uuid-param';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/current-user.decorator';
import { RequirePermission } from '../auth/require-permission.decorator';
import { CreateUserDto } from './dto/create-user.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { toUserView, type UserView } from './user.view';
import { UsersService } from './users.service';

/** User administration (系统管理员 only). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@RequirePermission('user:manage')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every user account, without password hashes' })
  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(toUserView);
  }

  @Post()
  @ApiOperation({ summary: 'Create a user; 409 CONFLICT when the username is taken' })
  async create(@Body() dto: CreateUserDto): Promise<UserView> {
    return toUserView(await this.users.create(dto));
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change display name, password, active flag or a steward’s projects' })
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() me: AuthUser,
  ): Promise<UserView> {
    return toUserView(await this.users.update(id, dto, me.id));
  }
}

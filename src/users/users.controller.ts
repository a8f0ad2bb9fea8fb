import { Body, Controller, Get, Headers, Param, Patch, Post } from '@nestjs/common';
import { ApiIfMatch, parseVersionIfMatch } from '../common/edit-version/if-match';
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
  @ApiOperation({ summary: 'Every user account, without password hashes; `version` is what PATCH takes in If-Match' })
  async list(): Promise<UserView[]> {
    return (await this.users.listVersioned()).map((x) => toUserView(x.user, x.version));
  }

  @Post()
  @ApiOperation({ summary: 'Create a user; 409 CONFLICT when the username is taken' })
  async create(@Body() dto: CreateUserDto): Promise<UserView> {
    return toUserView(await this.users.create(dto), 0);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change display name, password, active flag or a steward’s projects' })
  @ApiIfMatch()
  async update(
    @Param('id', uuidParam()) id: string,
    @Body() dto: UpdateUserDto,
    @CurrentUser() me: AuthUser,
    @Headers('if-match') ifMatch: string | undefined,
  ): Promise<UserView> {
    const { user, version } = await this.users.update(id, dto, me.id, parseVersionIfMatch(ifMatch));
    return toUserView(user, version);
  }
}

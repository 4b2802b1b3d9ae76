import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { ROLES, type Page } from '@saleswire/contracts';
import { NotFoundError } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type AuthenticatedPrincipal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { IdParam, IfMatchVersion, WithEtag } from '../http/route-conventions';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { UpdateUserDto } from './dto/update-user.dto';
import { UserChangeService } from './user-change.service';
import { UserService } from './user.service';
import type { UserDirectoryEntry, UserView } from './user.view';

/** Who may read the directory: everyone of the company; partners' users may not (a partner sees no one's people). */
const READS_THE_DIRECTORY = ['admin', 'head_of_sales', 'manager', 'channel_manager'] as const;

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UserService,
    private readonly changes: UserChangeService,
  ) {}

  @Post()
  @AcceptsIdempotencyKey()
  @ApiBody({ type: CreateUserDto })
  create(@Body() body: CreateUserDto, @CurrentUser() principal: AuthenticatedPrincipal): Promise<UserView> {
    return this.users.create(body, toActor(principal));
  }

  /**
   * The directory, oldest first: whole users for an administrator, the directory's fields (`UserDirectoryEntry`)
   * for the company's own people, who need colleagues' names. Not for partners' users: another partner's people,
   * and the company's, are none of theirs (403).
   */
  @Get()
  @Roles(...READS_THE_DIRECTORY)
  list(@Query() query: ListUsersQuery, @CurrentUser() principal: AuthenticatedPrincipal): Promise<Page<UserView | UserDirectoryEntry>> {
    return this.users.list(query, principal.role);
  }

  /** The caller as a user of the directory; an API key or an external identity is no user here (404). */
  @Get('me')
  @Roles(...ROLES)
  @WithEtag()
  me(@CurrentUser() principal: AuthenticatedPrincipal): Promise<UserView> {
    if (principal.via !== 'gateway_token') throw new NotFoundError('User', principal.id, 'This caller is not a user of the directory (an API key or an external identity).');
    return this.users.get(principal.id);
  }

  @Get(':id')
  @WithEtag()
  get(@IdParam() id: string): Promise<UserView> {
    return this.users.get(id);
  }

  @Patch(':id')
  @WithEtag()
  @ApiBody({ type: UpdateUserDto })
  update(
    @IdParam() id: string,
    @Body() body: UpdateUserDto,
    @IfMatchVersion() version: number,
    @CurrentUser() principal: AuthenticatedPrincipal,
  ): Promise<UserView> {
    return this.changes.update(id, body, version, toActor(principal));
  }

  /** Ends the user's activity: their tokens and the API keys they made stop at once, on every replica. */
  @Post(':id/deactivate')
  @HttpCode(200)
  @AcceptsIdempotencyKey()
  @WithEtag()
  deactivate(@IdParam() id: string, @CurrentUser() principal: AuthenticatedPrincipal): Promise<UserView> {
    return this.changes.deactivate(id, toActor(principal));
  }
}

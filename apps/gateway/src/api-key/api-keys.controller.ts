import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Page } from '@saleswire/contracts';
import { CurrentUser, Roles, type Principal } from '../auth/principal';
import { IdParam } from '../http/route-conventions';
import { ApiKeyService } from './api-key.service';
import type { ApiKeyView, CreatedApiKeyView } from './api-key.view';
import { CreateApiKeyDto } from './dto/create-api-key.dto';
import { ListApiKeysQuery } from './dto/list-api-keys.query';

@ApiTags('api-keys')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles('admin')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeyService) {}

  /** A key for an integration, acting with `role` (and `partnerId`); the key is in this answer only. */
  @Post()
  @ApiBody({ type: CreateApiKeyDto })
  create(@Body() body: CreateApiKeyDto, @CurrentUser() creator: Principal): Promise<CreatedApiKeyView> {
    return this.keys.create(body, creator);
  }

  @Get()
  list(@Query() query: ListApiKeysQuery): Promise<Page<ApiKeyView>> {
    return this.keys.list(query);
  }

  /** Revokes the key: every replica refuses it from the answer on. */
  @Delete(':id')
  @HttpCode(204)
  async revoke(@IdParam() id: string): Promise<void> {
    await this.keys.revoke(id);
  }
}

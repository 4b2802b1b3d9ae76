import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CREATE_PIPELINE_V1,
  CreatePipelineInputV1,
  LIST_PIPELINES_V1,
  type Page,
  type PipelineViewV1,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

@ApiTags('pipelines')
@ApiBearerAuth()
@Controller('pipelines')
export class PipelinesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@CurrentUser() user: Principal): Promise<Page<PipelineViewV1>> {
    return this.rpc.send(LIST_PIPELINES_V1, { actor: toActor(user) });
  }

  @Post()
  @AcceptsIdempotencyKey()
  @Roles('admin', 'head_of_sales')
  @ApiBody({ type: CreatePipelineInputV1 })
  create(@Body() body: CreatePipelineInputV1, @CurrentUser() user: Principal): Promise<PipelineViewV1> {
    return this.rpc.send(CREATE_PIPELINE_V1, { actor: toActor(user), input: body });
  }
}

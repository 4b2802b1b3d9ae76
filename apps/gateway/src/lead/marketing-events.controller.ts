import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CREATE_MARKETING_EVENT_V1,
  CreateMarketingEventInputV1,
  LIST_MARKETING_EVENTS_V1,
  ListMarketingEventsQueryV1,
  type MarketingEventViewV1,
  type Page,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

/** Exhibitions, seminars and conferences the company takes part in; their cost is what their leads return. */
@ApiTags('leads')
@ApiBearerAuth()
@Controller('marketing-events')
export class MarketingEventsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @AcceptsIdempotencyKey()
  @Roles('admin', 'head_of_sales')
  @ApiBody({ type: CreateMarketingEventInputV1 })
  create(@Body() body: CreateMarketingEventInputV1, @CurrentUser() user: Principal): Promise<MarketingEventViewV1> {
    return this.rpc.send(CREATE_MARKETING_EVENT_V1, { actor: toActor(user), input: body });
  }

  /** Everyone who captures leads needs to pick the event a lead came from. */
  @Get()
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager')
  list(@Query() query: ListMarketingEventsQueryV1, @CurrentUser() user: Principal): Promise<Page<MarketingEventViewV1>> {
    return this.rpc.send(LIST_MARKETING_EVENTS_V1, { actor: toActor(user), query });
  }
}

import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { GET_PARTNER_ROUTING_V1, PartnerRoutingInputV1, type PartnerRoutingViewV1, PUT_PARTNER_ROUTING_V1 } from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { SETS_ROUTING } from './partner-roles';

/** Whether new leads are offered to partners, of which sources, and how long an offer waits (API.md, Partners). */
@ApiTags('partner-routing')
@ApiBearerAuth()
@Controller('partner-routing')
export class PartnerRoutingController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Roles(...SETS_ROUTING)
  get(@CurrentUser() user: Principal): Promise<PartnerRoutingViewV1> {
    return this.rpc.send(GET_PARTNER_ROUTING_V1, { actor: toActor(user) });
  }

  /** Replaces the setting; leads created from then on follow it. */
  @Put()
  @AcceptsIdempotencyKey()
  @Roles(...SETS_ROUTING)
  @ApiBody({ type: PartnerRoutingInputV1 })
  put(@Body() body: PartnerRoutingInputV1, @CurrentUser() user: Principal): Promise<PartnerRoutingViewV1> {
    return this.rpc.send(PUT_PARTNER_ROUTING_V1, { actor: toActor(user), input: body });
  }
}

import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  ACCEPT_LEAD_OFFER_V1,
  AcceptLeadOfferInputV1,
  DECLINE_LEAD_OFFER_V1,
  DeclineLeadOfferInputV1,
  type LeadOfferViewV1,
  LIST_LEAD_OFFERS_V1,
  ListLeadOffersQueryV1,
  type Page,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { IdParam, WithEtag } from '../http/route-conventions';
import { REGISTERS_DEALS, SEES_PARTNERS } from './partner-roles';

/** Leads offered to partners (API.md, Partners): a partner user sees and answers its own partner's offers. */
@ApiTags('lead-offers')
@ApiBearerAuth()
@Controller('lead-offers')
export class LeadOffersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Roles(...SEES_PARTNERS)
  list(@Query() query: ListLeadOffersQueryV1, @CurrentUser() user: Principal): Promise<Page<LeadOfferViewV1>> {
    return this.rpc.send(LIST_LEAD_OFFERS_V1, { actor: toActor(user), query });
  }

  /** The partner takes the lead: the leads service sets its `partnerId`, and the partner's users see it. */
  @Post(':id/accept')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...REGISTERS_DEALS)
  @WithEtag()
  @ApiBody({ type: AcceptLeadOfferInputV1, required: false })
  accept(@IdParam() id: string, @Body() body: AcceptLeadOfferInputV1, @CurrentUser() user: Principal): Promise<LeadOfferViewV1> {
    return this.rpc.send(ACCEPT_LEAD_OFFER_V1, { actor: toActor(user), id, input: body });
  }

  /** The partner turns the lead down; the next partner is offered it, or the direct team keeps it. */
  @Post(':id/decline')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...REGISTERS_DEALS)
  @WithEtag()
  @ApiBody({ type: DeclineLeadOfferInputV1 })
  decline(@IdParam() id: string, @Body() body: DeclineLeadOfferInputV1, @CurrentUser() user: Principal): Promise<LeadOfferViewV1> {
    return this.rpc.send(DECLINE_LEAD_OFFER_V1, { actor: toActor(user), id, input: body });
  }
}

import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type CommissionPageV1,
  CREATE_PARTNER_V1,
  CreatePartnerInputV1,
  type DealRegistrationViewV1,
  GET_PARTNER_V1,
  LIST_COMMISSIONS_V1,
  LIST_PARTNERS_V1,
  ListCommissionsQueryV1,
  ListPartnersQueryV1,
  type Page,
  PartnerStatusChangeInputV1,
  type PartnerViewV1,
  REACTIVATE_PARTNER_V1,
  SUBMIT_DEAL_REGISTRATION_V1,
  SubmitDealRegistrationInputV1,
  SUSPEND_PARTNER_V1,
  UPDATE_PARTNER_V1,
  UpdatePartnerInputV1,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { IdParam, IfMatchVersion, WithEtag } from '../http/route-conventions';
import { REGISTERS_DEALS, RUNS_THE_NETWORK, SEES_PARTNERS } from './partner-roles';

/** API.md, Partners: the partner network, a partner's registrations and its commissions. */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @AcceptsIdempotencyKey()
  @Roles(...RUNS_THE_NETWORK)
  @ApiBody({ type: CreatePartnerInputV1 })
  create(@Body() body: CreatePartnerInputV1, @CurrentUser() user: Principal): Promise<PartnerViewV1> {
    return this.rpc.send(CREATE_PARTNER_V1, { actor: toActor(user), input: body });
  }

  /** Partners in the caller's scope, newest first; a partner user sees its own partner only. */
  @Get()
  @Roles(...SEES_PARTNERS)
  list(@Query() query: ListPartnersQueryV1, @CurrentUser() user: Principal): Promise<Page<PartnerViewV1>> {
    return this.rpc.send(LIST_PARTNERS_V1, { actor: toActor(user), query });
  }

  @Get(':id')
  @Roles(...SEES_PARTNERS)
  @WithEtag()
  get(@IdParam() id: string, @CurrentUser() user: Principal): Promise<PartnerViewV1> {
    return this.rpc.send(GET_PARTNER_V1, { actor: toActor(user), id });
  }

  @Patch(':id')
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: UpdatePartnerInputV1 })
  update(
    @IdParam() id: string,
    @IfMatchVersion() expectedVersion: number,
    @Body() body: UpdatePartnerInputV1,
    @CurrentUser() user: Principal,
  ): Promise<PartnerViewV1> {
    return this.rpc.send(UPDATE_PARTNER_V1, { actor: toActor(user), id, expectedVersion, input: body });
  }

  /** Its users and API keys are refused (403) from the moment the gateway hears of it until it is reactivated. */
  @Post(':id/suspend')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: PartnerStatusChangeInputV1, required: false })
  suspend(@IdParam() id: string, @Body() body: PartnerStatusChangeInputV1, @CurrentUser() user: Principal): Promise<PartnerViewV1> {
    return this.rpc.send(SUSPEND_PARTNER_V1, { actor: toActor(user), id, input: body });
  }

  @Post(':id/reactivate')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: PartnerStatusChangeInputV1, required: false })
  reactivate(@IdParam() id: string, @Body() body: PartnerStatusChangeInputV1, @CurrentUser() user: Principal): Promise<PartnerViewV1> {
    return this.rpc.send(REACTIVATE_PARTNER_V1, { actor: toActor(user), id, input: body });
  }

  /** A partner registers an opportunity (or a channel manager for it); the answer says whether it collides with another channel. */
  @Post(':id/deal-registrations')
  @AcceptsIdempotencyKey()
  @Roles(...REGISTERS_DEALS)
  @WithEtag()
  @ApiBody({ type: SubmitDealRegistrationInputV1 })
  register(@IdParam() id: string, @Body() body: SubmitDealRegistrationInputV1, @CurrentUser() user: Principal): Promise<DealRegistrationViewV1> {
    return this.rpc.send(SUBMIT_DEAL_REGISTRATION_V1, { actor: toActor(user), partnerId: id, input: body });
  }

  /** The partner's commissions with totals per status and currency; 404 for a partner outside the caller's scope. */
  @Get(':id/commissions')
  @Roles(...SEES_PARTNERS)
  commissions(@IdParam() id: string, @Query() query: ListCommissionsQueryV1, @CurrentUser() user: Principal): Promise<CommissionPageV1> {
    return this.rpc.send(LIST_COMMISSIONS_V1, { actor: toActor(user), ofPartner: id, query });
  }
}

import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  APPROVE_DEAL_REGISTRATION_V1,
  ApproveDealRegistrationInputV1,
  type DealRegistrationViewV1,
  EXTEND_DEAL_REGISTRATION_V1,
  ExtendDealRegistrationInputV1,
  GET_DEAL_REGISTRATION_V1,
  LIST_DEAL_REGISTRATIONS_V1,
  ListDealRegistrationsQueryV1,
  type Page,
  REJECT_DEAL_REGISTRATION_V1,
  RejectDealRegistrationInputV1,
  WITHDRAW_DEAL_REGISTRATION_V1,
  WithdrawDealRegistrationInputV1,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { IdParam, WithEtag } from '../http/route-conventions';
import { REGISTERS_DEALS, RUNS_THE_NETWORK, SEES_PARTNERS } from './partner-roles';

/** Deal registrations: listed and read in the caller's scope, decided by the channel side, withdrawn by the partner. */
@ApiTags('deal-registrations')
@ApiBearerAuth()
@Controller('deal-registrations')
export class DealRegistrationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @Roles(...SEES_PARTNERS)
  list(@Query() query: ListDealRegistrationsQueryV1, @CurrentUser() user: Principal): Promise<Page<DealRegistrationViewV1>> {
    return this.rpc.send(LIST_DEAL_REGISTRATIONS_V1, { actor: toActor(user), query });
  }

  @Get(':id')
  @Roles(...SEES_PARTNERS)
  @WithEtag()
  get(@IdParam() id: string, @CurrentUser() user: Principal): Promise<DealRegistrationViewV1> {
    return this.rpc.send(GET_DEAL_REGISTRATION_V1, { actor: toActor(user), id });
  }

  /** Checks every channel again; 422 over another partner's protection unless `override` with a `reason`. */
  @Post(':id/approve')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: ApproveDealRegistrationInputV1, required: false })
  approve(@IdParam() id: string, @Body() body: ApproveDealRegistrationInputV1, @CurrentUser() user: Principal): Promise<DealRegistrationViewV1> {
    return this.rpc.send(APPROVE_DEAL_REGISTRATION_V1, { actor: toActor(user), id, input: body });
  }

  @Post(':id/reject')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: RejectDealRegistrationInputV1 })
  reject(@IdParam() id: string, @Body() body: RejectDealRegistrationInputV1, @CurrentUser() user: Principal): Promise<DealRegistrationViewV1> {
    return this.rpc.send(REJECT_DEAL_REGISTRATION_V1, { actor: toActor(user), id, input: body });
  }

  /** Lengthens a running protection, once. */
  @Post(':id/extend')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: ExtendDealRegistrationInputV1 })
  extend(@IdParam() id: string, @Body() body: ExtendDealRegistrationInputV1, @CurrentUser() user: Principal): Promise<DealRegistrationViewV1> {
    return this.rpc.send(EXTEND_DEAL_REGISTRATION_V1, { actor: toActor(user), id, input: body });
  }

  @Post(':id/withdraw')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...REGISTERS_DEALS)
  @WithEtag()
  @ApiBody({ type: WithdrawDealRegistrationInputV1, required: false })
  withdraw(@IdParam() id: string, @Body() body: WithdrawDealRegistrationInputV1, @CurrentUser() user: Principal): Promise<DealRegistrationViewV1> {
    return this.rpc.send(WITHDRAW_DEAL_REGISTRATION_V1, { actor: toActor(user), id, input: body });
  }
}

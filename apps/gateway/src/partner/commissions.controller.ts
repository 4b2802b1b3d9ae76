import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  APPROVE_COMMISSION_V1,
  ApproveCommissionInputV1,
  type CommissionPageV1,
  type CommissionViewV1,
  LIST_COMMISSIONS_V1,
  ListCommissionsQueryV1,
  PAY_COMMISSION_V1,
  PayCommissionInputV1,
} from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';
import { IdParam, WithEtag } from '../http/route-conventions';
import { RUNS_THE_NETWORK, SEES_PARTNERS } from './partner-roles';

/** Commissions: accrued by won indirect deals, approved and paid by the channel side. */
@ApiTags('commissions')
@ApiBearerAuth()
@Controller('commissions')
export class CommissionsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Commissions in the caller's scope with totals per status and currency. */
  @Get()
  @Roles(...SEES_PARTNERS)
  list(@Query() query: ListCommissionsQueryV1, @CurrentUser() user: Principal): Promise<CommissionPageV1> {
    return this.rpc.send(LIST_COMMISSIONS_V1, { actor: toActor(user), query });
  }

  @Post(':id/approve')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: ApproveCommissionInputV1, required: false })
  approve(@IdParam() id: string, @Body() body: ApproveCommissionInputV1, @CurrentUser() user: Principal): Promise<CommissionViewV1> {
    return this.rpc.send(APPROVE_COMMISSION_V1, { actor: toActor(user), id, input: body });
  }

  @Post(':id/pay')
  @AcceptsIdempotencyKey()
  @HttpCode(200)
  @Roles(...RUNS_THE_NETWORK)
  @WithEtag()
  @ApiBody({ type: PayCommissionInputV1, required: false })
  pay(@IdParam() id: string, @Body() body: PayCommissionInputV1, @CurrentUser() user: Principal): Promise<CommissionViewV1> {
    return this.rpc.send(PAY_COMMISSION_V1, { actor: toActor(user), id, input: body });
  }
}

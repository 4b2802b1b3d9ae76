import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CREATE_DEAL_V1,
  CreateDealInputV1,
  type DealViewV1,
  GET_DEAL_V1,
  LIST_DEALS_V1,
  ListDealsQueryV1,
  MOVE_DEAL_STAGE_V1,
  MoveDealStageInputV1,
  type Page,
  type PaymentRecordedViewV1,
  RECORD_PAYMENT_V1,
  RecordPaymentInputV1,
  UPDATE_DEAL_V1,
  UpdateDealInputV1,
} from '@saleswire/contracts';
import { JsonText, RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { IdParam, IfMatchVersion, OptionalIfMatchVersion, WithEtag } from '../http/route-conventions';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

/** Who works deals; partner users read their partner's indirect deals only (the deals service scopes every read). */
const WORKS_DEALS = ['admin', 'head_of_sales', 'manager', 'channel_manager'] as const;

@ApiTags('deals')
@ApiBearerAuth()
@Controller('deals')
export class DealsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @AcceptsIdempotencyKey()
  @Roles(...WORKS_DEALS)
  @ApiBody({ type: CreateDealInputV1 })
  create(@Body() body: CreateDealInputV1, @CurrentUser() user: Principal): Promise<DealViewV1> {
    return this.rpc.send(CREATE_DEAL_V1, { actor: toActor(user), input: body });
  }

  /** Deals in the caller's scope, newest first. */
  @Get()
  list(@Query() query: ListDealsQueryV1, @CurrentUser() user: Principal): Promise<JsonText<Page<DealViewV1>>> {
    return this.rpc.sendJson(LIST_DEALS_V1, { actor: toActor(user), query });
  }

  /** One deal with its stage history; `ETag` carries its version for `If-Match`. */
  @Get(':id')
  @WithEtag()
  get(@IdParam() id: string, @CurrentUser() user: Principal): Promise<DealViewV1> {
    return this.rpc.send(GET_DEAL_V1, { actor: toActor(user), id });
  }

  @Patch(':id')
  @Roles(...WORKS_DEALS)
  @WithEtag()
  @ApiBody({ type: UpdateDealInputV1 })
  update(
    @IdParam() id: string,
    @IfMatchVersion() expectedVersion: number,
    @Body() body: UpdateDealInputV1,
    @CurrentUser() user: Principal,
  ): Promise<DealViewV1> {
    return this.rpc.send(UPDATE_DEAL_V1, { actor: toActor(user), id, expectedVersion, input: body });
  }

  /** Moves the deal by the stage policy: 422 for a forbidden move, 412 when an optional `If-Match` is stale. */
  @Post(':id/stage')
  @HttpCode(200)
  @AcceptsIdempotencyKey()
  @Roles(...WORKS_DEALS)
  @WithEtag()
  @ApiBody({ type: MoveDealStageInputV1 })
  moveStage(
    @IdParam() id: string,
    @OptionalIfMatchVersion() expectedVersion: number | undefined,
    @Body() body: MoveDealStageInputV1,
    @CurrentUser() user: Principal,
  ): Promise<DealViewV1> {
    return this.rpc.send(MOVE_DEAL_STAGE_V1, { actor: toActor(user), id, expectedVersion, input: body });
  }

  /** Records money on the account; the deal is won by itself when its payments cover its amount. */
  @Post(':id/payments')
  @AcceptsIdempotencyKey()
  @Roles(...WORKS_DEALS)
  @ApiBody({ type: RecordPaymentInputV1 })
  recordPayment(
    @IdParam() id: string,
    @Body() body: RecordPaymentInputV1,
    @CurrentUser() user: Principal,
  ): Promise<PaymentRecordedViewV1> {
    return this.rpc.send(RECORD_PAYMENT_V1, { actor: toActor(user), id, input: body });
  }
}

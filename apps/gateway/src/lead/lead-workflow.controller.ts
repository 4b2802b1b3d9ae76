import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import {
  CHANGE_LEAD_STATUS_V1,
  ChangeLeadStatusInputV1,
  CONVERT_LEAD_V1,
  ConvertLeadInputV1,
  GET_LEAD_V1,
  type LeadConversionV1,
  type LeadDetailsV1,
  LIST_LEADS_V1,
  ListLeadsQueryV1,
  type Page,
  UPDATE_LEAD_V1,
  UpdateLeadInputV1,
} from '@saleswire/contracts';
import { JsonText, RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { IdParam, IfMatchVersion, WithEtag } from '../http/route-conventions';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

/**
 * Reading and working leads after capture. Every caller may use these routes; which leads each sees is the
 * leads service's scope rule (a manager their own, a partner user its partner's), and a lead outside it is 404.
 */
@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadWorkflowController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  list(@Query() query: ListLeadsQueryV1, @CurrentUser() user: Principal): Promise<JsonText<Page<LeadDetailsV1>>> {
    return this.rpc.sendJson(LIST_LEADS_V1, { actor: toActor(user), query });
  }

  @Get(':id')
  @WithEtag()
  get(@IdParam() id: string, @CurrentUser() user: Principal): Promise<LeadDetailsV1> {
    return this.rpc.send(GET_LEAD_V1, { actor: toActor(user), leadId: id });
  }

  @Patch(':id')
  @WithEtag()
  @ApiBody({ type: UpdateLeadInputV1 })
  update(
    @IdParam() id: string,
    @IfMatchVersion() expectedVersion: number,
    @Body() body: UpdateLeadInputV1,
    @CurrentUser() user: Principal,
  ): Promise<LeadDetailsV1> {
    return this.rpc.send(UPDATE_LEAD_V1, { actor: toActor(user), leadId: id, expectedVersion, input: body });
  }

  @Post(':id/status')
  @HttpCode(200)
  @AcceptsIdempotencyKey()
  @ApiBody({ type: ChangeLeadStatusInputV1 })
  changeStatus(@IdParam() id: string, @Body() body: ChangeLeadStatusInputV1, @CurrentUser() user: Principal): Promise<LeadDetailsV1> {
    return this.rpc.send(CHANGE_LEAD_STATUS_V1, { actor: toActor(user), leadId: id, input: body });
  }

  /** Partners register deals through deal registrations; converting a lead opens a direct or indirect deal. */
  @Post(':id/convert')
  @HttpCode(200)
  @AcceptsIdempotencyKey()
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager')
  @ApiBody({ type: ConvertLeadInputV1 })
  convert(@IdParam() id: string, @Body() body: ConvertLeadInputV1, @CurrentUser() user: Principal): Promise<LeadConversionV1> {
    return this.rpc.send(CONVERT_LEAD_V1, { actor: toActor(user), leadId: id, input: body });
  }
}

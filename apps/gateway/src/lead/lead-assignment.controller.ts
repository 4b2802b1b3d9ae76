import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { GET_LEAD_ASSIGNMENT_V1, LeadAssignmentRuleInputV1, PUT_LEAD_ASSIGNMENT_V1, type LeadAssignmentRuleViewV1 } from '@saleswire/contracts';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

/** The rule that assigns new leads (API.md: heads of sales and admins set it). */
@ApiTags('leads')
@ApiBearerAuth()
@Roles('admin', 'head_of_sales')
@Controller('lead-assignment')
export class LeadAssignmentController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  get(@CurrentUser() user: Principal): Promise<LeadAssignmentRuleViewV1> {
    return this.rpc.send(GET_LEAD_ASSIGNMENT_V1, { actor: toActor(user) });
  }

  @Put()
  @AcceptsIdempotencyKey()
  @ApiBody({ type: LeadAssignmentRuleInputV1 })
  put(@Body() body: LeadAssignmentRuleInputV1, @CurrentUser() user: Principal): Promise<LeadAssignmentRuleViewV1> {
    return this.rpc.send(PUT_LEAD_ASSIGNMENT_V1, { actor: toActor(user), input: body });
  }
}

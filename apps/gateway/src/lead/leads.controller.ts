import { Body, Controller, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import { CREATE_LEAD_V1, CreateLeadInputV1, type LeadDetailsV1 } from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, toActor, type Principal } from '../auth/principal';
import { AcceptsIdempotencyKey } from '../http/idempotency.interceptor';

@ApiTags('leads')
@ApiBearerAuth()
@Controller('leads')
export class LeadsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Captures a lead from any channel; answers it as `GET /leads/{id}` does (its closing details still null). */
  @Post()
  @AcceptsIdempotencyKey()
  @ApiBody({ type: CreateLeadInputV1 })
  create(@Body() body: CreateLeadInputV1, @CurrentUser() user: Principal): Promise<LeadDetailsV1> {
    return this.rpc.send(CREATE_LEAD_V1, { actor: toActor(user), input: body });
  }
}

import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { GET_LEAD_SOURCES_V1, LeadSourcesQueryV1, type LeadSourcesReportV1 } from '@saleswire/contracts';
import { RpcClient } from '@saleswire/messaging';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Leads per source and marketing event. */
  @Get('lead-sources')
  @Roles('admin', 'head_of_sales')
  leadSources(@Query() query: LeadSourcesQueryV1, @CurrentUser() user: Principal): Promise<LeadSourcesReportV1> {
    return this.rpc.send(GET_LEAD_SOURCES_V1, { actor: toActor(user), query });
  }
}

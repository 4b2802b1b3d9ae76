import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
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
import { RpcClient } from '@saleswire/messaging';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, toActor, type Principal } from '../auth/principal';
import { etagOf, IdPipe, versionFromIfMatch } from './lead-http';

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
  list(@Query() query: ListLeadsQueryV1, @CurrentUser() user: Principal): Promise<Page<LeadDetailsV1>> {
    return this.rpc.send(LIST_LEADS_V1, { actor: toActor(user), query: { ...query } });
  }

  @Get(':id')
  async get(
    @Param('id', IdPipe) id: string,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LeadDetailsV1> {
    const lead = await this.rpc.send(GET_LEAD_V1, { actor: toActor(user), leadId: id });
    void reply.header('ETag', etagOf(lead.version));
    return lead;
  }

  @Patch(':id')
  @ApiBody({ type: UpdateLeadInputV1 })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The version read, e.g. "3"; a stale one is answered 412.' })
  async update(
    @Param('id', IdPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateLeadInputV1,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LeadDetailsV1> {
    const expectedVersion = versionFromIfMatch(ifMatch);
    const lead = await this.rpc.send(UPDATE_LEAD_V1, { actor: toActor(user), leadId: id, expectedVersion, input: body });
    void reply.header('ETag', etagOf(lead.version));
    return lead;
  }

  @Post(':id/status')
  @HttpCode(200)
  @ApiBody({ type: ChangeLeadStatusInputV1 })
  changeStatus(@Param('id', IdPipe) id: string, @Body() body: ChangeLeadStatusInputV1, @CurrentUser() user: Principal): Promise<LeadDetailsV1> {
    return this.rpc.send(CHANGE_LEAD_STATUS_V1, { actor: toActor(user), leadId: id, input: body });
  }

  /** Partners register deals through deal registrations; converting a lead opens a direct or indirect deal. */
  @Post(':id/convert')
  @HttpCode(200)
  @Roles('admin', 'head_of_sales', 'manager', 'channel_manager')
  @ApiBody({ type: ConvertLeadInputV1 })
  convert(@Param('id', IdPipe) id: string, @Body() body: ConvertLeadInputV1, @CurrentUser() user: Principal): Promise<LeadConversionV1> {
    return this.rpc.send(CONVERT_LEAD_V1, { actor: toActor(user), leadId: id, input: body });
  }
}

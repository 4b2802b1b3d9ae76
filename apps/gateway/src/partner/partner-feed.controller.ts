import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, type Principal } from '../auth/principal';
import { IdParam } from '../http/route-conventions';
import { PartnerFeedSession } from './partner-feed.session';
import { SEES_PARTNERS } from './partner-roles';

/** The partner feed (API.md, Partners): a partner's own events as they happen; partner portals poll nothing. */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnerFeedController {
  constructor(private readonly session: PartnerFeedSession) {}

  /**
   * `text/event-stream` of the partner's own events (offers, registrations, commissions, its status), each with
   * its id; a client that reconnects with `Last-Event-ID` gets what followed, without gaps or repeats. A heartbeat
   * comment every 15 s. 404 for a partner outside the caller's scope.
   */
  @Get(':id/feed')
  @Roles(...SEES_PARTNERS)
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'Server-sent events: `id` (resume with Last-Event-ID), `event` (the event type), `data` (the event as JSON).' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id of the last event received: the feed resumes after it.' })
  feed(
    @IdParam() id: string,
    @Headers('last-event-id') lastEventId: string | undefined,
    @CurrentUser() user: Principal,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.session.serve(id, lastEventId, user, reply);
  }
}

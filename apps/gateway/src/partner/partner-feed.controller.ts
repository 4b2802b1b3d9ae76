import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { PARTNERS_EVENT_CATALOGUE } from '@saleswire/contracts';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles, type Principal } from '../auth/principal';
import { IdParam } from '../http/route-conventions';
import { PartnerFeedSession } from './partner-feed.session';
import { SEES_PARTNERS } from './partner-roles';

/** The event types a feed may carry: every event of the partners stream (each names its partner), ADR 0011 and 0023. */
const FEED_EVENT_TYPES = PARTNERS_EVENT_CATALOGUE.map(({ contract }) => `\`${contract.type}\``).join(', ');

/** The partner feed (API.md, Partners): a partner's own events as they happen; partner portals poll nothing. */
@ApiTags('partners')
@ApiBearerAuth()
@Controller('partners')
export class PartnerFeedController {
  constructor(private readonly session: PartnerFeedSession) {}

  /**
   * `text/event-stream` of the partner's own events (offers, registrations decided and expiring within 7 days,
   * commissions, its leads' and deals' changes, its status), each with its id; a client that reconnects with
   * `Last-Event-ID` gets what followed, without gaps or repeats. A heartbeat comment every 15 s. 404 for a partner
   * outside the caller's scope.
   */
  @Get(':id/feed')
  @Roles(...SEES_PARTNERS)
  @ApiOperation({
    summary: "The partner's own events as they happen (server-sent events)",
    description:
      "Offers made to it and their answers, its registrations decided and expiring within 7 days, its commissions, its leads' and " +
      "deals' changes (`partners.partner-lead.changed`, `partners.partner-deal.changed`) and its own record; nothing of another " +
      `partner or of direct sales. Event types: ${FEED_EVENT_TYPES}. Resume with \`Last-Event-ID\`; a heartbeat comment every 15 s.`,
  })
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

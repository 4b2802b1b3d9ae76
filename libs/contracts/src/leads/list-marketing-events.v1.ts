import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import { ListQueryV1, type Page } from '../common/list';
import { MARKETING_EVENT_KINDS, type MarketingEventKind } from './marketing-event.values';
import type { MarketingEventViewV1 } from './marketing-event.views';

/** The query of `GET /api/v1/marketing-events`: events that overlap `[from, to]`, newest first. */
export class ListMarketingEventsQueryV1 extends ListQueryV1 {
  @IsOptional()
  @IsIn(MARKETING_EVENT_KINDS)
  kind?: MarketingEventKind;

  @IsOptional()
  @IsIsoDateTime()
  from?: string;

  @IsOptional()
  @IsIsoDateTime()
  to?: string;
}

export class ListMarketingEventsRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => ListMarketingEventsQueryV1)
  query!: ListMarketingEventsQueryV1;
}

/** `rpc.leads.list-marketing-events.v1` answers a page of `MarketingEventViewV1`. */
export const LIST_MARKETING_EVENTS_V1 = defineRpc('leads', 'list-marketing-events', 1, ListMarketingEventsRequestV1).replies<Page<MarketingEventViewV1>>();

import { Payload } from '@nestjs/microservices';
import {
  CREATE_MARKETING_EVENT_V1,
  type CreateMarketingEventRequestV1,
  LIST_MARKETING_EVENTS_V1,
  type ListMarketingEventsRequestV1,
  type MarketingEventViewV1,
  type Page,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { MarketingEventService } from './marketing-event.service';

@RpcController()
export class MarketingEventRpcController {
  constructor(private readonly events: MarketingEventService) {}

  @RpcHandler(CREATE_MARKETING_EVENT_V1)
  create(@Payload(new ContractPipe(CREATE_MARKETING_EVENT_V1)) request: CreateMarketingEventRequestV1): Promise<MarketingEventViewV1> {
    return this.events.create(request.input, request.actor);
  }

  @RpcHandler(LIST_MARKETING_EVENTS_V1)
  list(@Payload(new ContractPipe(LIST_MARKETING_EVENTS_V1)) request: ListMarketingEventsRequestV1): Promise<Page<MarketingEventViewV1>> {
    return this.events.list(request.query);
  }
}

import { Payload } from '@nestjs/microservices';
import {
  ACCEPT_LEAD_OFFER_V1,
  type AcceptLeadOfferRequestV1,
  DECLINE_LEAD_OFFER_V1,
  type DeclineLeadOfferRequestV1,
  GET_PARTNER_ROUTING_V1,
  type GetPartnerRoutingRequestV1,
  type LeadOfferViewV1,
  LIST_LEAD_OFFERS_V1,
  type ListLeadOffersRequestV1,
  type Page,
  type PartnerRoutingViewV1,
  PUT_PARTNER_ROUTING_V1,
  type PutPartnerRoutingRequestV1,
} from '@saleswire/contracts';
import { ContractPipe, RpcController, RpcHandler } from '@saleswire/messaging';
import { LeadOfferAnswerService } from './lead-offer-answer.service';
import { LeadOfferQueryService } from './lead-offer-query.service';
import { PartnerRoutingService } from './partner-routing.service';

@RpcController()
export class LeadOfferRpcController {
  constructor(
    private readonly routing: PartnerRoutingService,
    private readonly queries: LeadOfferQueryService,
    private readonly answers: LeadOfferAnswerService,
  ) {}

  @RpcHandler(GET_PARTNER_ROUTING_V1)
  getRouting(@Payload(new ContractPipe(GET_PARTNER_ROUTING_V1)) request: GetPartnerRoutingRequestV1): Promise<PartnerRoutingViewV1> {
    return this.routing.get(request.actor);
  }

  @RpcHandler(PUT_PARTNER_ROUTING_V1)
  putRouting(@Payload(new ContractPipe(PUT_PARTNER_ROUTING_V1)) request: PutPartnerRoutingRequestV1): Promise<PartnerRoutingViewV1> {
    return this.routing.put(request.input, request.actor);
  }

  @RpcHandler(LIST_LEAD_OFFERS_V1)
  list(@Payload(new ContractPipe(LIST_LEAD_OFFERS_V1)) request: ListLeadOffersRequestV1): Promise<Page<LeadOfferViewV1>> {
    return this.queries.list(request.query, request.actor);
  }

  @RpcHandler(ACCEPT_LEAD_OFFER_V1)
  accept(@Payload(new ContractPipe(ACCEPT_LEAD_OFFER_V1)) request: AcceptLeadOfferRequestV1): Promise<LeadOfferViewV1> {
    return this.answers.accept(request.id, request.input, request.actor);
  }

  @RpcHandler(DECLINE_LEAD_OFFER_V1)
  decline(@Payload(new ContractPipe(DECLINE_LEAD_OFFER_V1)) request: DeclineLeadOfferRequestV1): Promise<LeadOfferViewV1> {
    return this.answers.decline(request.id, request.input, request.actor);
  }
}

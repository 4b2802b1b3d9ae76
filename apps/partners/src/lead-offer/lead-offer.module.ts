import { Module } from '@nestjs/common';
import { LeadOfferAnswerService } from './lead-offer-answer.service';
import { LeadOfferIntakeService } from './lead-offer-intake.service';
import { LeadOfferLapseService } from './lead-offer-lapse.service';
import { LeadOfferQueryService } from './lead-offer-query.service';
import { LeadOfferEventsController } from './lead-offer.events.controller';
import { LeadOfferRouter } from './lead-offer.router';
import { LeadOfferRpcController } from './lead-offer.rpc.controller';
import { LeadOfferStore } from './lead-offer.store';
import { PartnerRoutingService } from './partner-routing.service';
import { PartnerRoutingStore } from './partner-routing.store';

/** Lead routing to partners: the setting, offers made from lead.created, answered, lapsed on schedule. */
@Module({
  controllers: [LeadOfferRpcController, LeadOfferEventsController],
  providers: [
    PartnerRoutingStore,
    PartnerRoutingService,
    LeadOfferStore,
    LeadOfferRouter,
    LeadOfferIntakeService,
    LeadOfferAnswerService,
    LeadOfferLapseService,
    LeadOfferQueryService,
  ],
})
export class LeadOfferModule {}

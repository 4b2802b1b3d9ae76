import { Module } from '@nestjs/common';
import { PartnerOfferEventsController } from './partner-offer.events.controller';
import { PartnerOfferService } from './partner-offer.service';

/** Leads offered to partners: the partners service decides, this applies the acceptance (the lead's partner). */
@Module({ controllers: [PartnerOfferEventsController], providers: [PartnerOfferService] })
export class PartnerOfferModule {}

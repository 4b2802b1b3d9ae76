import { Injectable, Logger } from '@nestjs/common';
import { type EventEnvelope, LEAD_UPDATED_V1, type LeadOfferAcceptedV1 } from '@saleswire/contracts';
import type { OutboxTransaction } from '@saleswire/messaging';
import { LeadEntity } from '../lead/lead.entity';
import { toLeadUpdated } from '../lead/lead.mapper';

/**
 * Applies a partner's acceptance of a lead offered to it (`evt.partners.lead-offer.accepted.v1`): the lead's
 * `partnerId` is set, so the partner's users see it, and `lead.updated` names `partnerId`. The partners service
 * decides who gets the lead; this service only records it — no request goes between the two.
 */
@Injectable()
export class PartnerOfferService {
  private readonly logger = new Logger(PartnerOfferService.name);

  async accepted(event: EventEnvelope<LeadOfferAcceptedV1>, tx: OutboxTransaction): Promise<void> {
    const { leadId, partnerId, offerId } = event.payload;
    const lead = await tx.manager.findOne(LeadEntity, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
    // Offers are made from lead.created, so the lead exists here; if not, the delivery is retried, then dead-lettered.
    if (!lead) throw new Error(`lead ${leadId} of accepted offer ${offerId} is unknown`);
    if (lead.partnerId === partnerId) return;
    if (lead.partnerId !== null) {
      // Given to another partner by hand since the offer was made: a person's decision is not overridden.
      this.logger.warn({ msg: 'accepted offer of a lead that has another partner; kept as it is', leadId, offerId, partnerId, kept: lead.partnerId });
      return;
    }
    lead.partnerId = partnerId;
    const saved = await tx.manager.save(lead);
    tx.emit(LEAD_UPDATED_V1, { aggregateId: saved.id, aggregateVersion: saved.version, actor: event.actor, payload: toLeadUpdated(saved, ['partnerId']) });
  }
}

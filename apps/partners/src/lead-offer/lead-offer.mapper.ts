import type { LeadOfferFactsV1, LeadOfferViewV1 } from '@saleswire/contracts';
import type { LeadOfferEntity } from './lead-offer.entity';

export function toLeadOfferView(offer: LeadOfferEntity): LeadOfferViewV1 {
  return {
    id: offer.id,
    leadId: offer.leadId,
    partnerId: offer.partnerId,
    region: offer.region,
    status: offer.status,
    offeredAt: offer.offeredAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
    decidedAt: offer.decidedAt?.toISOString() ?? null,
    reason: offer.reason,
    version: offer.version,
  };
}

/** The payload every `evt.partners.lead-offer.*.v1` carries. */
export function toLeadOfferFacts(offer: LeadOfferEntity): LeadOfferFactsV1 {
  return {
    offerId: offer.id,
    leadId: offer.leadId,
    partnerId: offer.partnerId,
    region: offer.region,
    status: offer.status,
    round: offer.round,
    offeredAt: offer.offeredAt.toISOString(),
    expiresAt: offer.expiresAt.toISOString(),
    decidedAt: offer.decidedAt?.toISOString() ?? null,
    reason: offer.reason,
  };
}

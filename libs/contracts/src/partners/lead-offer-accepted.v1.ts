import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { LEAD_OFFER_FACTS_FIXTURE, LeadOfferFactsV1 } from './lead-offer-facts.v1';

/** `evt.partners.lead-offer.accepted.v1`: the partner took the lead; the leads service sets the lead's `partnerId`. */
export class LeadOfferAcceptedV1 extends LeadOfferFactsV1 {}

export const LEAD_OFFER_ACCEPTED_V1 = defineEvent('partners.lead-offer.accepted', 1, LeadOfferAcceptedV1);

export const leadOfferAcceptedV1Fixture: EventEnvelope<LeadOfferAcceptedV1> = {
  eventId: '01936f15-0000-7000-8000-0000000f0e02',
  type: LEAD_OFFER_ACCEPTED_V1.type,
  version: LEAD_OFFER_ACCEPTED_V1.version,
  occurredAt: '2026-03-02T10:15:01.000Z',
  producer: 'partners',
  aggregateId: LEAD_OFFER_FACTS_FIXTURE.offerId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000f02',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000d1', role: 'partner_user', partnerId: LEAD_OFFER_FACTS_FIXTURE.partnerId },
  payload: { ...LEAD_OFFER_FACTS_FIXTURE, status: 'accepted', decidedAt: '2026-03-02T12:00:00.000Z' },
};

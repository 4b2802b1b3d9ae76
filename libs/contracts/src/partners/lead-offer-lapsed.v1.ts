import type { EventEnvelope } from '../common/envelope';
import { SYSTEM_ACTOR } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { LEAD_OFFER_FACTS_FIXTURE, LeadOfferFactsV1 } from './lead-offer-facts.v1';

/** `evt.partners.lead-offer.lapsed.v1`: the partner did not answer within the offer's hours; the next partner is tried. */
export class LeadOfferLapsedV1 extends LeadOfferFactsV1 {}

export const LEAD_OFFER_LAPSED_V1 = defineEvent('partners.lead-offer.lapsed', 1, LeadOfferLapsedV1);

export const leadOfferLapsedV1Fixture: EventEnvelope<LeadOfferLapsedV1> = {
  eventId: '01936f15-0000-7000-8000-0000000f0e04',
  type: LEAD_OFFER_LAPSED_V1.type,
  version: LEAD_OFFER_LAPSED_V1.version,
  occurredAt: '2026-03-02T10:15:01.000Z',
  producer: 'partners',
  aggregateId: LEAD_OFFER_FACTS_FIXTURE.offerId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000f04',
  causationId: null,
  actor: SYSTEM_ACTOR,
  payload: { ...LEAD_OFFER_FACTS_FIXTURE, status: 'lapsed', decidedAt: '2026-03-04T10:15:30.000Z' },
};

import type { EventEnvelope } from '../common/envelope';
import { SYSTEM_ACTOR } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { LEAD_OFFER_FACTS_FIXTURE, LeadOfferFactsV1 } from './lead-offer-facts.v1';

/** `evt.partners.lead-offer.made.v1`: a new lead lies in the partner's territories: it is offered to the partner until `expiresAt`. */
export class LeadOfferMadeV1 extends LeadOfferFactsV1 {}

export const LEAD_OFFER_MADE_V1 = defineEvent('partners.lead-offer.made', 1, LeadOfferMadeV1);

export const leadOfferMadeV1Fixture: EventEnvelope<LeadOfferMadeV1> = {
  eventId: '01936f15-0000-7000-8000-0000000f0e01',
  type: LEAD_OFFER_MADE_V1.type,
  version: LEAD_OFFER_MADE_V1.version,
  occurredAt: '2026-03-02T10:15:01.000Z',
  producer: 'partners',
  aggregateId: LEAD_OFFER_FACTS_FIXTURE.offerId,
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000f01',
  causationId: '01936f0e-8a4b-7c3d-9e2f-1a2b3c4d5e6f',
  actor: SYSTEM_ACTOR,
  payload: { ...LEAD_OFFER_FACTS_FIXTURE },
};

import { IsISO8601 } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { PARTNER_FACTS_FIXTURE, PartnerFactsV1 } from './partner-facts.v1';

/** `evt.partners.partner.created.v1`: a channel manager signed up a partner, agent, dealer or reseller. */
export class PartnerCreatedV1 extends PartnerFactsV1 {
  @IsISO8601({ strict: true })
  createdAt!: string;
}

export const PARTNER_CREATED_V1 = defineEvent('partners.partner.created', 1, PartnerCreatedV1);

export const partnerCreatedV1Fixture: EventEnvelope<PartnerCreatedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0b01',
  type: PARTNER_CREATED_V1.type,
  version: PARTNER_CREATED_V1.version,
  occurredAt: '2026-03-01T09:00:00.000Z',
  producer: 'partners',
  aggregateId: PARTNER_FACTS_FIXTURE.partnerId,
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000b01',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null },
  payload: { ...PARTNER_FACTS_FIXTURE, createdAt: '2026-03-01T09:00:00.000Z' },
};

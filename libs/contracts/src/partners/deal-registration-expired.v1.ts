import { IsISO8601 } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { SYSTEM_ACTOR } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_REGISTRATION_FACTS_FIXTURE, DealRegistrationFactsV1 } from './deal-registration-facts.v1';

/**
 * `evt.partners.deal-registration.expired.v1`: an approved registration's protection ended without its deal
 * being won or lost; the customer is open to every channel again. Published once, whatever the replicas.
 */
export class DealRegistrationExpiredV1 extends DealRegistrationFactsV1 {
  @IsISO8601({ strict: true })
  expiredAt!: string;
}

export const DEAL_REGISTRATION_EXPIRED_V1 = defineEvent('partners.deal-registration.expired', 1, DealRegistrationExpiredV1);

export const dealRegistrationExpiredV1Fixture: EventEnvelope<DealRegistrationExpiredV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a05',
  type: DEAL_REGISTRATION_EXPIRED_V1.type,
  version: DEAL_REGISTRATION_EXPIRED_V1.version,
  occurredAt: '2026-06-04T15:31:00.000Z',
  producer: 'partners',
  aggregateId: DEAL_REGISTRATION_FACTS_FIXTURE.registrationId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a05',
  causationId: null,
  actor: SYSTEM_ACTOR,
  payload: {
    ...DEAL_REGISTRATION_FACTS_FIXTURE,
    status: 'expired',
    protectedUntil: '2026-06-04T15:30:00.000Z',
    dealId: '01936f11-0000-7000-8000-0000000d0002',
    expiredAt: '2026-06-04T15:31:00.000Z',
  },
};

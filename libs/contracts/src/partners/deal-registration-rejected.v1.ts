import { IsISO8601, IsNotEmpty, IsString } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_REGISTRATION_FACTS_FIXTURE, DealRegistrationFactsV1 } from './deal-registration-facts.v1';

/** `evt.partners.deal-registration.rejected.v1`: a channel manager turned a submitted registration down, saying why. */
export class DealRegistrationRejectedV1 extends DealRegistrationFactsV1 {
  @IsString()
  @IsNotEmpty()
  reason!: string;

  @IsISO8601({ strict: true })
  rejectedAt!: string;
}

export const DEAL_REGISTRATION_REJECTED_V1 = defineEvent('partners.deal-registration.rejected', 1, DealRegistrationRejectedV1);

export const dealRegistrationRejectedV1Fixture: EventEnvelope<DealRegistrationRejectedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a02',
  type: DEAL_REGISTRATION_REJECTED_V1.type,
  version: DEAL_REGISTRATION_REJECTED_V1.version,
  occurredAt: '2026-03-06T15:30:00.000Z',
  producer: 'partners',
  aggregateId: DEAL_REGISTRATION_FACTS_FIXTURE.registrationId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a02',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null },
  payload: { ...DEAL_REGISTRATION_FACTS_FIXTURE, status: 'rejected', reason: 'Our direct team works this customer', rejectedAt: '2026-03-06T15:30:00.000Z' },
};

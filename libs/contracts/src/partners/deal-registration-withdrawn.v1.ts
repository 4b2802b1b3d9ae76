import { IsISO8601, IsOptional, IsString } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_REGISTRATION_FACTS_FIXTURE, DealRegistrationFactsV1 } from './deal-registration-facts.v1';

/** `evt.partners.deal-registration.withdrawn.v1`: the partner took back a registration before it was decided. */
export class DealRegistrationWithdrawnV1 extends DealRegistrationFactsV1 {
  @IsOptional()
  @IsString()
  reason!: string | null;

  @IsISO8601({ strict: true })
  withdrawnAt!: string;
}

export const DEAL_REGISTRATION_WITHDRAWN_V1 = defineEvent('partners.deal-registration.withdrawn', 1, DealRegistrationWithdrawnV1);

export const dealRegistrationWithdrawnV1Fixture: EventEnvelope<DealRegistrationWithdrawnV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a03',
  type: DEAL_REGISTRATION_WITHDRAWN_V1.type,
  version: DEAL_REGISTRATION_WITHDRAWN_V1.version,
  occurredAt: '2026-03-05T16:00:00.000Z',
  producer: 'partners',
  aggregateId: DEAL_REGISTRATION_FACTS_FIXTURE.registrationId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a03',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000b1', role: 'partner_user', partnerId: DEAL_REGISTRATION_FACTS_FIXTURE.partnerId },
  payload: { ...DEAL_REGISTRATION_FACTS_FIXTURE, status: 'withdrawn', reason: 'Customer postponed the project', withdrawnAt: '2026-03-05T16:00:00.000Z' },
};

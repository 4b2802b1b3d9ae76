import { IsInt, IsISO8601, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_REGISTRATION_FACTS_FIXTURE, DealRegistrationFactsV1 } from './deal-registration-facts.v1';

/** `evt.partners.deal-registration.extended.v1`: the protection of an approved registration was extended (once). */
export class DealRegistrationExtendedV1 extends DealRegistrationFactsV1 {
  @IsInt()
  @Min(1)
  days!: number;

  @IsISO8601({ strict: true })
  extendedAt!: string;
}

export const DEAL_REGISTRATION_EXTENDED_V1 = defineEvent('partners.deal-registration.extended', 1, DealRegistrationExtendedV1);

export const dealRegistrationExtendedV1Fixture: EventEnvelope<DealRegistrationExtendedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a04',
  type: DEAL_REGISTRATION_EXTENDED_V1.type,
  version: DEAL_REGISTRATION_EXTENDED_V1.version,
  occurredAt: '2026-05-30T09:00:00.000Z',
  producer: 'partners',
  aggregateId: DEAL_REGISTRATION_FACTS_FIXTURE.registrationId,
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a04',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null },
  payload: {
    ...DEAL_REGISTRATION_FACTS_FIXTURE,
    status: 'approved',
    protectedUntil: '2026-07-04T15:30:00.000Z',
    dealId: '01936f11-0000-7000-8000-0000000d0002',
    days: 30,
    extendedAt: '2026-05-30T09:00:00.000Z',
  },
};

import { Type } from 'class-transformer';
import { IsArray, IsObject, IsISO8601, ValidateNested } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_REGISTRATION_FACTS_FIXTURE, DealRegistrationFactsV1 } from './deal-registration-facts.v1';
import { ChannelConflictV1 } from './deal-registration.values';

/** `evt.partners.deal-registration.submitted.v1`: a partner registered an opportunity; it waits for a channel manager. */
export class DealRegistrationSubmittedV1 extends DealRegistrationFactsV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ChannelConflictV1)
  conflicts!: ChannelConflictV1[];

  @IsISO8601({ strict: true })
  submittedAt!: string;
}

export const DEAL_REGISTRATION_SUBMITTED_V1 = defineEvent('partners.deal-registration.submitted', 1, DealRegistrationSubmittedV1);

export const dealRegistrationSubmittedV1Fixture: EventEnvelope<DealRegistrationSubmittedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a01',
  type: DEAL_REGISTRATION_SUBMITTED_V1.type,
  version: DEAL_REGISTRATION_SUBMITTED_V1.version,
  occurredAt: '2026-03-05T11:00:00.000Z',
  producer: 'partners',
  aggregateId: DEAL_REGISTRATION_FACTS_FIXTURE.registrationId,
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a01',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000b1', role: 'partner_user', partnerId: DEAL_REGISTRATION_FACTS_FIXTURE.partnerId },
  payload: { ...DEAL_REGISTRATION_FACTS_FIXTURE, conflicts: [], submittedAt: '2026-03-05T11:00:00.000Z' },
};

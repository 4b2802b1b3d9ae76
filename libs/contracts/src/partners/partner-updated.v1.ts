import { ArrayNotEmpty, IsIn, IsISO8601, IsOptional, IsString } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { PARTNER_FACTS_FIXTURE, PartnerFactsV1 } from './partner-facts.v1';
import { PARTNER_FIELDS, type PartnerField } from './partner.values';

/**
 * `evt.partners.partner.updated.v1`: a partner changed — its fields (`PATCH`), or its status: a suspension or a
 * reactivation is an update whose `changed` holds `status`, so a consumer keeping partners needs one handler and
 * the newest version wins. The facts are those after the change.
 */
export class PartnerUpdatedV1 extends PartnerFactsV1 {
  @ArrayNotEmpty()
  @IsIn(PARTNER_FIELDS, { each: true })
  changed!: PartnerField[];

  /** Why the status changed, when it did and a reason was given. */
  @IsOptional()
  @IsString()
  reason!: string | null;

  @IsISO8601({ strict: true })
  updatedAt!: string;
}

export const PARTNER_UPDATED_V1 = defineEvent('partners.partner.updated', 1, PartnerUpdatedV1);

export const partnerUpdatedV1Fixture: EventEnvelope<PartnerUpdatedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0b02',
  type: PARTNER_UPDATED_V1.type,
  version: PARTNER_UPDATED_V1.version,
  occurredAt: '2026-03-20T10:00:00.000Z',
  producer: 'partners',
  aggregateId: PARTNER_FACTS_FIXTURE.partnerId,
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000b02',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null },
  payload: {
    ...PARTNER_FACTS_FIXTURE,
    status: 'suspended',
    changed: ['status'],
    reason: 'Unpaid certification fee',
    updatedAt: '2026-03-20T10:00:00.000Z',
  },
};

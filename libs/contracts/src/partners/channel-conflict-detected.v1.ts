import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsObject, IsIn, IsISO8601, IsNotEmpty, IsString, IsUUID, ValidateNested } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { ChannelConflictV1 } from './deal-registration.values';

/** When the conflict was found: as the registration was submitted, or when approval checked again. */
export const CONFLICT_CHECKS = ['submission', 'approval'] as const;
export type ConflictCheck = (typeof CONFLICT_CHECKS)[number];

/**
 * `evt.partners.channel-conflict.detected.v1`: a registration collides with another channel — an open deal not
 * of its partner, an open lead not routed to it, another partner's submitted or protected registration. Its
 * `conflicts` name the other records: channel managers' material, not a partner's.
 */
export class ChannelConflictDetectedV1 {
  @IsUUID()
  registrationId!: string;

  @IsUUID()
  partnerId!: string;

  @IsString()
  @IsNotEmpty()
  customerName!: string;

  @IsArray()
  @ArrayNotEmpty()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => ChannelConflictV1)
  conflicts!: ChannelConflictV1[];

  @IsIn(CONFLICT_CHECKS)
  detectedOn!: ConflictCheck;

  @IsISO8601({ strict: true })
  detectedAt!: string;
}

export const CHANNEL_CONFLICT_DETECTED_V1 = defineEvent('partners.channel-conflict.detected', 1, ChannelConflictDetectedV1);

export const channelConflictDetectedV1Fixture: EventEnvelope<ChannelConflictDetectedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0a07',
  type: CHANNEL_CONFLICT_DETECTED_V1.type,
  version: CHANNEL_CONFLICT_DETECTED_V1.version,
  occurredAt: '2026-03-05T11:00:00.000Z',
  producer: 'partners',
  aggregateId: '01936f12-0000-7000-8000-0000000a0002',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000a07',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000b2', role: 'partner_user', partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb02' },
  payload: {
    registrationId: '01936f12-0000-7000-8000-0000000a0002',
    partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb02',
    customerName: 'Contoso Retail Ltd.',
    conflicts: [
      { kind: 'registration', id: '01936f12-0000-7000-8000-0000000a0001', matchedOn: 'tax_id' },
      { kind: 'lead', id: '01936f0e-8a4b-7c3d-9e2f-000000000001', matchedOn: 'domain' },
    ],
    detectedOn: 'submission',
    detectedAt: '2026-03-05T11:00:00.000Z',
  },
};

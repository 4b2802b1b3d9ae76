import { Type } from 'class-transformer';
import {
  IsInt,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Min,
  ValidateNested,
} from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { RegisteredCustomerV1 } from './deal-registration.values';

/**
 * `evt.partners.deal-registration.approved.v1`: a channel manager approved a partner's deal registration.
 * The customer is protected for the partner until `protectedUntil`, and the deals service opens the indirect
 * deal with the id chosen here (API.md, Partners).
 */
export class DealRegistrationApprovedV1 {
  @IsUUID()
  registrationId!: string;

  @IsUUID()
  partnerId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => RegisteredCustomerV1)
  customer!: RegisteredCustomerV1;

  @IsString()
  @IsNotEmpty()
  title!: string;

  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  expectedAmount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsISO8601({ strict: true })
  expectedCloseDate!: string;

  @IsInt()
  @Min(1)
  protectionDays!: number;

  @IsISO8601({ strict: true })
  protectedUntil!: string;

  /** The id the deals service gives the indirect deal it opens. */
  @IsUUID()
  dealId!: string;

  /** The partner's channel manager or the approving user; the deal's owner on the company's side. */
  @IsOptional()
  @IsUUID()
  ownerId!: string | null;

  @IsISO8601({ strict: true })
  approvedAt!: string;
}

export const DEAL_REGISTRATION_APPROVED_V1 = defineEvent('partners.deal-registration.approved', 1, DealRegistrationApprovedV1);

export const dealRegistrationApprovedV1Fixture: EventEnvelope<DealRegistrationApprovedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000000a1',
  type: DEAL_REGISTRATION_APPROVED_V1.type,
  version: DEAL_REGISTRATION_APPROVED_V1.version,
  occurredAt: '2026-03-06T15:30:00.000Z',
  producer: 'partners',
  aggregateId: '01936f12-0000-7000-8000-0000000a0001',
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000004',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000cc', role: 'channel_manager', partnerId: null },
  payload: {
    registrationId: '01936f12-0000-7000-8000-0000000a0001',
    partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01',
    customer: { name: 'Contoso Retail', taxId: '7812014560', email: 'it@contoso.example' },
    title: 'POS terminals for 40 stores',
    expectedAmount: 380000,
    currency: 'EUR',
    expectedCloseDate: '2026-06-30',
    protectionDays: 90,
    protectedUntil: '2026-06-04T15:30:00.000Z',
    dealId: '01936f11-0000-7000-8000-0000000d0002',
    ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000cc',
    approvedAt: '2026-03-06T15:30:00.000Z',
  },
};

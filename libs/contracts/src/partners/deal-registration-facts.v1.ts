import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
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
import { DEAL_REGISTRATION_STATUSES, RegisteredCustomerV1, type DealRegistrationStatus } from './deal-registration.values';

/**
 * What every deal-registration event carries (`deal-registration.approved.v1`, agreed first, keeps its own
 * shape): the registration as it now is, so that reporting and the partner's feed need no request. The
 * aggregate version is the envelope's.
 */
export class DealRegistrationFactsV1 {
  @IsUUID()
  registrationId!: string;

  @IsUUID()
  partnerId!: string;

  @IsIn(DEAL_REGISTRATION_STATUSES)
  status!: DealRegistrationStatus;

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

  @IsBoolean()
  conflict!: boolean;

  @IsOptional()
  @IsISO8601({ strict: true })
  protectedUntil!: string | null;

  @IsOptional()
  @IsUUID()
  dealId!: string | null;
}

/** Facts of the registration used by the fixtures of every registration event. */
export const DEAL_REGISTRATION_FACTS_FIXTURE: DealRegistrationFactsV1 = {
  registrationId: '01936f12-0000-7000-8000-0000000a0001',
  partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01',
  status: 'submitted',
  customer: { name: 'Contoso Retail', taxId: '7812014560', email: 'it@contoso.example', website: 'contoso.example' },
  title: 'POS terminals for 40 stores',
  expectedAmount: 380000,
  currency: 'EUR',
  expectedCloseDate: '2026-06-30',
  conflict: false,
  protectedUntil: null,
  dealId: null,
};

import { IsIn, IsISO4217CurrencyCode, IsNumber, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { COMMISSION_STATUSES, type CommissionStatus } from './commission.values';

/** What every commission event carries: the commission as it now is. The aggregate version is the envelope's. */
export class CommissionFactsV1 {
  @IsUUID()
  commissionId!: string;

  @IsUUID()
  partnerId!: string;

  @IsUUID()
  dealId!: string;

  @IsOptional()
  @IsUUID()
  registrationId!: string | null;

  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  baseAmount!: number;

  @IsNumber({ maxDecimalPlaces: 4 })
  @Min(0)
  @Max(1)
  rate!: number;

  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amount!: number;

  @IsISO4217CurrencyCode()
  currency!: string;

  @IsIn(COMMISSION_STATUSES)
  status!: CommissionStatus;
}

/** Facts of the commission used by the fixtures of every commission event. */
export const COMMISSION_FACTS_FIXTURE: CommissionFactsV1 = {
  commissionId: '01936f14-0000-7000-8000-0000000c0001',
  partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01',
  dealId: '01936f11-0000-7000-8000-0000000d0002',
  registrationId: '01936f12-0000-7000-8000-0000000a0001',
  baseAmount: 380000,
  rate: 0.1,
  amount: 38000,
  currency: 'EUR',
  status: 'accrued',
};

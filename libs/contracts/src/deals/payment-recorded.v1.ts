import { IsBoolean, IsISO4217CurrencyCode, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_FACTS_FIXTURE, DealFactsV1 } from './deal-facts.v1';

/**
 * Money for a deal arrived. The deal's facts are those after the payment;
 * `covered` says whether the payments now cover the deal's amount (the deal is then won).
 */
export class PaymentRecordedV1 extends DealFactsV1 {
  @IsUUID()
  paymentId!: string;

  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  paymentAmount!: number;

  @IsISO4217CurrencyCode()
  paymentCurrency!: string;

  @IsISO8601({ strict: true })
  paidAt!: string;

  @IsOptional()
  @IsString()
  reference!: string | null;

  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  paidAmount!: number;

  @IsBoolean()
  covered!: boolean;
}

/**
 * `evt.deals.deal.payment-recorded.v1`: the issue's `payment-recorded`, named by the subject convention
 * `evt.<context>.<aggregate>.<verb-past>`. The aggregate is the deal, so its version orders the payments.
 */
export const PAYMENT_RECORDED_V1 = defineEvent('deals.deal.payment-recorded', 1, PaymentRecordedV1);

export const paymentRecordedV1Fixture: EventEnvelope<PaymentRecordedV1> = {
  eventId: '01936f11-0000-7000-8000-0000000e0005',
  type: PAYMENT_RECORDED_V1.type,
  version: PAYMENT_RECORDED_V1.version,
  occurredAt: '2026-04-02T14:00:00.000Z',
  producer: 'deals',
  aggregateId: DEAL_FACTS_FIXTURE.dealId,
  aggregateVersion: 4,
  correlationId: 'c0ffee00-0000-4000-8000-000000000006',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    ...DEAL_FACTS_FIXTURE,
    stage: 'payment',
    paymentId: '01936f14-0000-7000-8000-0000000a0001',
    paymentAmount: 125000.5,
    paymentCurrency: 'EUR',
    paidAt: '2026-04-01T00:00:00.000Z',
    reference: 'INV-2026-0042',
    paidAmount: 125000.5,
    covered: true,
  },
};

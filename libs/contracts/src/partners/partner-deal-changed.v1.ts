import { IsIn, IsInt, IsISO4217CurrencyCode, IsISO8601, IsNumber, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_FACTS_FIXTURE } from '../deals/deal-facts.v1';

/** The deals events a partner hears of for its own deals, by the verb of their subject. */
export const PARTNER_DEAL_CHANGES = ['created', 'updated', 'stage-changed', 'payment-recorded', 'won', 'lost'] as const;
export type PartnerDealChange = (typeof PARTNER_DEAL_CHANGES)[number];

/**
 * `evt.partners.partner-deal.changed.v1`: an indirect deal of a partner changed (ADR 0023): the deal's facts as the
 * deals event gave them, what happened, and what only that event says. Published by the partners service for every
 * deals event naming a partner; never for a direct deal. The envelope's `aggregateId` and `aggregateVersion` are the
 * deal's; `sourceEventId` is the deals event it tells of. Of the deal's facts it carries what the partner's own
 * deal view shows (no owner or pipeline internals beyond their ids).
 */
export class PartnerDealChangedV1 {
  @IsUUID()
  partnerId!: string;

  @IsUUID()
  dealId!: string;

  @IsUUID()
  customerId!: string;

  @IsUUID()
  pipelineId!: string;

  /** The deal's stage after the change. */
  @IsString()
  stage!: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amount!: number | null;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency!: string | null;

  @IsIn(PARTNER_DEAL_CHANGES)
  change!: PartnerDealChange;

  /** What is paid so far, for `payment-recorded` and `won`; null otherwise. */
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  paidAmount!: number | null;

  /** The stage left, for `stage-changed` and `lost`; null otherwise. */
  @IsOptional()
  @IsString()
  fromStage!: string | null;

  /** The reason given, for `stage-changed` and `lost`; null otherwise. */
  @IsOptional()
  @IsString()
  reason!: string | null;

  @IsInt()
  @Min(1)
  dealVersion!: number;

  @IsUUID()
  sourceEventId!: string;

  @IsISO8601({ strict: true })
  changedAt!: string;
}

export const PARTNER_DEAL_CHANGED_V1 = defineEvent('partners.partner-deal.changed', 1, PartnerDealChangedV1);

export const partnerDealChangedV1Fixture: EventEnvelope<PartnerDealChangedV1> = {
  eventId: '01936f12-0000-7000-8000-0000000e0d01',
  type: PARTNER_DEAL_CHANGED_V1.type,
  version: PARTNER_DEAL_CHANGED_V1.version,
  occurredAt: '2026-04-02T14:00:01.000Z',
  producer: 'partners',
  aggregateId: DEAL_FACTS_FIXTURE.dealId,
  aggregateVersion: 5,
  correlationId: 'c0ffee00-0000-4000-8000-000000000d01',
  causationId: '01936f11-0000-7000-8000-0000000e0003',
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    partnerId: '01936f0e-8a4b-7c3d-9e2f-00000000bb01',
    dealId: DEAL_FACTS_FIXTURE.dealId,
    customerId: DEAL_FACTS_FIXTURE.customerId,
    pipelineId: DEAL_FACTS_FIXTURE.pipelineId,
    stage: 'won',
    amount: DEAL_FACTS_FIXTURE.amount,
    currency: DEAL_FACTS_FIXTURE.currency,
    change: 'won',
    paidAmount: 125000.5,
    fromStage: null,
    reason: null,
    dealVersion: 5,
    sourceEventId: '01936f11-0000-7000-8000-0000000e0003',
    changedAt: '2026-04-01T00:00:00.000Z',
  },
};

import {
  IsIn,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Min,
} from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { DEAL_TYPES, type DealType } from '../deals/deal.values';
import { DIRECTIONS, LEAD_SOURCES, type Direction, type LeadSource } from './lead.values';

/**
 * `evt.leads.lead.converted.v1`: a lead became a deal. Everything the deals service needs to open the deal:
 * the customer was resolved by `rpc.deals.resolve-customer.v1` before the conversion committed, and the deal's
 * id is chosen here, so that the conversion's answer can name both (docs/adr/0004-lead-conversion-ids.md).
 */
export class LeadConvertedV1 {
  @IsUUID()
  leadId!: string;

  @IsUUID()
  customerId!: string;

  /** The id the deals service gives the deal it opens. */
  @IsUUID()
  dealId!: string;

  @IsString()
  @IsNotEmpty()
  title!: string;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0)
  amount!: number | null;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency!: string | null;

  /** Absent: the default pipeline (or the repeat pipeline for a returning customer). */
  @IsOptional()
  @IsUUID()
  pipelineId!: string | null;

  @IsIn(DEAL_TYPES)
  type!: DealType;

  /** The lead's assignee, who owns the deal. */
  @IsOptional()
  @IsUUID()
  ownerId!: string | null;

  @IsIn(DIRECTIONS)
  direction!: Direction;

  @IsIn(LEAD_SOURCES)
  source!: LeadSource;

  @IsOptional()
  @IsUUID()
  marketingEventId!: string | null;

  /** Set when the lead came through a partner: the deal is then indirect. */
  @IsOptional()
  @IsUUID()
  partnerId!: string | null;

  @IsISO8601({ strict: true })
  convertedAt!: string;
}

export const LEAD_CONVERTED_V1 = defineEvent('leads.lead.converted', 1, LeadConvertedV1);

export const leadConvertedV1Fixture: EventEnvelope<LeadConvertedV1> = {
  eventId: '01936f0f-0000-7000-8000-0000000000c1',
  type: LEAD_CONVERTED_V1.type,
  version: LEAD_CONVERTED_V1.version,
  occurredAt: '2026-03-04T12:00:00.000Z',
  producer: 'leads',
  aggregateId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
  aggregateVersion: 3,
  correlationId: 'c0ffee00-0000-4000-8000-000000000003',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
    customerId: '01936f10-0000-7000-8000-0000000c0001',
    dealId: '01936f11-0000-7000-8000-0000000d0001',
    title: 'Warehouse scanners for 3 sites',
    amount: 125000.5,
    currency: 'EUR',
    pipelineId: null,
    type: 'consultative',
    ownerId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
    direction: 'inbound',
    source: 'exhibition',
    marketingEventId: '01936f0e-8a4b-7c3d-9e2f-0000000000e1',
    partnerId: null,
    convertedAt: '2026-03-04T12:00:00.000Z',
  },
};

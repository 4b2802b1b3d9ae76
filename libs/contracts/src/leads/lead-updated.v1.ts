import { IsRegionCode } from '../common/regions';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsIn,
  IsISO4217CurrencyCode,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  ValidateNested,
} from 'class-validator';
import type { EventEnvelope } from '../common/envelope';
import { defineEvent } from '../common/event-contract';
import { LeadCompanyV1, LeadContactV1, SEGMENTS, type Segment } from './lead.values';

/** `evt.leads.lead.updated.v1`: a lead's editable fields changed; carries them all as they now are. */
export class LeadUpdatedV1 {
  @IsUUID()
  leadId!: string;

  /** The names of the fields this change touched. */
  @IsArray()
  @IsString({ each: true })
  changed!: string[];

  @IsObject()
  @ValidateNested()
  @Type(() => LeadContactV1)
  contact!: LeadContactV1;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadCompanyV1)
  company!: LeadCompanyV1 | null;

  @IsIn(SEGMENTS)
  segment!: Segment;

  @IsOptional()
  @IsUUID()
  marketingEventId!: string | null;

  @IsOptional()
  @IsString()
  title!: string | null;

  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  expectedAmount!: number | null;

  @IsOptional()
  @IsISO4217CurrencyCode()
  currency!: string | null;

  @IsOptional()
  @IsUUID()
  assigneeId!: string | null;

  /** The partner the lead belongs to (set when a partner accepts its offer); absent in older events. */
  @IsOptional()
  @IsUUID()
  partnerId?: string | null;

  /** Absent in events published before leads had a region. */
  @IsOptional()
  @IsRegionCode()
  region?: string | null;

  @IsISO8601({ strict: true })
  updatedAt!: string;
}

export const LEAD_UPDATED_V1 = defineEvent('leads.lead.updated', 1, LeadUpdatedV1);

export const leadUpdatedV1Fixture: EventEnvelope<LeadUpdatedV1> = {
  eventId: '01936f0f-0000-7000-8000-0000000000b1',
  type: LEAD_UPDATED_V1.type,
  version: LEAD_UPDATED_V1.version,
  occurredAt: '2026-03-02T11:00:00.000Z',
  producer: 'leads',
  aggregateId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
  aggregateVersion: 2,
  correlationId: 'c0ffee00-0000-4000-8000-000000000012',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
    changed: ['expectedAmount', 'currency'],
    contact: { name: 'Irina Volkova', email: 'irina@northwind.example' },
    company: { name: 'Northwind LLC', taxId: '7707083893' },
    segment: 'b2b',
    marketingEventId: null,
    title: 'Warehouse scanners for 3 sites',
    expectedAmount: 140000,
    currency: 'EUR',
    assigneeId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
    partnerId: null,
    region: 'DE-BY',
    updatedAt: '2026-03-02T11:00:00.000Z',
  },
};

import { IsRegionCode } from '../common/regions';
import { Type } from 'class-transformer';
import {
  IsBoolean,
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
import { DIRECTIONS, LEAD_SOURCES, LeadCompanyV1, LeadContactV1, SEGMENTS, type Direction, type LeadSource, type Segment } from './lead.values';

/** `evt.leads.lead.created.v1`: a lead was captured, from any channel. */
export class LeadCreatedV1 {
  @IsUUID()
  leadId!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => LeadContactV1)
  contact!: LeadContactV1;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => LeadCompanyV1)
  company!: LeadCompanyV1 | null;

  @IsIn(LEAD_SOURCES)
  source!: LeadSource;

  @IsIn(DIRECTIONS)
  direction!: Direction;

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

  /** True when the creator named the assignee, false when the assignment rule chose; absent in older events. */
  @IsOptional()
  @IsBoolean()
  assigneeExplicit?: boolean;

  @IsOptional()
  @IsUUID()
  partnerId!: string | null;

  @IsBoolean()
  isRepeat!: boolean;

  @IsOptional()
  @IsUUID()
  customerId!: string | null;

  @IsOptional()
  @IsUUID()
  duplicateOfId!: string | null;

  /** Absent in events published before leads had a region. */
  @IsOptional()
  @IsRegionCode()
  region?: string | null;

  @IsISO8601({ strict: true })
  createdAt!: string;
}

export const LEAD_CREATED_V1 = defineEvent('leads.lead.created', 1, LeadCreatedV1);

export const leadCreatedV1Fixture: EventEnvelope<LeadCreatedV1> = {
  eventId: '01936f0e-8a4b-7c3d-9e2f-1a2b3c4d5e6f',
  type: LEAD_CREATED_V1.type,
  version: LEAD_CREATED_V1.version,
  occurredAt: '2026-03-02T10:15:00.000Z',
  producer: 'leads',
  aggregateId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
  aggregateVersion: 1,
  correlationId: 'c0ffee00-0000-4000-8000-000000000001',
  causationId: null,
  actor: { id: '01936f0e-8a4b-7c3d-9e2f-0000000000aa', role: 'manager', partnerId: null },
  payload: {
    leadId: '01936f0e-8a4b-7c3d-9e2f-000000000001',
    contact: { name: 'Irina Volkova', email: 'irina@northwind.example', phone: '+7 495 123-45-67' },
    company: { name: 'Northwind LLC', taxId: '7707083893' },
    source: 'exhibition',
    direction: 'inbound',
    segment: 'b2b',
    marketingEventId: '01936f0e-8a4b-7c3d-9e2f-0000000000e1',
    title: 'Warehouse scanners for 3 sites',
    expectedAmount: 125000.5,
    currency: 'EUR',
    assigneeId: '01936f0e-8a4b-7c3d-9e2f-0000000000aa',
    assigneeExplicit: true,
    partnerId: null,
    region: 'DE-BY',
    isRepeat: false,
    customerId: null,
    duplicateOfId: null,
    createdAt: '2026-03-02T10:15:00.000Z',
  },
};

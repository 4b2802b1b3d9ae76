import { Type } from 'class-transformer';
import {
  IsObject,
  IsOptional,
  ValidateNested,
} from 'class-validator';
import { IsIsoDateTime } from '../common/dates';
import { ActorV1 } from '../common/envelope';
import { defineRpc } from '../common/event-contract';
import type { LeadSource } from '../leads/lead.values';
import type { MoneyV1, ReportFreshnessV1 } from './report-filter.v1';

/** Query of `GET /api/v1/reports/lead-sources`. */
export class LeadSourcesQueryV1 {
  @IsOptional()
  @IsIsoDateTime()
  from?: string;

  @IsOptional()
  @IsIsoDateTime()
  to?: string;

  /** Answer as the data stood at this moment. */
  @IsOptional()
  @IsIsoDateTime()
  asOf?: string;
}

export class GetLeadSourcesRequestV1 {
  @IsObject()
  @ValidateNested()
  @Type(() => ActorV1)
  actor!: ActorV1;

  @IsObject()
  @ValidateNested()
  @Type(() => LeadSourcesQueryV1)
  query!: LeadSourcesQueryV1;
}

export interface LeadSourceRowV1 {
  source: LeadSource;
  marketingEventId: string | null;
  /** Leads created in the period. */
  leads: number;
  /** Of them, converted into a deal. */
  converted: number;
  /** Deals opened from them and won. */
  won: number;
  /** The amounts of those deals, per currency. */
  revenue: MoneyV1[];
  /** The marketing event's cost (null without an event or a cost). */
  cost: MoneyV1 | null;
  /** (revenue in the cost's currency − cost) / cost; null without a cost above zero. */
  roi: number | null;
}

export interface LeadSourcesReportV1 extends ReportFreshnessV1 {
  items: LeadSourceRowV1[];
}

export const GET_LEAD_SOURCES_V1 = defineRpc('reporting', 'get-lead-sources', 1, GetLeadSourcesRequestV1).replies<LeadSourcesReportV1>();

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

/** Query of `GET /api/v1/reports/lead-sources`. */
export class LeadSourcesQueryV1 {
  @IsOptional()
  @IsIsoDateTime()
  from?: string;

  @IsOptional()
  @IsIsoDateTime()
  to?: string;
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
  leads: number;
}

export interface LeadSourcesReportV1 {
  items: LeadSourceRowV1[];
}

export const GET_LEAD_SOURCES_V1 = defineRpc('reporting', 'get-lead-sources', 1, GetLeadSourcesRequestV1).replies<LeadSourcesReportV1>();
